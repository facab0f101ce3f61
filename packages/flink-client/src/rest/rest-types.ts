/** Any JSON object Flink returns that this client does not model field by field. */
export type JsonObject = { [key: string]: unknown };

/** `JobStatus`. Globally terminal: FAILED, CANCELED, FINISHED. */
export type JobStatus =
  | 'INITIALIZING' | 'CREATED' | 'RUNNING' | 'FAILING' | 'FAILED' | 'CANCELLING' | 'CANCELED'
  | 'FINISHED' | 'RESTARTING' | 'SUSPENDED' | 'RECONCILING';

/** `GET /config`. `flink-version` is the cheap version probe. */
export interface DashboardConfiguration {
  'refresh-interval': number;
  'timezone-name': string;
  'timezone-offset': number;
  'flink-version': string;
  'flink-revision': string;
  features: { 'web-submit': boolean; 'web-cancel': boolean; 'web-rescale'?: boolean; 'web-history': boolean };
}

/** `GET /overview`. The `*-blocked` fields are omitted by Flink when 0. */
export interface ClusterOverview {
  taskmanagers: number;
  'slots-total': number;
  'slots-available': number;
  'jobs-running': number;
  'jobs-finished': number;
  'jobs-cancelled': number;
  'jobs-failed': number;
  'flink-version': string;
  'flink-commit': string;
  'taskmanagers-blocked'?: number;
  'slots-free-and-blocked'?: number;
}

/** `[{key, value}]` of `/jobmanager/config` and friends; sensitive values arrive as `******`. */
export interface ConfigurationEntry {
  key: string;
  value: string;
}

/** One metric of `…/metrics`; `value` is a string and absent when only names were asked for. */
export interface MetricValue {
  id: string;
  value?: string;
}

/** One metric of the aggregated endpoints (`/jobs/metrics`, `/taskmanagers/metrics`, `…/subtasks/metrics`). */
export interface AggregatedMetric {
  id: string;
  min?: number;
  max?: number;
  avg?: number;
  sum?: number;
  skew?: number;
}

/** `agg` values of the aggregated metric endpoints. */
export type MetricAggregation = 'min' | 'max' | 'sum' | 'avg' | 'skew';

/** `{"request-id": "<32hex>"}` of every async trigger. */
export interface TriggerResponse {
  'request-id': string;
}

/** `SerializedThrowable` inside async operation results. */
export interface SerializedThrowable {
  class?: string;
  'stack-trace'?: string;
  'serialized-throwable'?: string;
}

/** Status of an async operation: IN_PROGRESS until done; a failure is COMPLETED with a failure cause. */
export interface AsyncOperationResult<O extends object> {
  status: { id: 'IN_PROGRESS' | 'COMPLETED' };
  operation?: O;
}

/** `operation` of savepoint / stop-with-savepoint status (kebab-case `failure-cause`). */
export interface SavepointOperation {
  location?: string;
  'failure-cause'?: SerializedThrowable;
}

/** `operation` of checkpoint status (camelCase `failureCause`, unlike savepoints). */
export interface CheckpointOperation {
  checkpointId?: number;
  failureCause?: SerializedThrowable;
}

/** `operation` of savepoint disposal and dataset deletion. */
export interface FailureOperation {
  'failure-cause'?: SerializedThrowable;
}

/** Task counts per state in job overviews. */
export type TaskCounts = Record<string, number>;

/** One entry of `GET /jobs/overview`. */
export interface JobOverview {
  jid: string;
  name: string;
  state: JobStatus;
  'start-time': number;
  'end-time': number;
  duration: number;
  'last-modification': number;
  tasks: TaskCounts;
  'pending-operators'?: number;
}

/** One vertex of `GET /jobs/:jobid`. */
export interface JobVertexSummary {
  id: string;
  name: string;
  parallelism: number;
  maxParallelism?: number;
  status: string;
  'start-time': number;
  'end-time': number;
  duration: number;
  tasks: TaskCounts;
  metrics: JsonObject;
}

/** `GET /jobs/:jobid/plan` (`plan` is an inline object on every version, whatever the spec says). */
export interface JobPlanInfo {
  plan: { jid: string; name: string; type?: string; nodes: Array<JsonObject & { id: string; parallelism: number; description?: string }> };
}

