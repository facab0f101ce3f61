import type { DeployContext } from '../context';
import { stopWithSavepoint, type DeployProgress } from '../apply/apply';
import { waitForRunning } from '../apply/wait-running';
import { compileProject } from '../project/compile-project';
import type { SavepointRecord } from '../state/state-store';
import { requireJob, statementRunner } from '../run/statement-runner';
import { requireLiveJob } from './find-job';
import { deployError } from '../error-codes';
import { checkUpgrade } from '../state-compat/check-upgrade';
import type { StateVerdict } from '../state-compat/state-compatibility';

/** What {@link rollback} did. */
export interface RollbackResult {
  readonly signal: string;
  /** The version that ran before the rollback, and the savepoint it was stopped with. */
  readonly from: { readonly version: string; readonly jobId: string; readonly savepoint: string };
  /** The version restored and the savepoint it started from. */
  readonly to: { readonly version: string; readonly jobId: string; readonly savepoint: string };
  /**
   * `savepoint-just-taken`: the previous version took over the running job's state and offsets, so every
   * result stays written once. `previous-version-savepoint`: it started from the savepoint it was stopped
   * with, and computes (and writes) again everything since that upgrade.
   */
  readonly restoredFrom: 'savepoint-just-taken' | 'previous-version-savepoint';
  /** The state check of the previous version against the running job's state, and why. */
  readonly stateCheck: { readonly verdict: StateVerdict; readonly reason: string };
}

/** Options of {@link rollback}. */
export interface RollbackOptions {
  readonly onProgress?: (progress: DeployProgress) => void;
  readonly via?: 'gateway' | 'jar';
  readonly allowNonRestoredState?: boolean;
  /**
   * Start the previous version from the savepoint it was stopped with even when it could take over the
   * running job's state: everything since the upgrade is computed again by the previous version and
   * written a second time (when the newer version wrote wrong results).
   */
  readonly replay?: boolean;
}

/**
 * Restores the previous version of a signal: stops the running job with a savepoint (recorded), then
 * starts the SQL of the version that ran before it. When Flink's planner says the previous version's
 * state is compatible with the running job's ({@link checkUpgrade}, before anything stops), it starts
 * from the savepoint just taken: it continues where the running job stopped and no result is written
 * twice (an exactly-once sink stays exactly once). Otherwise, or with `replay`, it starts from the
 * savepoint it was itself stopped with (compatible by construction): its source offsets make it re-read
 * what came after, so the results since the upgrade are computed and written again; the result says which.
 *
 * @throws SluiceError `DEPLOY_JOB_NOT_RUNNING`, `DEPLOY_NO_PREVIOUS_VERSION`
 * @example
 * ```ts
 * const r = await rollback(ctx, 'clicks_per_user')
 * r.to.version // the version before the last upgrade
 * ```
 */
export async function rollback(ctx: DeployContext, signal: string, options: RollbackOptions = {}): Promise<RollbackResult> {
  const { config } = ctx.project;
  const progress = options.onProgress ?? (() => undefined);
  const [c] = compileProject(ctx.project, [signal]);
  if (c === undefined) throw deployError('DEPLOY_UNKNOWN_SIGNAL', `unknown signal '${signal}'`);
  const job = await requireLiveJob(ctx.flink, c.jobName, signal);
  const record = ctx.store.deployment(config.environment, signal);
  const current = record?.jobId === job.jid ? record.version : 'unknown';
  const previous = findPrevious(ctx.store.savepoints(), config.project, config.environment, signal, current, (v) => ctx.store.sqlOf(v) !== undefined);
  if (previous === undefined) {
    throw deployError('DEPLOY_NO_PREVIOUS_VERSION', `signal '${signal}' has no earlier version with a savepoint in the catalog (${config.stateDir})`, {
      details: { signal, current },
      suggestion: 'rollback needs an upgrade made by `sluice deploy` from this project directory',
    });
  }
  const sql = ctx.store.sqlOf(previous.version) as string;
  const statements = ctx.store.statementsOf(previous.version) ?? [];
  // Before anything stops: can the previous version take over the running job's state?
  const check = options.replay === true ? { verdict: 'unknown' as const, reason: 'replay asked for' } : await checkUpgrade(ctx, ctx.store.statementsOf(current), statements, record);
  const takeOver = options.replay !== true && check.verdict === 'compatible';
  const stopped = await stopWithSavepoint(ctx, signal, job.jid, current, 'rollback', progress);
  const restorePath = takeOver ? stopped : previous.path;
  const via = options.via ?? config.deploy.via;
  progress({
    signal,
    phase: 'submit',
    message: takeOver
      ? `${signal}: restoring version ${previous.version} from the savepoint just taken (${stopped}): its state is compatible, no result is written twice`
      : `${signal}: restoring version ${previous.version} from its own savepoint ${previous.path}: results since then are computed and written again (${check.verdict === 'unknown' ? check.reason : `state ${check.verdict}: ${check.reason}`})`,
  });
  const jobId = requireJob(
    await statementRunner(ctx, via).run(
      statements,
      { savepointPath: restorePath, ...(options.allowNonRestoredState === true ? { allowNonRestoredState: true } : {}) },
    ),
  );
  await waitForRunning(ctx.flink, jobId, { timeoutMs: config.deploy.timeoutMs, signal });
  ctx.store.recordDeployment(config.environment, { signal, jobName: c.jobName, jobId, version: previous.version, via, deployedAt: new Date().toISOString(), restoredFrom: restorePath }, sql, statements);
  progress({ signal, phase: 'running', message: `${signal}: RUNNING version ${previous.version} (job ${jobId})` });
  return {
    signal,
    from: { version: current, jobId: job.jid, savepoint: stopped },
    to: { version: previous.version, jobId, savepoint: restorePath },
    restoredFrom: takeOver ? 'savepoint-just-taken' : 'previous-version-savepoint',
    stateCheck: { verdict: check.verdict, reason: check.reason },
  };
}

/** The newest catalog entry of the signal whose version differs from `current` and whose SQL is known. */
export function findPrevious(entries: readonly SavepointRecord[], project: string, environment: string, signal: string, current: string, known: (version: string) => boolean): SavepointRecord | undefined {
  return [...entries].reverse().find((e) => e.project === project && e.environment === environment && e.signal === signal && e.version !== current && e.version !== 'unknown' && e.reason !== 'manual' && known(e.version));
}
