import type * as Arrow from 'apache-arrow';

let loaded: typeof Arrow | undefined;

/**
 * @internal apache-arrow, loaded on first use: loading it takes about 100 ms, which every process that
 * imports @sluice/kafka (the `sluice` CLI among them) would pay without ever reading Arrow.
 */
export function arrowModule(): typeof Arrow {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('apache-arrow') as typeof Arrow);
}
