import type { TopicPlan } from '@sluice/kafka';
import type { DeployContext } from '../context';
import { compileProject, desiredTopics, type CompiledSignal } from '../project/compile-project';
import { liveJobsByName } from '../ops/find-job';
import { sqlDiff } from './sql-diff';
import { checkParallelism, partitionsAfterApply } from './partition-check';
import { planSchemas, type SchemaChange } from './schema-plan';
import { checkUpgrade } from '../state-compat/check-upgrade';
import type { StateCompatibility } from '../state-compat/state-compatibility';

/** What deploy would do with one signal's job. */
export type JobAction = 'create' | 'unchanged' | 'upgrade' | 'remove';

/** One job in a {@link DeployPlan}. */
export interface JobChange {
  readonly action: JobAction;
  readonly signal: string;
  readonly jobName: string;
  /** The live job, when there is one. */
  readonly jobId?: string;
  readonly jobState?: string;
  /** The version running now (`unknown` when the job was not deployed from here). */
  readonly currentVersion?: string;
  /** The version deploy would run (absent for `remove`). */
  readonly desiredVersion?: string;
  /** For `create`: the savepoint the job starts from (its previous job was stopped for an upgrade that did not complete). */
  readonly resumeFrom?: string;
  /** Unified diff of the SQL (secrets masked), for `upgrade`. */
  readonly diff?: string;
  /**
   * For `upgrade`: whether the running job's state restores into the new version, checked with
   * Flink's planner before anything is stopped. `apply` refuses an `incompatible` upgrade unless
   * told `allowStateLoss`.
   */
  readonly stateCheck?: StateCompatibility;
  /** Why, in one line. */
  readonly reason: string;
}

/** What deploy would change: topics and jobs. */
export interface DeployPlan {
  readonly project: string;
  readonly environment: string;
  readonly topics: TopicPlan;
  /** Registry subjects of avro-confluent topics: new, evolved (compatible) or unchanged. */
  readonly schemas: readonly SchemaChange[];
  readonly jobs: readonly JobChange[];
  /** True when applying would change something. */
  readonly hasChanges: boolean;
  /** @internal The compiled signals the plan was made for (apply submits these). */
  readonly compiled: readonly CompiledSignal[];
}

/** Options of {@link plan}. */
export interface PlanOptions {
  /** Only these signals (default: all; `remove` is only planned when all are planned). */
  readonly signals?: readonly string[];
  /** Check the state compatibility of upgrades with Flink's planner (default true; false leaves `stateCheck` out). */
  readonly checkState?: boolean;
}

/**
 * Compares the project with the cluster: topics to create or alter (via `@sluice/kafka`) and jobs
 * that are new, unchanged, changed (upgrade through a savepoint) or no longer in the project
 * (remove). A signal whose parallelism is above a watermarked source's partitions is refused
 * (`DEPLOY_PARALLELISM_ABOVE_PARTITIONS`: its event time would never advance). A job is found by its stable name `sluice.<project>.<signal>`; its version is the hash
 * of the SQL Sluice deployed for it. For each upgrade, `stateCheck` says whether the running job's
 * state restores into the new version (Flink's planner compares both, nothing is stopped).
 *
 * @example
 * ```ts
 * const p = await plan(ctx)
 * for (const j of p.jobs) console.log(j.action, j.signal, j.stateCheck?.verdict ?? '', j.diff ?? '')
 * if (p.hasChanges) await apply(ctx, p, { onProgress: console.log })
 * ```
 */
export async function plan(ctx: DeployContext, options: PlanOptions = {}): Promise<DeployPlan> {
  const { config } = ctx.project;
  const compiled = compileProject(ctx.project, options.signals);
  const live = await liveJobsByName(ctx.flink);
  const desired = desiredTopics(ctx.project, compiled);
  const topics = await ctx.kafka().topics.plan(desired);
  // Refused before anything is created: a job that could never emit an event-time result.
  checkParallelism(compiled, ctx.project.signals, partitionsAfterApply(topics, new Map(desired.map((t) => [t.name, t.partitions ?? 1]))));
  // An incompatible schema change refuses the whole plan, naming the field that breaks it.
  const schemas = await planSchemas(config, compiled);
  const mask = (text: string): string => config.secrets.mask(text);
  const jobs: JobChange[] = [];
  for (const c of compiled) {
    jobs.push(await jobChange(c));
  }
  async function jobChange(c: CompiledSignal): Promise<JobChange> {
    const job = live.get(c.jobName);
    const record = ctx.store.deployment(config.environment, c.signal);
    if (job === undefined) {
      const resumeFrom = interruptedUpgrade(ctx, c.signal, record?.jobId);
      return resumeFrom === undefined
        ? { action: 'create', signal: c.signal, jobName: c.jobName, desiredVersion: c.version, reason: 'no running job with this name' }
        : { action: 'create', signal: c.signal, jobName: c.jobName, desiredVersion: c.version, resumeFrom, reason: 'its job was stopped for an upgrade that did not complete: it resumes from that savepoint' };
    }
    const current = record !== undefined && record.jobId === job.jid ? record.version : 'unknown';
    const base = { signal: c.signal, jobName: c.jobName, jobId: job.jid, jobState: job.state, currentVersion: current, desiredVersion: c.version };
    if (current === c.version) return { ...base, action: 'unchanged', reason: 'the running job runs this SQL' };
    const before = current === 'unknown' ? '' : (ctx.store.sqlOf(current) ?? '');
    // Asked before anything stops: the old statements and the new ones, planned by Flink side by side.
    const stateCheck = options.checkState === false ? undefined : await checkUpgrade(ctx, current === 'unknown' ? undefined : ctx.store.statementsOf(current), c.script.statements, record);
    return {
      ...base,
      action: 'upgrade',
      diff: sqlDiff(c.signal, mask(before), mask(c.sql), current, c.version),
      ...(stateCheck === undefined ? {} : { stateCheck }),
      reason: current === 'unknown' ? 'the running job was not deployed from this project state; its SQL is unknown' : 'the SQL changed',
    };
  }
  if (options.signals === undefined || options.signals.length === 0) {
    const prefix = `sluice.${config.project}.`;
    const wanted = new Set(compiled.map((c) => c.jobName));
    for (const [name, job] of live) {
      if (!name.startsWith(prefix) || wanted.has(name)) continue;
      const signal = name.slice(prefix.length);
      const record = ctx.store.deployment(config.environment, signal);
      jobs.push({ action: 'remove', signal, jobName: name, jobId: job.jid, jobState: job.state, currentVersion: record?.jobId === job.jid ? record.version : 'unknown', reason: 'the signal is no longer in the project' });
    }
  }
  return {
    project: config.project,
    environment: config.environment,
    topics,
    schemas,
    jobs,
    hasChanges: !topics.empty || schemas.some((s) => s.action !== 'unchanged') || jobs.some((j) => j.action !== 'unchanged'),
    compiled,
  };
}

/**
 * The savepoint of the last deployed job of a signal when Sluice stopped it for an upgrade and no
 * new job was recorded since (the new version failed to start). `cancel` and `remove` forget the
 * deployment, so a cancelled signal starts fresh.
 */
function interruptedUpgrade(ctx: DeployContext, signal: string, lastJobId: string | undefined): string | undefined {
  if (lastJobId === undefined) return undefined;
  const { project, environment } = ctx.project.config;
  const entry = [...ctx.store.savepoints()].reverse().find((e) => e.project === project && e.environment === environment && e.signal === signal);
  return entry !== undefined && entry.jobId === lastJobId && entry.reason === 'upgrade' ? entry.path : undefined;
}
