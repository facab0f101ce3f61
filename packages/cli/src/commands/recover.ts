import { recoverSignals, type RecoveredSignal } from '@sluice/deploy';
import type { CliIo, CommandResult, GlobalOptions } from '../io';
import { withContext } from '../load';
import { table } from '../format';

/** Options of {@link recoverCommand}. */
export interface RecoverCommandOptions extends GlobalOptions {
  readonly signals?: readonly string[];
  readonly via?: 'gateway' | 'jar';
  readonly checkpointDir?: string;
  readonly fromScratch?: boolean;
}

/** The table `sluice recover` prints: one row per signal the state store says should run. */
export function recoverText(rows: readonly RecoveredSignal[]): string {
  if (rows.length === 0) return 'no signal deployed from this project state: nothing to recover';
  return table(
    ['SIGNAL', 'ACTION', 'CAUSE', 'JOB', 'FROM'],
    rows.map((r) => [r.signal, r.action, r.cause ?? '-', r.jobId ?? r.previousJobId, r.from === undefined ? (r.action === 'recovered' ? 'scratch' : '-') : `${r.from.kind} ${r.from.path}`]),
  );
}

/**
 * `sluice recover [signals...]`: resubmit the signals that should run but do not (job missing after a
 * JobManager loss, FAILED, or CANCELED by someone else) from their newest retained checkpoint or
 * savepoint. Exit 1 when a signal was skipped (nothing to restore from, unless `--from-scratch`).
 *
 * @example
 * ```ts
 * const { json } = await recoverCommand(io, { json: true }) // [{ signal, action: 'recovered', from: { kind: 'checkpoint', path } }]
 * ```
 */
export async function recoverCommand(io: CliIo, options: RecoverCommandOptions): Promise<CommandResult> {
  return withContext(io, options, async (ctx) => {
    const rows = await recoverSignals(ctx, {
      ...(options.signals === undefined ? {} : { signals: options.signals }),
      ...(options.via === undefined ? {} : { via: options.via }),
      ...(options.checkpointDir === undefined ? {} : { checkpointDir: options.checkpointDir }),
      ...(options.fromScratch === true ? { fromScratch: true } : {}),
      onProgress: (p) => {
        if (options.json !== true) io.err(p.message);
      },
    });
    const skipped = rows.filter((r) => r.action === 'skipped');
    const text = [recoverText(rows), ...skipped.map((r) => r.message)].join('\n');
    return { exitCode: skipped.length === 0 ? 0 : 1, json: rows, text };
  });
}