/** `GET /jobs/:jobid`. */
export interface JobDetailsInfo {
  jid: string;
  name: string;
  isStoppable: boolean;
  state: JobStatus;
  'job-type'?: string;
  'start-time': number;
  'end-time': number;
  duration: number;
  maxParallelism: number;
  now: number;
  timestamps: Record<string, number>;
  vertices: JobVertexSummary[];
  'status-counts': TaskCounts;
  plan: JobPlanInfo['plan'];
  'pending-operators'?: number;
  'stream-graph'?: JsonObject;
}

/** `GET /jobs/:jobid/exceptions` (2.x shape; 1.20 also sends deprecated top-level fields). */
export interface JobExceptionsInfo {
  exceptionHistory: {
    entries: Array<JsonObject & { exceptionName: string; stacktrace: string; timestamp: number; taskName?: string | null; endpoint?: string | null }>;
    truncated: boolean;
  };
}

/** `GET /jobs/:jobid/vertices/:vid/backpressure`; only `{status: 'deprecated'}` until metrics exist. */
export interface JobVertexBackPressureInfo {
  status: 'ok' | 'deprecated';
  backpressureLevel?: 'ok' | 'low' | 'high';
  'end-timestamp'?: number;
  subtasks?: Array<{ subtask: number; 'attempt-number'?: number; backpressureLevel: string; ratio: number; idleRatio: number; busyRatio: number }>;
}

/** `GET /jobs/:jobid/execution-result` (wire fields, kebab-case; not the spec's bean fields). */
export interface JobExecutionResultResponse {
  status: { id: 'IN_PROGRESS' | 'COMPLETED' };
  'job-execution-result'?: {
    id: string;
    'application-status': string;
    'net-runtime': number;
    'accumulator-results': JsonObject;
    'failure-cause'?: SerializedThrowable;
  };
}

/** `GET /jars`. */
export interface JarListInfo {
  address: string;
  files: Array<{ id: string; name: string; uploaded: number; entry: Array<{ name: string; description: string | null }> }>;
}

/** `POST /jars/upload`. The jar id is the last path segment of `filename`. */
export interface JarUploadResponse {
  filename: string;
  status: string;
}

/** `RecoveryClaimMode` (JSON values unchanged since 1.19). */
export type ClaimMode = 'CLAIM' | 'NO_CLAIM' | 'LEGACY';

/** Body of `POST /jars/:jarid/run`. Only `programArgsList` passes arguments on 2.x. */
export interface JarRunRequest {
  entryClass?: string;
  programArgsList?: string[];
  parallelism?: number;
  /** Fixes the job id (32 hex); lets a caller check for the job instead of resubmitting. */
  jobId?: string;
  savepointPath?: string;
  allowNonRestoredState?: boolean;
  claimMode?: ClaimMode;
  flinkConfiguration?: Record<string, string>;
}

/** Body of `POST /jars/:jarid/plan`. */
export type JarPlanRequest = Pick<JarRunRequest, 'entryClass' | 'programArgsList' | 'parallelism' | 'jobId' | 'flinkConfiguration'>;

/** `POST /jars/:jarid/run`. */
export interface JarRunResponse {
  jobid: string;
}

/** `SavepointFormatType`. */
export type SavepointFormatType = 'CANONICAL' | 'NATIVE';

/** Body of `POST /jobs/:jobid/savepoints` (kebab-case keys, as on the wire). */
export interface SavepointTriggerRequest {
  'target-directory'?: string;
  'cancel-job'?: boolean;
  formatType?: SavepointFormatType;
  triggerId?: string;
}

/** Body of `POST /jobs/:jobid/stop` (camelCase keys, as on the wire). */
export interface StopWithSavepointRequest {
  targetDirectory?: string;
  drain?: boolean;
  formatType?: SavepointFormatType;
  triggerId?: string;
}

/** Body of `POST /jobs/:jobid/checkpoints`. INCREMENTAL is rejected by Flink. */
export interface CheckpointTriggerRequest {
  checkpointType?: 'CONFIGURED' | 'FULL';
  triggerId?: string;
}

/** `GET/PUT /jobs/:jobid/resource-requirements`. */
export type JobResourceRequirements = Record<string, { parallelism: { lowerBound: number; upperBound: number } }>;

/** `GET /taskmanagers`. */
export interface TaskManagersInfo {
  taskmanagers: Array<JsonObject & { id: string; path: string; dataPort: number; slotsNumber: number; freeSlots: number; blocked?: boolean }>;
}

/** `?get=` of metric endpoints: omit it to list the available metric names. */
export interface MetricQuery {
  get?: readonly string[];
}

/** Query of the aggregated metric endpoints. */
export interface AggregatedMetricQuery extends MetricQuery {
  agg?: readonly MetricAggregation[];
}
