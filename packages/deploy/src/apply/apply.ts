import type { TopicApplyResult } from '@sluice/kafka';
import { isSluiceError } from '@sluice/errors';
import type { DeployContext } from '../context';
import type { DeployPlan, JobAction, JobChange } from '../plan/plan';
import { applySchemas } from '../plan/schema-plan';
import type { CompiledSignal } from '../project/compile-project';
import { findLiveJob } from '../ops/find-job';
import { startJob } from './start-job';
import { deployError } from '../error-codes';

/** One step of a deploy, for progress output. */
export interface DeployProgress {
  readonly signal?: string;
  readonly phase: 'topics' | 'savepoint' | 'submit' | 'wait' | 'running' | 'unchanged' | 'removed';
  readonly message: string;
}

/** Options of {@link apply}. */
export interface ApplyOptions {
  readonly onProgress?: (progress: DeployProgress) => void;
  /** `gateway` (default: the config's `deploy.via`) or `jar` (sql-runner through /jars). */
  readonly via?: 'gateway' | 'jar';
  /** Start upgraded jobs even if some savepoint state belongs to no operator any more (drops that state). */
  readonly allowNonRestoredState?: boolean;
  /**
   * Upgrade even when the plan's state check says the running job's state does not restore into the
   * new version: the old job is stopped with a savepoint (kept in the catalog) and the new one starts
   * without state. Without it such a plan is refused before anything is touched.
   */
  readonly allowStateLoss?: boolean;
}

/** What happened to one job. */
export interface AppliedJob {
  readonly signal: string;
  readonly action: JobAction;
  readonly jobName: string;
  /** The job running now (absent after `remove`). */
  readonly jobId?: string;
  readonly previousJobId?: string;
  /** The savepoint taken from the previous job (upgrade, remove). */
  readonly savepoint?: string;
  readonly version?: string;
  /** The upgrade started without the old job's state (its state was incompatible and `allowStateLoss` was given). */
  readonly startedFresh?: boolean;
}

/** What {@link apply} did. */
export interface ApplyResult {
  readonly topics: TopicApplyResult;
  readonly jobs: readonly AppliedJob[];
}

/**
 * Makes the cluster match a plan: creates or alters topics, submits new jobs, upgrades changed ones
 * (stop-with-savepoint, then the new SQL from that savepoint) and stops removed ones with a
 * savepoint; waits until every job runs. Savepoints go to the project's savepoint catalog.
 * Idempotent: jobs are found by name, so applying a plan again changes nothing.
 *
 * An upgrade whose state check is `incompatible` is refused before anything changes (the old job keeps
 * running) unless `allowStateLoss`; then the new version starts without state, and says so.
 *
 * @throws SluiceError `DEPLOY_STATE_INCOMPATIBLE`, `DEPLOY_PLAN_STALE`, `DEPLOY_SUBMIT_FAILED`, `DEPLOY_JOB_FAILED`, `DEPLOY_TIMEOUT`, `DEPLOY_UPGRADE_FAILED`
 * @example
 * ```ts
 * const result = await apply(ctx, await plan(ctx), { onProgress: (p) => console.log(p.signal, p.message) })
 * ```
 */
