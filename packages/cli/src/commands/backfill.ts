import { backfill, backfillThenLive, parseBackfillBound, type BackfillResult } from '@sluice/deploy';
import type { CliIo, CommandResult, GlobalOptions } from '../io';
import { withContext } from '../load';
import { table } from '../format';

/** Options of {@link backfillCommand}. */
export interface BackfillCommandOptions extends GlobalOptions {
  /** Where history starts: earliest, an ISO time with a zone, epoch ms, or offsets:0=42,1=17. */
  readonly from: string;
  /** Where it ends (exclusive), in the same forms; default latest (the end of each partition at start). */
  readonly to?: string;
  readonly into?: string;
  readonly id?: string;
  /** Seconds before the job is cancelled. */
  readonly timeout?: number;
  /** Start the live job where the backfill stopped (no --to, no --into). */
  readonly thenLive?: boolean;
}

/** The summary `sluice backfill` prints. */
export function backfillText(result: BackfillResult): string {
  return table(
    ['SIGNAL', 'JOB', 'TOPIC', 'RECORDS READ', 'ROWS WRITTEN', 'TIME'],
    [[result.signal, `${result.jobName} (${result.jobId})`, result.topic ?? '-', String(result.recordsRead), result.rowsWritten === null ? '?' : String(result.rowsWritten), `${(result.durationMs / 1000).toFixed(1)} s`]],
  );
}

/**
 * `sluice backfill <signal> --from <time|offsets> [--to <time|offsets>] [--into <topic>]`: the signal's
 * compiled query once over a bounded stretch of its Kafka sources, in Flink's batch runtime mode, as its
 * own job; progress (records read) on stderr, a summary at the end. Range errors are usage errors (exit
 * 2, by the entry point); a signal batch mode cannot run is `DSL_NOT_BACKFILLABLE`. With `thenLive` the
 * live job starts where the backfill stopped (`backfillThenLive`: at a window boundary for windowed signals).
 *
 * @example
 * ```ts
 * const { json } = await backfillCommand(io, 'vwap_1m', { from: '2026-12-01T00:00:00Z', to: '2026-12-02T00:00:00Z', into: 'signals.vwap_1m.history', json: true })
 * ```
 */
export async function backfillCommand(io: CliIo, signal: string, options: BackfillCommandOptions): Promise<CommandResult> {
  const range = { from: parseBackfillBound(options.from), to: parseBackfillBound(options.to ?? 'latest') };
  const onProgress = (p: { readonly message: string }): void => {
    if (options.json !== true) io.err(p.message);
  };
  if (options.thenLive === true) {
    return withContext(io, options, async (ctx) => {
      const result = await backfillThenLive(ctx, signal, {
        from: range.from,
        ...(options.id === undefined ? {} : { id: options.id }),
        ...(options.timeout === undefined ? {} : { timeoutMs: options.timeout * 1000 }),
        onProgress,
      });
      const at = result.handOver.offsets.map((o) => `${o.topic}/${o.partition}=${o.offset}`).join(',');
      const text = `${backfillText(result.backfill)}\nlive job ${result.liveJobId} started at offsets:${at}${result.handOver.windowStart === undefined ? '' : ` (first live window ${result.handOver.windowStart})`}`;
      return { exitCode: 0, json: result, text };
    });
  }
  return withContext(io, options, async (ctx) => {
    const result = await backfill(ctx, signal, {
      range,
      ...(options.into === undefined ? {} : { into: options.into }),
      ...(options.id === undefined ? {} : { id: options.id }),
      ...(options.timeout === undefined ? {} : { timeoutMs: options.timeout * 1000 }),
      onProgress,
    });
    return { exitCode: 0, json: result, text: backfillText(result) };
  });
}
