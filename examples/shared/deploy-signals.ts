import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apply, createContext, plan, resolveConfig } from '@sluice/deploy';
import type { ApplyResult, DeployContext, DeployProgress } from '@sluice/deploy';
import type { Signal } from '@sluice/dsl';
import type { StackEndpoints } from '@sluice/stack';

/** A deployed example: its deploy context (close it) and what apply did. */
export interface DeployedExample {
  readonly ctx: DeployContext;
  readonly result: ApplyResult;
  /** Ids of the jobs now running for the example's signals. */
  readonly jobIds: string[];
}

/**
 * Deploys an example's signals with @sluice/deploy (plan, then apply: topics, Sluice UDFs, jobs) to the
 * given stack. Jobs are named `sluice.<project>.<signal>`, so deploying again changes nothing.
 */
export async function deploySignals(project: string, signals: readonly Signal[], endpoints: StackEndpoints, onProgress?: (p: DeployProgress) => void): Promise<DeployedExample> {
  const config = resolveConfig(
    {
      project,
      signals: '.',
      flink: { restUrl: endpoints.flinkRestUrl, sqlGatewayUrl: endpoints.sqlGatewayUrl, version: '2.2' },
      kafka: { brokers: [...endpoints.kafkaBrokers] },
      stateDir: join(tmpdir(), 'sluice-examples', project),
    },
    { configFile: join(__dirname, 'sluice.config.ts') },
  );
  const ctx = createContext({ config, signals, modules: {} });
  let result: ApplyResult;
  try {
    result = await apply(ctx, await plan(ctx), onProgress === undefined ? {} : { onProgress });
  } catch (error) {
    await ctx.close();
    throw error;
  }
  const jobIds = result.jobs.map((j) => j.jobId).filter((id): id is string => id !== undefined);
  return { ctx, result, jobIds };
}

/** Cancels jobs (ignores ones already gone). */
export async function cancelJobs(ctx: DeployContext, jobIds: readonly string[]): Promise<void> {
  for (const id of jobIds) await ctx.flink.cancelJob(id).catch(() => undefined);
}
