import type { BigintType, DoubleType, Fields } from '../types/data-type';
import { count, firstValue, lastValue, max, min, sum } from '../expr/aggregates';
import type { Columns } from '../expr/row-proxy';
import type { Query, Simplify, WindowFields } from '../relational/query';
import { tumble } from '../relational/window';
import type { WindowSpec } from '../relational/window';
import type { IndicatorInput } from './series-input';
import { asDouble, numericColumn, resolveSeries } from './series-input';
import { nullDouble } from './double-literal';

/** Options of {@link ohlc}. */
export interface OhlcOptions<F extends Fields, K extends keyof F & string> {
  /** Price column (numeric). */
  readonly price: keyof F & string;
  /** Quantity column: adds `volume` and `vwap` when given. */
  readonly qty?: keyof F & string;
  /** Window: a tumbling size such as `'1 min'`, or a window spec. */
  readonly window: string | WindowSpec<keyof F & string>;
  readonly by?: K | readonly K[];
  readonly time?: keyof F & string;
}

/** Columns of {@link ohlc}. `volume` and `vwap` are NULL (`CAST(NULL AS DOUBLE)`) when no qty column was given. */
export type OhlcFields = {
  readonly open: DoubleType<true>;
  readonly high: DoubleType<true>;
  readonly low: DoubleType<true>;
  readonly close: DoubleType<true>;
  readonly volume: DoubleType<true>;
  readonly vwap: DoubleType<true>;
  readonly trades: BigintType<false>;
};

/**
 * OHLC bars per key and window: open (first by arrival), high, low, close (last by arrival), trades, and
 * with `qty` the volume and VWAP (else NULL). Rows arrive in event-time order per partition when the producer
 * writes them in order (one partition per key); open/close follow arrival order.
 *
 * @throws SluiceError `DSL_UNKNOWN_COLUMN`, `DSL_TYPE_MISMATCH`, `DSL_WATERMARK_REQUIRED`, `DSL_INVALID_DURATION`
 * @example
 * ```ts
 * indicators.ohlc(trades, { price: 'price', qty: 'qty', window: '1 min', by: 'symbol' })
 * // SELECT `window_start`, `window_end`, `symbol`, FIRST_VALUE(`price`) AS `open`, MAX(`price`) AS `high`,
 * //   MIN(`price`) AS `low`, LAST_VALUE(`price`) AS `close`, SUM(...) AS `volume`, ... AS `vwap`, COUNT(*) AS `trades`
 * // FROM TABLE(TUMBLE(TABLE `trades`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE)) GROUP BY ...
 * ```
 */
export function ohlc<F extends Fields, const K extends keyof F & string>(input: IndicatorInput<F>, options: OhlcOptions<F, K>): Query<Simplify<WindowFields & Pick<F, K> & OhlcFields>> {
  const s = resolveSeries('ohlc', input, { value: options?.price, by: options?.by, time: options?.time });
  if (options.qty !== undefined) numericColumn('ohlc', s.query.fields, options.qty, s.ctx, 'qty');
  const spec = typeof options.window === 'string' ? tumble(s.time, options.window) : options.window;
  return s.query
    .window(spec as WindowSpec<keyof F & string>)
    .groupBy(...(s.keys as K[]))
    .select((r) => {
      const cols = r as unknown as Columns<Fields>;
      const p = asDouble(cols[s.valueName] as Columns<Fields>[string]);
      const q = options.qty === undefined ? undefined : asDouble(cols[options.qty] as Columns<Fields>[string]);
      return {
        open: firstValue(p),
        high: max(p),
        low: min(p),
        close: lastValue(p),
        volume: q === undefined ? nullDouble() : sum(q),
        vwap: q === undefined ? nullDouble() : sum(p.times(q)).div(sum(q)),
        trades: count(),
      };
    }) as unknown as Query<Simplify<WindowFields & Pick<F, K> & OhlcFields>>;
}
