import type { HttpTransport } from '../transport/http-transport';
import { path, send } from './rest-base';
import type {
  AggregatedMetric,
  AggregatedMetricQuery,
  AsyncOperationResult,
  ConfigurationEntry,
  FailureOperation,
  JobDetailsInfo,
  JobExceptionsInfo,
  JobExecutionResultResponse,
  JobOverview,
  JobPlanInfo,
  JobResourceRequirements,
  JobStatus,
  JsonObject,
  MetricQuery,
  MetricValue,
  TriggerResponse,
} from './rest-types';

/**
 * Job-level endpoints (overview, details, cancel, config, exceptions, metrics, resources): `client.jobs`.
 *
 * @example
 * ```ts
 * const { state, vertices } = await flink.jobs.getJobDetails(jobId)
 * ```
 */
export class JobsApi {
  /** @param http the client's one transport, shared by every endpoint group */
  constructor(private readonly http: HttpTransport) {}

  /** `GET /jobs`: ids and statuses. */
  getJobIdsWithStatusesOverview(): Promise<{ jobs: Array<{ id: string; status: JobStatus }> }> {
    return send(this.http, 'GET', '/jobs');
  }

  /** `GET /jobs/overview`: one summary per job. */
  getJobsOverview(): Promise<{ jobs: JobOverview[] }> {
    return send(this.http, 'GET', '/jobs/overview');
  }

  /** `GET /jobs/metrics`: metrics aggregated over jobs (a bare array on the wire). */
  getAggregatedJobMetrics(query: AggregatedMetricQuery & { jobs?: readonly string[] } = {}): Promise<AggregatedMetric[]> {
    return send(this.http, 'GET', '/jobs/metrics', { query: { get: query.get, agg: query.agg, jobs: query.jobs } });
  }

  /** `GET /jobs/:jobid`. */
  getJobDetails(jobId: string): Promise<JobDetailsInfo> {
    return send(this.http, 'GET', path`/jobs/${jobId}`);
  }

  /**
   * `PATCH /jobs/:jobid?mode=cancel`: cancels the job (202, empty). 409 if already terminal. For a
   * graceful stop use {@link JobCheckpointsApi.triggerStopWithSavepoint}; `mode=stop` was removed.
   */
  async cancelJob(jobId: string, mode: 'cancel' = 'cancel'): Promise<void> {
    await send(this.http, 'PATCH', path`/jobs/${jobId}`, { query: { mode }, idempotent: true });
  }

  /** `GET /jobs/:jobid/accumulators`. */
  getJobAccumulators(jobId: string, query: { includeSerializedValue?: boolean } = {}): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/accumulators`, { query: { includeSerializedValue: query.includeSerializedValue } });
  }

  /** `PATCH /jobs/:jobid/clientHeartbeat`: attached-mode client heartbeat (rarely needed from REST). */
  async triggerHeartbeat(jobId: string, body: { expiredTimestamp: number }): Promise<void> {
    await send(this.http, 'PATCH', path`/jobs/${jobId}/clientHeartbeat`, { body, idempotent: true });
  }

  /** `GET /jobs/:jobid/config`: execution config (`execution-mode` is gone since 2.0). */
  getJobConfig(jobId: string): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/config`);
  }

  /** `GET /jobs/:jobid/exceptions`. `failureLabelFilter` entries are `key:value`. */
  getJobExceptions(jobId: string, query: { maxExceptions?: number; failureLabelFilter?: readonly string[] } = {}): Promise<JobExceptionsInfo> {
    return send(this.http, 'GET', path`/jobs/${jobId}/exceptions`, { query: { maxExceptions: query.maxExceptions, failureLabelFilter: query.failureLabelFilter } });
  }

  /** `GET /jobs/:jobid/execution-result` (kebab-case wire fields, not the spec's bean fields). */
  getJobExecutionResult(jobId: string): Promise<JobExecutionResultResponse> {
    return send(this.http, 'GET', path`/jobs/${jobId}/execution-result`);
  }

  /** `GET /jobs/:jobid/jobmanager/config`. */
  getJobManagerJobConfiguration(jobId: string): Promise<ConfigurationEntry[]> {
    return send(this.http, 'GET', path`/jobs/${jobId}/jobmanager/config`);
  }

  /** `GET /jobs/:jobid/jobmanager/environment`. */
  getJobManagerJobEnvironment(jobId: string): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/jobmanager/environment`);
  }

  /** `GET /jobs/:jobid/jobmanager/log-url`. */
  getJobManagerLogUrl(jobId: string): Promise<{ url: string }> {
    return send(this.http, 'GET', path`/jobs/${jobId}/jobmanager/log-url`);
  }

  /** `GET /jobs/:jobid/taskmanagers/:taskmanagerid/log-url`. */
  getTaskManagerLogUrl(jobId: string, taskManagerId: string): Promise<{ url: string }> {
    return send(this.http, 'GET', path`/jobs/${jobId}/taskmanagers/${taskManagerId}/log-url`);
  }

  /** `GET /jobs/:jobid/metrics` (a bare array on the wire). */
  getJobMetrics(jobId: string, query: MetricQuery = {}): Promise<MetricValue[]> {
    return send(this.http, 'GET', path`/jobs/${jobId}/metrics`, { query: { get: query.get } });
  }

  /** `GET /jobs/:jobid/plan`. */
  getJobPlan(jobId: string): Promise<JobPlanInfo> {
    return send(this.http, 'GET', path`/jobs/${jobId}/plan`);
  }

  /** `GET /jobs/:jobid/status`: the cheap status probe. */
  getJobStatusInfo(jobId: string): Promise<{ status: JobStatus }> {
    return send(this.http, 'GET', path`/jobs/${jobId}/status`);
  }

  /** `GET /jobs/:jobid/resource-requirements`. */
  getJobResourceRequirements(jobId: string): Promise<JobResourceRequirements> {
    return send(this.http, 'GET', path`/jobs/${jobId}/resource-requirements`);
  }

  /** `PUT /jobs/:jobid/resource-requirements`: rescale in place (Adaptive Scheduler only). */
  async updateJobResourceRequirements(jobId: string, body: JobResourceRequirements): Promise<void> {
    await send(this.http, 'PUT', path`/jobs/${jobId}/resource-requirements`, { body, idempotent: true });
  }

  /**
   * `PATCH /jobs/:jobid/rescaling`: in the spec, but every Flink since 1.9 answers 503 "Rescaling is
   * temporarily disabled" (FLINK-12312); use {@link JobsApi.updateJobResourceRequirements}.
   */
  rescaleJob(jobId: string, parallelism: number): Promise<TriggerResponse> {
    return send(this.http, 'PATCH', path`/jobs/${jobId}/rescaling`, { query: { parallelism }, idempotent: false });
  }

  /** `GET /jobs/:jobid/rescaling/:triggerid` (dead together with rescaleJob). */
  getRescalingStatus(jobId: string, triggerId: string): Promise<AsyncOperationResult<FailureOperation>> {
    return send(this.http, 'GET', path`/jobs/${jobId}/rescaling/${triggerId}`);
  }
}
