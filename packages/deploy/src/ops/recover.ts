import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobOverview } from '@sluice/flink-client';
import type { DeployContext } from '../context';
import type { DeployProgress } from '../apply/apply';
import { startJob } from '../apply/start-job';
import type { DeploymentRecord } from '../state/state-store';
import { isLive } from './find-job';

/** Why a signal that should run does not (`finished`: stopped, left alone). */
export type RecoverCause = 'missing' | 'failed' | 'canceled' | 'finished';

/** Where a recovered job started from. */
export interface RestorePoint {
  readonly kind: 'checkpoint' | 'savepoint';
  /** The path handed to Flink (`file:/…/chk-12` or a savepoint directory). */
  readonly path: string;
  /** The job that wrote it. */
  readonly jobId: string;
  /** When it was written (ISO time). */
  readonly time: string;
}

/** What {@link recoverSignals} did for one signal the state store says should run. */
export interface RecoveredSignal {
  readonly signal: string;
  readonly jobName: string;
  /** `running`: nothing to do; `recovered`: resubmitted; `skipped`: left alone (see `message`). */
  readonly action: 'running' | 'recovered' | 'skipped';
  readonly cause?: RecoverCause;
  /** The job the state store recorded last. */
  readonly previousJobId: string;
  /** The job running now (`running`, `recovered`). */
  readonly jobId?: string;
  /** Absent for `recovered`: it started from scratch (only with `fromScratch: true`). */
  readonly from?: RestorePoint;
  readonly version: string;
  /** Why a signal was `skipped`: nothing to restore from, an interrupted upgrade (deploy resumes it), a FINISHED job, or no stored statements. */
  readonly skipped?: 'no-restore-point' | 'interrupted-upgrade' | 'finished' | 'no-statements';
  /** One line saying what happened and why. */
  readonly message: string;
}

/** Options of {@link recoverSignals}. */
export interface RecoverOptions {
  /** Only these signals (default: every signal the state store records for the environment). */
  readonly signals?: readonly string[];
  /**
   * Where the cluster keeps checkpoints (`file:` URI or a path). Default: the cluster's
   * `execution.checkpointing.dir` (or `state.checkpoints.dir`) from `/jobmanager/config`.
   */
  readonly checkpointDir?: string;
  /** Start a signal with no checkpoint or savepoint from scratch (said in its message) instead of skipping it. */
  readonly fromScratch?: boolean;
  readonly via?: 'gateway' | 'jar';
  readonly onProgress?: (progress: DeployProgress) => void;
}

const CHECKPOINT_DIR_KEYS = ['execution.checkpointing.dir', 'state.checkpoints.dir'];

/** The cluster's checkpoint directory as a local path, when it is on a file system this process can read. */
async function clusterCheckpointDir(ctx: DeployContext, configured: string | undefined): Promise<string | undefined> {
  const uri = configured ?? (await ctx.flink.cluster.getClusterConfigurationInfo().then(
    (entries) => CHECKPOINT_DIR_KEYS.map((key) => entries.find((e) => e.key === key)?.value).find((v) => v !== undefined && v !== ''),
    () => undefined,
  ));
  if (uri === undefined) return undefined;
  if (uri.startsWith('file:')) return fileURLToPath(uri.startsWith('file://') ? uri : `file://${uri.slice('file:'.length)}`);
  return uri.includes('://') ? undefined : uri;
}

/**
 * The newest complete retained checkpoint of a job: `<dir>/<jobId>/chk-<n>/_metadata` with the highest n
 * (a checkpoint without `_metadata` was not completed).
 *
 * @example
 * ```ts
 * await latestRetainedCheckpoint('/state/flink/checkpoints', jobId) // { kind: 'checkpoint', path: 'file:/state/…/chk-7', … }
 * ```
 */
