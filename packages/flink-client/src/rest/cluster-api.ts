import type { HttpTransport } from '../transport/http-transport';
import { path, send } from './rest-base';
import type {
  AggregatedMetric,
  AggregatedMetricQuery,
  AsyncOperationResult,
  ClusterOverview,
  ConfigurationEntry,
  DashboardConfiguration,
  FailureOperation,
  JsonObject,
  MetricQuery,
  MetricValue,
  TaskManagersInfo,
  TriggerResponse,
} from './rest-types';

/**
 * Cluster, JobManager, TaskManager, data set and savepoint-disposal endpoints: `client.cluster`.
 *
 * @example
 * ```ts
 * const { 'slots-available': free } = await flink.cluster.getClusterOverview()
 * ```
 */
export class ClusterApi {
  /** @param http the client's one transport, shared by every endpoint group */
  constructor(private readonly http: HttpTransport) {}

  /** `DELETE /cluster`: shuts the whole cluster down. */
  async shutdownCluster(): Promise<void> {
    await send(this.http, 'DELETE', '/cluster', { idempotent: false });
  }

  /** `GET /config`: web UI configuration, including `flink-version`. */
  getDashboardConfiguration(): Promise<DashboardConfiguration> {
    return send(this.http, 'GET', '/config');
  }

  /** `GET /overview`: task managers, slots, job counts, version. */
  getClusterOverview(): Promise<ClusterOverview> {
    return send(this.http, 'GET', '/overview');
  }

  /** `GET /datasets`: cluster partitions. */
  getClusterDataSetList(): Promise<{ dataSets: Array<{ id: string; isComplete: boolean }> }> {
    return send(this.http, 'GET', '/datasets');
  }

  /** `DELETE /datasets/:datasetid`: triggers an async delete. */
  deleteClusterDataSet(datasetId: string): Promise<TriggerResponse> {
    return send(this.http, 'DELETE', path`/datasets/${datasetId}`, { idempotent: true });
  }

  /** `GET /datasets/delete/:triggerid`. */
  getClusterDataSetDeleteStatus(triggerId: string): Promise<AsyncOperationResult<FailureOperation>> {
    return send(this.http, 'GET', path`/datasets/delete/${triggerId}`);
  }

  /** `GET /jobmanager/config`: effective cluster configuration (values are strings). */
  getClusterConfigurationInfo(): Promise<ConfigurationEntry[]> {
    return send(this.http, 'GET', '/jobmanager/config');
  }

  /** `GET /jobmanager/environment`: JVM and classpath. */
  getJobManagerEnvironment(): Promise<JsonObject> {
    return send(this.http, 'GET', '/jobmanager/environment');
  }

  /** `GET /jobmanager/logs`. */
  getJobManagerLogList(): Promise<{ logs: Array<{ name: string; size: number; mtime?: number }> }> {
    return send(this.http, 'GET', '/jobmanager/logs');
  }

  /** `GET /jobmanager/metrics`: a bare array on the wire (the spec's `{metrics}` wrapper does not exist). */
  getJobManagerMetrics(query: MetricQuery = {}): Promise<MetricValue[]> {
    return send(this.http, 'GET', '/jobmanager/metrics', { query: { get: query.get } });
  }

  /** `GET /jobmanager/thread-dump`. */
  getJobManagerThreadDump(): Promise<{ threadInfos: Array<{ threadName: string; stringifiedThreadInfo: string }> }> {
    return send(this.http, 'GET', '/jobmanager/thread-dump');
  }

  /** `GET /taskmanagers`. */
  getTaskManagers(): Promise<TaskManagersInfo> {
    return send(this.http, 'GET', '/taskmanagers');
  }

  /** `GET /taskmanagers/metrics`: aggregated over task managers (a bare array on the wire). */
  getAggregatedTaskManagerMetrics(query: AggregatedMetricQuery & { taskmanagers?: readonly string[] } = {}): Promise<AggregatedMetric[]> {
    return send(this.http, 'GET', '/taskmanagers/metrics', { query: { get: query.get, agg: query.agg, taskmanagers: query.taskmanagers } });
  }

  /** `GET /taskmanagers/:taskmanagerid`. */
  getTaskManagerDetails(taskManagerId: string): Promise<JsonObject> {
    return send(this.http, 'GET', path`/taskmanagers/${taskManagerId}`);
  }

  /** `GET /taskmanagers/:taskmanagerid/logs`. */
  getTaskManagerLogs(taskManagerId: string): Promise<{ logs: Array<{ name: string; size: number; mtime?: number }> }> {
    return send(this.http, 'GET', path`/taskmanagers/${taskManagerId}/logs`);
  }

  /** `GET /taskmanagers/:taskmanagerid/metrics` (a bare array on the wire). */
  getTaskManagerMetrics(taskManagerId: string, query: MetricQuery = {}): Promise<MetricValue[]> {
    return send(this.http, 'GET', path`/taskmanagers/${taskManagerId}/metrics`, { query: { get: query.get } });
  }

  /** `GET /taskmanagers/:taskmanagerid/thread-dump`. */
  getTaskManagerThreadDump(taskManagerId: string): Promise<{ threadInfos: Array<{ threadName: string; stringifiedThreadInfo: string }> }> {
    return send(this.http, 'GET', path`/taskmanagers/${taskManagerId}/thread-dump`);
  }

  /** `POST /savepoint-disposal`: triggers deleting a savepoint (answers 200, not 202). */
  triggerSavepointDisposal(body: { 'savepoint-path': string }): Promise<TriggerResponse> {
    return send(this.http, 'POST', '/savepoint-disposal', { body, idempotent: false });
  }

  /** `GET /savepoint-disposal/:triggerid`. */
  getSavepointDisposalStatus(triggerId: string): Promise<AsyncOperationResult<FailureOperation>> {
    return send(this.http, 'GET', path`/savepoint-disposal/${triggerId}`);
  }
}