export async function apply(ctx: DeployContext, deployPlan: DeployPlan, options: ApplyOptions = {}): Promise<ApplyResult> {
  const { config } = ctx.project;
  const progress = options.onProgress ?? (() => undefined);
  const lossy = deployPlan.jobs.filter((j) => losesState(j, options));
  const refused = lossy[0];
  if (refused !== undefined && options.allowStateLoss !== true) {
    const names = lossy.map((j) => `${j.signal} (${j.stateCheck?.operator ?? '?'})`).join(', ');
    throw deployError('DEPLOY_STATE_INCOMPATIBLE', `${refused.signal}: the state of operator ${refused.stateCheck?.operator ?? '?'} would not restore into the new version: ${refused.stateCheck?.reason ?? ''}. Nothing was changed; the running job keeps running`, {
      details: { signals: lossy.map((j) => ({ signal: j.signal, operator: j.stateCheck?.operator, reason: j.stateCheck?.reason })) },
      suggestion: `revert the change of ${names}, or deploy with --allow-state-loss to start the new version without state (the old job is stopped with a savepoint first)`,
    });
  }
  let topics: TopicApplyResult = { created: [], updated: [], unchanged: deployPlan.topics.changes.map((c) => c.topic) };
  if (!deployPlan.topics.empty) {
    progress({ phase: 'topics', message: `topics: ${deployPlan.topics.changes.filter((c) => c.action !== 'unchanged').map((c) => `${c.action} ${c.topic}`).join(', ')}` });
    topics = await ctx.kafka().topics.apply(deployPlan.topics);
  }
  const schemaChanges = deployPlan.schemas.filter((s) => s.action !== 'unchanged');
  if (schemaChanges.length > 0) {
    progress({ phase: 'topics', message: `schemas: ${schemaChanges.map((s) => `${s.action} ${s.subject}`).join(', ')}` });
    await applySchemas(ctx.project.config, schemaChanges);
  }
  const compiled = new Map(deployPlan.compiled.map((c) => [c.signal, c]));
  const jobs: AppliedJob[] = [];
  for (const change of deployPlan.jobs) {
    const c = compiled.get(change.signal);
    const live = await findLiveJob(ctx.flink, change.jobName);
    if ((live?.jid ?? undefined) !== change.jobId) {
      throw deployError('DEPLOY_PLAN_STALE', `${change.signal}: the cluster changed since the plan (job ${live?.jid ?? 'none'} instead of ${change.jobId ?? 'none'})`, { suggestion: 'run the command again: it plans anew' });
    }
    if (change.action === 'unchanged') {
      progress({ signal: change.signal, phase: 'unchanged', message: `${change.signal}: unchanged (job ${change.jobId ?? ''})` });
      jobs.push({ signal: change.signal, action: 'unchanged', jobName: change.jobName, ...(change.jobId === undefined ? {} : { jobId: change.jobId }), ...(change.desiredVersion === undefined ? {} : { version: change.desiredVersion }) });
      continue;
    }
    if (change.action === 'remove') {
      const savepoint = await stopWithSavepoint(ctx, change.signal, change.jobId ?? '', change.currentVersion ?? 'unknown', 'remove', progress);
      ctx.store.forgetDeployment(config.environment, change.signal);
      progress({ signal: change.signal, phase: 'removed', message: `${change.signal}: stopped (savepoint ${savepoint})` });
      jobs.push({ signal: change.signal, action: 'remove', jobName: change.jobName, ...(change.jobId === undefined ? {} : { previousJobId: change.jobId }), savepoint });
      continue;
    }
    if (c === undefined) throw deployError('DEPLOY_PLAN_STALE', `${change.signal}: the plan has no compiled SQL for it`, { suggestion: 'make the plan with plan(ctx) and apply it unchanged' });
    let savepoint: string | undefined = change.resumeFrom;
    if (change.action === 'upgrade') {
      savepoint = await stopWithSavepoint(ctx, change.signal, change.jobId ?? '', change.currentVersion ?? 'unknown', 'upgrade', progress);
    }
    const fresh = losesState(change, options);
    if (fresh) progress({ signal: change.signal, phase: 'submit', message: `${change.signal}: starting the new version WITHOUT state (--allow-state-loss): ${change.stateCheck?.reason ?? ''}; the old state stays in savepoint ${savepoint ?? '?'}` });
    const restoreFrom = fresh ? undefined : savepoint;
    const jobId = await startSignal(ctx, c, { ...options, ...(restoreFrom === undefined ? {} : { savepointPath: restoreFrom }) }, progress).catch((error: unknown) => {
      if (savepoint === undefined || fresh) throw error;
      throw deployError('DEPLOY_UPGRADE_FAILED', `${change.signal}: the new version did not start; the old job was stopped with savepoint ${savepoint}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
        details: { signal: change.signal, savepoint },
        suggestion: `fix or revert the signal and deploy again (it resumes from that savepoint), or deploy with --allow-non-restored-state to drop state no operator of the new version claims`,
      });
    });
    jobs.push({ signal: c.signal, action: change.action, jobName: c.jobName, jobId, version: c.version, ...(change.jobId === undefined ? {} : { previousJobId: change.jobId }), ...(savepoint === undefined ? {} : { savepoint }), ...(fresh ? { startedFresh: true } : {}) });
  }
  return { topics, jobs };
}

/**
 * An upgrade whose state would not restore. With `allowNonRestoredState` Flink drops state no operator
 * claims, so only state whose types change still stops the restore.
 */
function losesState(change: JobChange, options: ApplyOptions): boolean {
  const check = change.stateCheck;
  if (change.action !== 'upgrade' || check?.verdict !== 'incompatible') return false;
  return options.allowNonRestoredState !== true || check.operators.some((o) => o.outcome === 'changed');
}

/** Stops a job with a savepoint and records the savepoint in the catalog. */
export async function stopWithSavepoint(ctx: DeployContext, signal: string, jobId: string, version: string, reason: 'upgrade' | 'rollback' | 'remove', progress: (p: DeployProgress) => void): Promise<string> {
  const { config } = ctx.project;
  progress({ signal, phase: 'savepoint', message: `${signal}: stopping job ${jobId} with a savepoint` });
  const options = { timeoutMs: config.deploy.timeoutMs, ...(config.deploy.savepointDir === undefined ? {} : { targetDirectory: config.deploy.savepointDir }) };
  let location: string | undefined;
  for (let attempt = 1; location === undefined; attempt++) {
    try {
      location = (await ctx.flink.stopWithSavepoint(jobId, options)).location;
    } catch (error) {
      // A savepoint can be declined while tasks are still starting or a checkpoint is being
      // aborted; Flink then keeps the job running, so trying again is safe.
      const state = isSluiceError(error, 'FLINK_SAVEPOINT_FAILED') && attempt < 3 ? (await ctx.flink.getJobStatusInfo(jobId).catch(() => undefined))?.status : undefined;
      if (state !== 'RUNNING') throw error;
      progress({ signal, phase: 'savepoint', message: `${signal}: the savepoint was declined (${error instanceof Error ? error.message : String(error)}); trying again` });
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
  ctx.store.addSavepoint({ project: config.project, environment: config.environment, signal, version, jobId, path: location, time: new Date().toISOString(), reason });
  return location;
}

/** Submits a compiled signal (optionally from a savepoint), waits until it runs and records the deployment. */
export async function startSignal(ctx: DeployContext, c: CompiledSignal, options: ApplyOptions & { savepointPath?: string }, progress: (p: DeployProgress) => void): Promise<string> {
  const { config } = ctx.project;
  const via = options.via ?? config.deploy.via;
  const from = options.savepointPath === undefined ? '' : ` from ${options.savepointPath}`;
  progress({ signal: c.signal, phase: 'submit', message: `${c.signal}: submitting ${c.version} through the ${via === 'jar' ? 'sql-runner jar' : 'SQL Gateway'}${from}` });
  const { jobId, state } = await startJob(
    ctx,
    {
      signal: c.signal,
      statements: c.script.statements,
      via,
      run: {
        ...(options.savepointPath === undefined ? {} : { savepointPath: options.savepointPath }),
        ...(options.allowNonRestoredState === true ? { allowNonRestoredState: true } : {}),
      },
    },
    progress,
  );
  ctx.store.recordDeployment(config.environment, { signal: c.signal, jobName: c.jobName, jobId, version: c.version, via, deployedAt: new Date().toISOString(), ...(options.savepointPath === undefined ? {} : { restoredFrom: options.savepointPath }) }, c.sql, c.script.statements);
  progress({ signal: c.signal, phase: 'running', message: `${c.signal}: ${state} (job ${jobId})` });
  return jobId;
}