export async function latestRetainedCheckpoint(checkpointDir: string, jobId: string): Promise<RestorePoint | undefined> {
  const jobDir = join(checkpointDir, jobId);
  const names = await readdir(jobDir).catch(() => [] as string[]);
  const numbered = names.flatMap((name) => {
    const match = /^chk-(\d+)$/.exec(name);
    return match?.[1] === undefined ? [] : [{ name, n: Number(match[1]) }];
  });
  for (const { name } of numbered.sort((a, b) => b.n - a.n)) {
    const metadata = await stat(join(jobDir, name, '_metadata')).catch(() => undefined);
    if (metadata !== undefined) return { kind: 'checkpoint', path: `file:${join(jobDir, name)}`, jobId, time: metadata.mtime.toISOString() };
  }
  return undefined;
}

function causeOf(job: JobOverview | undefined): RecoverCause {
  if (job === undefined) return 'missing';
  return job.state === 'FAILED' ? 'failed' : job.state === 'CANCELED' ? 'canceled' : 'finished';
}

/** The newest of: the last job's retained checkpoints, its savepoints in the catalog, what it was started from. */
async function restorePointOf(ctx: DeployContext, record: DeploymentRecord, checkpointDir: string | undefined): Promise<RestorePoint | undefined> {
  const { project, environment } = ctx.project.config;
  const candidates: RestorePoint[] = [];
  if (checkpointDir !== undefined) {
    const checkpoint = await latestRetainedCheckpoint(checkpointDir, record.jobId);
    if (checkpoint !== undefined) candidates.push(checkpoint);
  }
  for (const s of ctx.store.savepoints()) {
    if (s.project === project && s.environment === environment && s.signal === record.signal && s.jobId === record.jobId && s.reason !== 'recover') {
      candidates.push({ kind: 'savepoint', path: s.path, jobId: s.jobId, time: s.time });
    }
  }
  // A job that died before its first checkpoint: its predecessor's state is still the newest there is.
  if (candidates.length === 0 && record.restoredFrom !== undefined) {
    const restored = ctx.store.savepoints().find((s) => s.path === record.restoredFrom);
    candidates.push({ kind: restored?.reason === 'recover' || /\/chk-\d+\/?$/.test(record.restoredFrom) ? 'checkpoint' : 'savepoint', path: record.restoredFrom, jobId: restored?.jobId ?? 'unknown', time: restored?.time ?? record.deployedAt });
  }
  return candidates.sort((a, b) => b.time.localeCompare(a.time))[0];
}

/**
 * Recovery Flink alone does not do: a session cluster without HA forgets its jobs when the JobManager
 * dies. For each signal the state store says should run (deployed from here, not cancelled or removed by
 * Sluice) whose job is missing, FAILED or CANCELED by someone else, it resubmits the statements of the
 * version that ran from the newest retained checkpoint or savepoint of that job, waits until it runs,
 * and records the restore (the savepoint catalog gets a `recover` entry naming the checkpoint). A signal
 * with nothing to restore is skipped and says so, unless `fromScratch` is set; a FINISHED job and an
 * interrupted upgrade (deploy resumes that) are left alone.
 *
 * @example
 * ```ts
 * for (const r of await recoverSignals(ctx)) console.log(r.message)
 * // vwap_1m: missing; recovered as job 3f2… from checkpoint file:/…/chk-12 (job 9a1…)
 * ```
 */
