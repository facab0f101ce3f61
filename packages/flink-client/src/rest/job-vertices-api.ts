import { isSluiceError } from '@sluice/errors';
import type { HttpTransport } from '../transport/http-transport';
import { path, send } from './rest-base';
import type { AggregatedMetric, AggregatedMetricQuery, JobVertexBackPressureInfo, JsonObject, MetricQuery, MetricValue } from './rest-types';

/**
 * Vertex and subtask endpoints of a job: `client.vertices`.
 *
 * @example
 * ```ts
 * const watermarks = await flink.vertices.getJobVertexWatermarks(jobId, vertexId)
 * ```
 */
export class JobVerticesApi {
  /** @param http the client's one transport, shared by every endpoint group */
  constructor(private readonly http: HttpTransport) {}

  /** `GET /jobs/:jobid/vertices/:vertexid`. */
  getJobVertexDetails(jobId: string, vertexId: string): Promise<JsonObject & { id: string; name: string; parallelism: number; subtasks: JsonObject[] }> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}`);
  }

  /** `GET /jobs/:jobid/vertices/:vertexid/accumulators`. */
  getJobVertexAccumulators(jobId: string, vertexId: string): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/accumulators`);
  }

  /**
   * `GET …/backpressure`: `{status: 'deprecated'}` only, until the vertex has metrics. Flink 2.2
   * also answers 500 `NoSuchElementException: No value present` in that window; the client returns
   * the same `{status: 'deprecated'}` for it instead of an error.
   */
  async getJobVertexBackPressure(jobId: string, vertexId: string): Promise<JobVertexBackPressureInfo> {
    try {
      return await send<JobVertexBackPressureInfo>(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/backpressure`);
    } catch (error) {
      if (isSluiceError(error, 'FLINK_SERVER_ERROR') && error.message === 'java.util.NoSuchElementException: No value present') return { status: 'deprecated' };
      throw error;
    }
  }

  /** `GET …/flamegraph` (needs `rest.flamegraph.enabled`). */
  getJobVertexFlameGraph(jobId: string, vertexId: string, query: { type?: 'FULL' | 'ON_CPU' | 'OFF_CPU'; subtaskindex?: number } = {}): Promise<{ endTimestamp: number; data?: JsonObject }> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/flamegraph`, { query: { type: query.type, subtaskindex: query.subtaskindex } });
  }

  /** `GET …/jm-operator-metrics` (1.20+; a bare array on the wire). */
  getJobManagerOperatorMetrics(jobId: string, vertexId: string, query: MetricQuery = {}): Promise<MetricValue[]> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/jm-operator-metrics`, { query: { get: query.get } });
  }

  /** `GET …/metrics` (a bare array on the wire). */
  getJobVertexMetrics(jobId: string, vertexId: string, query: MetricQuery = {}): Promise<MetricValue[]> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/metrics`, { query: { get: query.get } });
  }

  /** `GET …/subtasks/accumulators`. */
  getSubtasksAllAccumulators(jobId: string, vertexId: string): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/subtasks/accumulators`);
  }

  /** `GET …/subtasks/metrics`: aggregated over subtasks; `subtasks` like `['0', '2-4']`. */
  getAggregatedSubtaskMetrics(jobId: string, vertexId: string, query: AggregatedMetricQuery & { subtasks?: readonly string[] } = {}): Promise<AggregatedMetric[]> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/subtasks/metrics`, { query: { get: query.get, agg: query.agg, subtasks: query.subtasks } });
  }

  /** `GET …/subtasks/:subtaskindex`. */
  getSubtaskCurrentAttemptDetails(jobId: string, vertexId: string, subtaskIndex: number): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/subtasks/${subtaskIndex}`);
  }

  /** `GET …/subtasks/:subtaskindex/attempts/:attempt`. */
  getSubtaskExecutionAttemptDetails(jobId: string, vertexId: string, subtaskIndex: number, attempt: number): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/subtasks/${subtaskIndex}/attempts/${attempt}`);
  }

  /** `GET …/subtasks/:subtaskindex/attempts/:attempt/accumulators`. */
  getSubtaskExecutionAttemptAccumulators(jobId: string, vertexId: string, subtaskIndex: number, attempt: number): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/subtasks/${subtaskIndex}/attempts/${attempt}/accumulators`);
  }

  /** `GET …/subtasks/:subtaskindex/metrics` (a bare array on the wire). */
  getSubtaskMetrics(jobId: string, vertexId: string, subtaskIndex: number, query: MetricQuery = {}): Promise<MetricValue[]> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/subtasks/${subtaskIndex}/metrics`, { query: { get: query.get } });
  }

  /** `GET …/subtasktimes`. */
  getSubtasksTimes(jobId: string, vertexId: string): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/subtasktimes`);
  }

  /** `GET …/taskmanagers`. */
  getJobVertexTaskManagers(jobId: string, vertexId: string): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/taskmanagers`);
  }

  /** `GET …/watermarks`: `[{id: '<subtask>.currentInputWatermark', value}]`, a bare array on the wire. */
  getJobVertexWatermarks(jobId: string, vertexId: string): Promise<MetricValue[]> {
    return send(this.http, 'GET', path`/jobs/${jobId}/vertices/${vertexId}/watermarks`);
  }
}
