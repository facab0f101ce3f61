import type { DeployContext } from '../context';
import { stopWithSavepoint, type DeployProgress } from '../apply/apply';
import { waitForRunning } from '../apply/wait-running';
import { compileProject } from '../project/compile-project';
import type { SavepointRecord } from '../state/state-store';
import { requireJob, statementRunner } from '../run/statement-runner';
import { requireLiveJob } from './find-job';
import { deployError } from '../error-codes';

/** What {@link rollback} did. */
export interface RollbackResult {
  readonly signal: string;
  /** The version that ran before the rollback, and the savepoint it was stopped with. */
  readonly from: { readonly version: string; readonly jobId: string; readonly savepoint: string };
  /** The version restored and the savepoint it started from. */
  readonly to: { readonly version: string; readonly jobId: string; readonly savepoint: string };
}

/** Options of {@link rollback}. */
export interface RollbackOptions {
  readonly onProgress?: (progress: DeployProgress) => void;
  readonly via?: 'gateway' | 'jar';
  readonly allowNonRestoredState?: boolean;
}

/**
 * Restores the previous version of a signal: stops the running job with a savepoint (recorded), then
 * starts the SQL of the version that ran before it from the savepoint that version was stopped with.
 * That savepoint was written by that very SQL, so its state is compatible by construction; its
 * source offsets make the job re-read what came after it, so the outputs are those the previous
 * version would have written.
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
  const stopped = await stopWithSavepoint(ctx, signal, job.jid, current, 'rollback', progress);
  const via = options.via ?? config.deploy.via;
  progress({ signal, phase: 'submit', message: `${signal}: restoring version ${previous.version} from ${previous.path}` });
  const jobId = requireJob(
    await statementRunner(ctx, via).run(
      statements,
      { savepointPath: previous.path, ...(options.allowNonRestoredState === true ? { allowNonRestoredState: true } : {}) },
    ),
  );
  await waitForRunning(ctx.flink, jobId, { timeoutMs: config.deploy.timeoutMs, signal });
  ctx.store.recordDeployment(config.environment, { signal, jobName: c.jobName, jobId, version: previous.version, via, deployedAt: new Date().toISOString(), restoredFrom: previous.path }, sql, statements);
  progress({ signal, phase: 'running', message: `${signal}: RUNNING version ${previous.version} (job ${jobId})` });
  return { signal, from: { version: current, jobId: job.jid, savepoint: stopped }, to: { version: previous.version, jobId, savepoint: previous.path } };
}

/** The newest catalog entry of the signal whose version differs from `current` and whose SQL is known. */
export function findPrevious(entries: readonly SavepointRecord[], project: string, environment: string, signal: string, current: string, known: (version: string) => boolean): SavepointRecord | undefined {
  return [...entries].reverse().find((e) => e.project === project && e.environment === environment && e.signal === signal && e.version !== current && e.version !== 'unknown' && e.reason !== 'manual' && known(e.version));
}
