import type { FlinkRestClient, JobOverview } from '@sluice/flink-client';
import { deployError } from '../error-codes';

/**
 * Waits until a job is RUNNING with all its tasks running (or FINISHED, for bounded jobs). A job
 * that fails meanwhile gives DEPLOY_JOB_FAILED with the root cause of its exception.
 *
 * Polls `GET /jobs/overview`, not `GET /jobs/:id`: Flink answers the latter from a cache of the
 * execution graph that lives `web.refresh-interval` (3 s by default), so a job seen there while still
 * INITIALIZING looked so for 3 s more. The overview asks the dispatcher each time and carries the
 * task counts per state.
 *
 * @example
 * ```ts
 * await waitForRunning(flink, jobId, { timeoutMs: 120_000 })
 * ```
 */
export async function waitForRunning(flink: FlinkRestClient, jobId: string, options: { timeoutMs: number; signal?: string }): Promise<'RUNNING' | 'FINISHED'> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = 50;
  for (;;) {
    const job = (await flink.getJobsOverview()).jobs.find((j) => j.jid === jobId);
    const state = job?.state ?? 'INITIALIZING';
    if (state === 'FINISHED') return 'FINISHED';
    if (job !== undefined && state === 'RUNNING' && allTasksRunning(job)) return 'RUNNING';
    if (state === 'FAILED' || state === 'CANCELED' || state === 'FAILING' || state === 'RESTARTING') {
      const { cause, stacktrace } = await jobFailureCause(flink, jobId, state);
      throw deployError('DEPLOY_JOB_FAILED', `${options.signal ?? jobId}: job ${jobId} is ${state}: ${cause}`, { details: { jobId, state, stacktrace }, suggestion: 'see `sluice status` and the JobManager log; fix the signal and deploy again' });
    }
    if (Date.now() > deadline) {
      throw deployError('DEPLOY_TIMEOUT', `${options.signal ?? jobId}: job ${jobId} is still ${state} after ${Math.round(options.timeoutMs / 1000)} s`, { retriable: true, details: { jobId, state }, suggestion: 'the cluster may lack free task slots: check `sluice status` and the Flink UI' });
    }
    await new Promise((r) => setTimeout(r, delay));
    // Short, flat polling: a job usually runs within a second, and each poll is one cheap GET.
    delay = Math.min(delay + 50, 250);
  }
}

/**
 * Why a job failed: the deepest `Caused by:` of its first exception (else that exception's first line, else
 * `the job is <state>`), and the whole stack trace for details.
 *
 * @example
 * ```ts
 * const { cause } = await jobFailureCause(flink, jobId, 'FAILED') // 'java.lang.ArithmeticException: / by zero'
 * ```
 */
export async function jobFailureCause(flink: FlinkRestClient, jobId: string, state: string): Promise<{ cause: string; stacktrace: string }> {
  const exceptions = await flink.getJobExceptions(jobId, { maxExceptions: 1 }).catch(() => undefined);
  const stacktrace = exceptions?.exceptionHistory.entries[0]?.stacktrace ?? '';
  const first = stacktrace.split('\n')[0] || `the job is ${state}`;
  return { cause: [...stacktrace.matchAll(/^Caused by: (.*)$/gm)].pop()?.[1] ?? first, stacktrace };
}

/** Every task of the job runs (or, in a bounded job, has already finished). */
function allTasksRunning(job: JobOverview): boolean {
  const { total = 0, running = 0, finished = 0 } = job.tasks;
  return total > 0 && running + finished === total;
}
