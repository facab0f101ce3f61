import { jobFailureCause } from '@sluice/deploy';
import type { FlinkRestClient } from '@sluice/flink-client';
import { testingError } from './error-codes';

/**
 * Waits until a bounded job is FINISHED. A job that fails, restarts or is cancelled meanwhile gives
 * `TEST_JOB_FAILED` with the deepest cause of its first exception (a restart would replay the input
 * and duplicate rows, so it is a failure here).
 *
 * @internal
 */
export async function waitForFinished(flink: FlinkRestClient, jobId: string, options: { readonly signal: string; readonly deadline: number }): Promise<void> {
  let delay = 50;
  for (;;) {
    // The overview asks the dispatcher each time (GET /jobs/:id answers from a 3 s cache).
    const state = (await flink.getJobsOverview()).jobs.find((j) => j.jid === jobId)?.state ?? 'INITIALIZING';
    if (state === 'FINISHED') return;
    if (state === 'FAILED' || state === 'FAILING' || state === 'CANCELED' || state === 'CANCELLING' || state === 'RESTARTING') {
      const { cause, stacktrace } = await jobFailureCause(flink, jobId, state);
      throw testingError('TEST_JOB_FAILED', `${options.signal}: test job ${jobId} is ${state}: ${cause}`, {
        details: { jobId, state, stacktrace },
        suggestion: 'the signal fails on these events: read the cause above (the full stack is in details)',
      });
    }
    if (Date.now() > options.deadline) {
      throw testingError('TEST_TIMEOUT', `${options.signal}: test job ${jobId} is still ${state} at the run's deadline`, {
        retriable: true,
        details: { jobId, state },
        suggestion: 'raise timeoutMs of runSignal; a job that stays CREATED lacks free task slots (see the Flink UI)',
      });
    }
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay + 50, 250);
  }
}
