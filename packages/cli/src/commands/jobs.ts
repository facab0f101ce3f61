import { cancel, list, savepoint, signalSql, status, type SignalStatus } from '@sluice/deploy';
import type { CliIo, CommandResult, GlobalOptions } from '../io';
import { loadCliProject, withContext } from '../load';
import { duration, table } from '../format';

function percent(ratio: number | null): string {
  return ratio === null ? '-' : `${Math.round(ratio * 100)}%`;
}

function statusText(rows: readonly SignalStatus[]): string {
  // The column shows only when a signal has a dead-letter route.
  const dead = rows.some((s) => s.deadLetters.length > 0);
  return table(
    ['SIGNAL', 'STATE', 'UPTIME', 'RESTARTS', 'CHECKPOINT', 'WM LAG', 'BACKPRESSURE', 'BUSY', 'BEHIND', 'SOURCE LAG', ...(dead ? ['DEAD LETTERS'] : []), 'VERSION'],
    rows.map((s) => [
      s.signal,
      s.state,
      duration(s.uptimeMs),
      s.restarts === null ? '-' : String(s.restarts),
      s.lastCheckpoint === null ? '-' : `#${s.lastCheckpoint.id} ${duration(s.lastCheckpoint.ageMs)} ago${s.lastCheckpoint.durationMs === null ? '' : ` (${s.lastCheckpoint.durationMs} ms)`}`,
      duration(s.watermarkLagMs),
      s.load === null || s.load.backPressuredRatio === null ? (s.backpressure ?? '-') : `${s.backpressure ?? '-'} ${percent(s.load.backPressuredRatio)}`,
      percent(s.load?.busyRatio ?? null),
      s.recordsBehind === null ? '-' : String(s.recordsBehind),
      s.sourceLag.length === 0 ? '-' : s.sourceLag.map((l) => `${l.topic}=${l.lag ?? '?'}`).join(' '),
      ...(dead ? [s.deadLetters.length === 0 ? '-' : s.deadLetters.map((d) => `${d.topic}=${d.count ?? '?'}`).join(' ')] : []),
      s.version.running === null ? s.version.project : s.version.upToDate ? s.version.project : `${s.version.running} (project ${s.version.project})`,
    ]),
  );
}

/** Options of {@link statusCommand}. */
export interface StatusOptions extends GlobalOptions {
  readonly signals?: readonly string[];
  /** Print again every `intervalMs` until interrupted. */
  readonly watch?: boolean;
  readonly intervalMs?: number;
}

/**
 * `sluice status [--watch]`: per signal job state, uptime, restarts, last checkpoint (age, duration),
 * watermark lag, backpressure, busy ratio, records behind and source lag. Exit 1 when a signal is not running.
 *
 * @example
 * ```ts
 * const { json } = await statusCommand(io, { json: true })
 * ```
 */
export async function statusCommand(io: CliIo, options: StatusOptions): Promise<CommandResult> {
  return withContext(io, options, async (ctx) => {
    const once = (): Promise<SignalStatus[]> => status(ctx, options.signals);
    let rows = await once();
    if (options.watch === true) {
      let stop = false;
      void io.interrupted?.then(() => (stop = true));
      while (!stop) {
        io.out(options.json === true ? JSON.stringify(rows) : `${new Date().toISOString()}\n${statusText(rows)}\n`);
        await Promise.race([new Promise((r) => setTimeout(r, options.intervalMs ?? 2000)), io.interrupted ?? new Promise(() => undefined)]);
        if (!stop) rows = await once();
      }
    }
    const healthy = rows.every((s) => s.state === 'RUNNING');
    return { exitCode: healthy ? 0 : 1, json: rows, text: statusText(rows) };
  });
}

/**
 * `sluice list`: the project's signals, their jobs and versions.
 *
 * @example
 * ```ts
 * await listCommand(io, {})
 * ```
 */
export async function listCommand(io: CliIo, options: GlobalOptions): Promise<CommandResult> {
  return withContext(io, options, async (ctx) => {
    const rows = await list(ctx);
    return { exitCode: 0, json: rows, text: table(['SIGNAL', 'STATE', 'JOB', 'VERSION', 'RUNNING VERSION'], rows.map((r) => [r.signal, r.state, r.jobId ?? '-', r.version, r.runningVersion ?? '-'])) };
  });
}

/**
 * `sluice cancel <signal>`: cancel its job (no savepoint).
 *
 * @example
 * ```ts
 * await cancelCommand(io, 'clicks_per_user', {})
 * ```
 */
export async function cancelCommand(io: CliIo, signal: string, options: GlobalOptions): Promise<CommandResult> {
  return withContext(io, options, async (ctx) => {
    const r = await cancel(ctx, signal);
    return { exitCode: 0, json: r, text: `${signal}: job ${r.jobId} ${r.state}` };
  });
}

/**
 * `sluice savepoint <signal>`: take a savepoint (the job keeps running) and record it.
 *
 * @example
 * ```ts
 * await savepointCommand(io, 'clicks_per_user', {})
 * ```
 */
export async function savepointCommand(io: CliIo, signal: string, options: GlobalOptions): Promise<CommandResult> {
  return withContext(io, options, async (ctx) => {
    const r = await savepoint(ctx, signal);
    return { exitCode: 0, json: r, text: `${signal}: savepoint ${r.path}` };
  });
}

/**
 * `sluice sql <signal>`: the compiled SQL its job runs (secrets masked).
 *
 * @example
 * ```ts
 * (await sqlCommand(io, 'clicks_per_user', {})).text // "CREATE TABLE `clicks` ..."
 * ```
 */
export async function sqlCommand(io: CliIo, signal: string, options: GlobalOptions): Promise<CommandResult> {
  const project = await loadCliProject(io, options);
  const r = signalSql(project, signal);
  return { exitCode: 0, json: r, text: r.sql.trimEnd() };
}
