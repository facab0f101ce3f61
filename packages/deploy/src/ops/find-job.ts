import type { FlinkRestClient, JobOverview, JobStatus } from '@sluice/flink-client';
import { deployError } from '../error-codes';

const TERMINAL: readonly JobStatus[] = ['FAILED', 'CANCELED', 'FINISHED'];

/** True for a job that has not ended. */
export function isLive(state: JobStatus): boolean {
  return !TERMINAL.includes(state);
}

/**
 * The live job named `jobName` (most recent first if, against the rules, there are several).
 *
 * @example
 * ```ts
 * const job = await findLiveJob(flink, 'sluice.demo.clicks_per_user') // { jid, state: 'RUNNING', ... } | undefined
 * ```
 */
export async function findLiveJob(flink: FlinkRestClient, jobName: string): Promise<JobOverview | undefined> {
  return (await liveJobsByName(flink)).get(jobName);
}

/** Live jobs by name (the newest job wins when a name repeats). */
export async function liveJobsByName(flink: FlinkRestClient): Promise<Map<string, JobOverview>> {
  const { jobs } = await flink.getJobsOverview();
  const out = new Map<string, JobOverview>();
  for (const job of [...jobs].sort((a, b) => a['start-time'] - b['start-time'])) {
    if (isLive(job.state)) out.set(job.name, job);
  }
  return out;
}

/** The live job of a signal, or DEPLOY_JOB_NOT_RUNNING. */
export async function requireLiveJob(flink: FlinkRestClient, jobName: string, signal: string): Promise<JobOverview> {
  const job = await findLiveJob(flink, jobName);
  if (job === undefined) {
    throw deployError('DEPLOY_JOB_NOT_RUNNING', `signal '${signal}' has no running job (${jobName})`, { details: { signal, jobName }, suggestion: `deploy it first: sluice deploy ${signal}` });
  }
  return job;
}
