import type { DeployContext } from '../context';
import type { RunnableStatement } from '../run/statement-runner';
import { withSecrets } from '../secrets/fill-secrets';
import { maskResolvedSecrets } from '../config/secrets';
import { planJob } from './plan-job';
import { compareJobPlans, type StateCompatibility } from './state-compatibility';
import { functionJarChanges, type FunctionJars } from './function-jars';

/** What the state store knows of the running job beyond its statements. */
export interface RunningJobRecord {
  /** Its version (named in the reasons). */
  readonly version: string;
  /** The jars its functions ran with (the deployment record's `functionJars`); undefined for a record of an older Sluice. */
  readonly functionJars?: FunctionJars;
}

/**
 * The state-compatibility verdict of an upgrade, before anything is stopped: the statements the
 * running job was deployed with (from the state store) and the new ones are planned by Flink through
 * the SQL Gateway and compared ({@link compareJobPlans}). `unknown` when the running job's statements
 * are not known, or the planner cannot answer (the reason says which); never throws.
 *
 * The planner plans both with today's jars, so it cannot see a function whose jar changed under the
 * running job's state: with `record`, an operator that keeps accumulators of a function (a Sluice UDAF,
 * a user aggregate function) whose jar differs from the recorded one is `incompatible`, and `unknown`
 * when that jar was not recorded (always `unknown` for such operators when `record` is not given).
 *
 * @example
 * ```ts
 * const v = await checkUpgrade(ctx, ctx.store.statementsOf(current), compiled.script.statements, ctx.store.deployment(env, signal))
 * if (v.verdict === 'incompatible') console.log(`${v.operator}: ${v.reason}`)
 * ```
 */
export async function checkUpgrade(
  ctx: Pick<DeployContext, 'gateway' | 'project'>,
  running: readonly RunnableStatement[] | undefined,
  next: readonly RunnableStatement[],
  record?: RunningJobRecord,
): Promise<StateCompatibility> {
  if (running === undefined || running.length === 0) return { verdict: 'unknown', reason: 'the running job was not deployed from this project state: its statements are unknown', operators: [] };
  const { config } = ctx.project;
  const mask = (text: string): string => maskResolvedSecrets(config.secrets.mask(text));
  try {
    const before = await planJob(ctx.gateway, withSecrets(config, running));
    const after = await planJob(ctx.gateway, withSecrets(config, next));
    if (before.compiledPlan === undefined) return { verdict: 'unknown', reason: 'missing' in before ? before.missing : 'no compiled plan', operators: [] };
    if (after.compiledPlan === undefined) return { verdict: 'unknown', reason: 'missing' in after ? after.missing : 'no compiled plan', operators: [] };
    return compareJobPlans(before, after, functionJarChanges(running, record?.functionJars, next, record?.version ?? 'the running version'));
  } catch (error) {
    return { verdict: 'unknown', reason: `Flink's planner did not answer: ${mask(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? ''}`, operators: [] };
  }
}
