import type { FlinkRestClient } from '@sluice/flink-client';
import { SluiceError } from '@sluice/errors';

/**
 * Waits until a job is RUNNING with all its tasks running (or FINISHED, for bounded jobs). A job
 * that fails meanwhile gives DEPLOY_JOB_FAILED with the root cause of its exception.
 *
 * @example
 * ```ts
 * await waitForRunning(flink, jobId, { timeoutMs: 120_000 })
 * ```
 */
export async function waitForRunning(flink: FlinkRestClient, jobId: string, options: { timeoutMs: number; signal?: string }): Promise<'RUNNING' | 'FINISHED'> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = 100;
  for (;;) {
    const job = await flink.getJobDetails(jobId);
    if (job.state === 'FINISHED') return 'FINISHED';
    if (job.state === 'RUNNING' && job.vertices.every((v) => v.status === 'RUNNING' || v.status === 'FINISHED')) return 'RUNNING';
    if (job.state === 'FAILED' || job.state === 'CANCELED' || job.state === 'FAILING' || job.state === 'RESTARTING') {
      const exceptions = await flink.getJobExceptions(jobId, { maxExceptions: 1 }).catch(() => undefined);
      const stack = exceptions?.exceptionHistory.entries[0]?.stacktrace ?? '';
      const root = stack.split('\n')[0] || `the job is ${job.state}`;
      const deepest = [...stack.matchAll(/^Caused by: (.*)$/gm)].pop()?.[1] ?? root;
      throw new SluiceError('DEPLOY_JOB_FAILED', `${options.signal ?? jobId}: job ${jobId} is ${job.state}: ${deepest}`, { details: { jobId, state: job.state, stacktrace: stack }, suggestion: 'see `sluice status` and the JobManager log; fix the signal and deploy again' });
    }
    if (Date.now() > deadline) {
      throw new SluiceError('DEPLOY_TIMEOUT', `${options.signal ?? jobId}: job ${jobId} is still ${job.state} after ${Math.round(options.timeoutMs / 1000)} s`, { retriable: true, details: { jobId, state: job.state }, suggestion: 'the cluster may lack free task slots: check `sluice status` and the Flink UI' });
    }
    await new Promise((r) => setTimeout(r, delay));
    // Short, flat polling: a job usually runs within seconds, and each poll is one cheap GET.
    delay = Math.min(delay + 50, 250);
  }
}
