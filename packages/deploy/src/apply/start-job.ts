import type { DeployContext } from '../context';
import { requireJob, statementRunner, type RunOptions, type RunnableStatement } from '../run/statement-runner';
import type { DeployProgress } from './apply';
import { waitForRunning } from './wait-running';

/**
 * Submits a signal's statements as one job and waits until it runs. A job that does not get there
 * (state that does not restore, a failing source) would keep restarting and hold a slot: it is
 * cancelled before the error is thrown. Used by deploy's start and by recover.
 *
 * @example
 * ```ts
 * const { jobId } = await startJob(ctx, { signal: 'vwap_1m', statements, via: 'gateway', run: { savepointPath } }, progress)
 * ```
 */
export async function startJob(
  ctx: DeployContext,
  job: { readonly signal: string; readonly statements: readonly RunnableStatement[]; readonly via: 'gateway' | 'jar'; readonly run?: RunOptions },
  progress: (p: DeployProgress) => void,
): Promise<{ jobId: string; state: 'RUNNING' | 'FINISHED' }> {
  const jobId = requireJob(await statementRunner(ctx, job.via).run(job.statements, job.run ?? {}));
  progress({ signal: job.signal, phase: 'wait', message: `${job.signal}: job ${jobId} submitted, waiting for RUNNING` });
  const state = await waitForRunning(ctx.flink, jobId, { timeoutMs: ctx.project.config.deploy.timeoutMs, signal: job.signal }).catch(async (error: unknown) => {
    await ctx.flink.cancelJob(jobId).catch(() => undefined);
    throw error;
  });
  return { jobId, state };
}
