import type { DeployContext } from '../context';
import { compileProject } from '../project/compile-project';
import type { SavepointRecord } from '../state/state-store';
import { liveJobsByName, requireLiveJob } from './find-job';
import { deployError } from '../error-codes';

/** A signal of the project and its job. */
export interface ListedSignal {
  readonly signal: string;
  readonly jobName: string;
  readonly jobId: string | null;
  readonly state: string;
  /** The version (SQL hash) in the project. */
  readonly version: string;
  /** The running version (`unknown` when not deployed from here), null when not running. */
  readonly runningVersion: string | null;
}

/**
 * The project's signals with their jobs.
 *
 * @example
 * ```ts
 * (await list(ctx)).map((s) => `${s.signal} ${s.state}`) // ['clicks_per_user RUNNING', ...]
 * ```
 */
export async function list(ctx: DeployContext): Promise<ListedSignal[]> {
  const live = await liveJobsByName(ctx.flink);
  return compileProject(ctx.project).map((c) => {
    const job = live.get(c.jobName);
    const record = ctx.store.deployment(ctx.project.config.environment, c.signal);
    return {
      signal: c.signal,
      jobName: c.jobName,
      jobId: job?.jid ?? null,
      state: job?.state ?? 'NOT_DEPLOYED',
      version: c.version,
      runningVersion: job === undefined ? null : record?.jobId === job.jid ? record.version : 'unknown',
    };
  });
}

/**
 * Cancels a signal's job (no savepoint; use {@link savepoint} first to keep its state).
 *
 * @example
 * ```ts
 * await cancel(ctx, 'clicks_per_user') // { jobId: '…', state: 'CANCELED' }
 * ```
 */
export async function cancel(ctx: DeployContext, signal: string): Promise<{ signal: string; jobId: string; state: string }> {
  const [c] = compileProject(ctx.project, [signal]);
  const jobName = c?.jobName ?? `sluice.${ctx.project.config.project}.${signal}`;
  const job = await requireLiveJob(ctx.flink, jobName, signal);
  await ctx.flink.cancelJob(job.jid);
  const state = await ctx.flink.waitForJobStatus(job.jid, ['CANCELED', 'FAILED', 'FINISHED'], { timeoutMs: ctx.project.config.deploy.timeoutMs });
  ctx.store.forgetDeployment(ctx.project.config.environment, signal);
  return { signal, jobId: job.jid, state };
}

/**
 * Takes a savepoint of a running signal (the job keeps running) and records it in the catalog.
 *
 * @example
 * ```ts
 * const record = await savepoint(ctx, 'clicks_per_user') // record.path: 'file:/…/savepoint-…'
 * ```
 */
export async function savepoint(ctx: DeployContext, signal: string): Promise<SavepointRecord> {
  const { config } = ctx.project;
  const [c] = compileProject(ctx.project, [signal]);
  if (c === undefined) throw deployError('DEPLOY_UNKNOWN_SIGNAL', `unknown signal '${signal}'`);
  const job = await requireLiveJob(ctx.flink, c.jobName, signal);
  const record = ctx.store.deployment(config.environment, signal);
  const { location } = await ctx.flink.savepoint(job.jid, { timeoutMs: config.deploy.timeoutMs, ...(config.deploy.savepointDir === undefined ? {} : { targetDirectory: config.deploy.savepointDir }) });
  const entry: SavepointRecord = { project: config.project, environment: config.environment, signal, version: record?.jobId === job.jid ? record.version : 'unknown', jobId: job.jid, path: location, time: new Date().toISOString(), reason: 'manual' };
  ctx.store.addSavepoint(entry);
  return entry;
}

/**
 * The compiled SQL of a signal, secrets masked (what `sluice sql` prints).
 *
 * @example
 * ```ts
 * signalSql(ctx.project, 'clicks_per_user') // "CREATE TABLE `clicks` (...)"
 * ```
 */
export function signalSql(project: DeployContext['project'], signal: string): { signal: string; version: string; sql: string } {
  const [c] = compileProject(project, [signal]);
  if (c === undefined) throw deployError('DEPLOY_UNKNOWN_SIGNAL', `unknown signal '${signal}'`);
  return { signal, version: c.version, sql: project.config.secrets.mask(c.sql) };
}