export async function recoverSignals(ctx: DeployContext, options: RecoverOptions = {}): Promise<RecoveredSignal[]> {
  const { config } = ctx.project;
  const progress = options.onProgress ?? (() => undefined);
  const records = Object.values(ctx.store.deployments(config.environment)).filter((r) => options.signals === undefined || options.signals.includes(r.signal));
  if (records.length === 0) return [];
  const { jobs } = await ctx.flink.getJobsOverview();
  const byId = new Map(jobs.map((j) => [j.jid, j]));
  const live = new Map(jobs.filter((j) => isLive(j.state)).map((j) => [j.name, j]));
  // Asked of the cluster only when a signal needs it.
  let checkpointDirOnce: Promise<string | undefined> | undefined;
  const checkpointDirOf = (): Promise<string | undefined> => (checkpointDirOnce ??= clusterCheckpointDir(ctx, options.checkpointDir));
  const results: RecoveredSignal[] = [];
  for (const record of records) {
    const base = { signal: record.signal, jobName: record.jobName, previousJobId: record.jobId, version: record.version };
    const running = live.get(record.jobName);
    if (running !== undefined) {
      results.push({ ...base, action: 'running', jobId: running.jid, message: `${record.signal}: ${running.state} (job ${running.jid})` });
      continue;
    }
    const cause = causeOf(byId.get(record.jobId));
    // An upgrade stopped the job with a savepoint and its new version did not start: deploy's plan resumes
    // the new version from that savepoint (resumeFrom); recover would bring back the old one.
    const upgrade = [...ctx.store.savepoints()].reverse().find((s) => s.project === config.project && s.environment === config.environment && s.signal === record.signal);
    if (upgrade !== undefined && upgrade.reason === 'upgrade' && upgrade.jobId === record.jobId) {
      results.push({ ...base, action: 'skipped', skipped: 'interrupted-upgrade', cause, message: `${record.signal}: its upgrade was interrupted after the savepoint ${upgrade.path}; sluice deploy resumes the new version from it` });
      continue;
    }
    // FINISHED is a stop (stop-with-savepoint, a bounded source), not a fault.
    if (cause === 'finished') {
      results.push({ ...base, action: 'skipped', skipped: 'finished', cause, message: `${record.signal}: job ${record.jobId} FINISHED (stopped, not failed); left alone` });
      continue;
    }
    const checkpointDir = await checkpointDirOf();
    const from = await restorePointOf(ctx, record, checkpointDir);
    const statements = ctx.store.statementsOf(record.version);
    if (statements === undefined) {
      results.push({ ...base, action: 'skipped', skipped: 'no-statements', cause, message: `${record.signal}: ${cause}; the statements of version ${record.version} are not in the state store; run sluice deploy` });
      continue;
    }
    if (from === undefined && options.fromScratch !== true) {
      results.push({
        ...base,
        action: 'skipped',
        skipped: 'no-restore-point',
        cause,
        message: `${record.signal}: ${cause}; no retained checkpoint of job ${record.jobId}${checkpointDir === undefined ? ' (the checkpoint directory is unknown or not local: pass --checkpoint-dir)' : ` in ${checkpointDir}`} and no savepoint; not started from scratch (use --from-scratch)`,
      });
      continue;
    }
    const via = options.via ?? record.via;
    const fromText = from === undefined ? 'from scratch (no checkpoint or savepoint)' : `from ${from.kind} ${from.path}`;
    progress({ signal: record.signal, phase: 'submit', message: `${record.signal}: ${cause}; resubmitting version ${record.version} ${fromText}` });
    const { jobId } = await startJob(ctx, { signal: record.signal, statements, via, ...(from === undefined ? {} : { run: { savepointPath: from.path } }) }, progress);
    const now = new Date().toISOString();
    if (from !== undefined) {
      ctx.store.addSavepoint({ project: config.project, environment: config.environment, signal: record.signal, version: record.version, jobId: from.jobId, path: from.path, time: now, reason: 'recover' });
    }
    ctx.store.recordDeployment(config.environment, { signal: record.signal, jobName: record.jobName, jobId, version: record.version, via, deployedAt: now, ...(from === undefined ? {} : { restoredFrom: from.path }) }, ctx.store.sqlOf(record.version) ?? '', statements);
    const message = `${record.signal}: ${cause}; recovered as job ${jobId} ${fromText}`;
    progress({ signal: record.signal, phase: 'running', message });
    results.push({ ...base, action: 'recovered', cause, jobId, ...(from === undefined ? {} : { from }), message });
  }
  return results;
}
