import type { HttpTransport } from '../transport/http-transport';
import { path, send } from './rest-base';
import type {
  AsyncOperationResult,
  CheckpointOperation,
  CheckpointTriggerRequest,
  JsonObject,
  SavepointOperation,
  SavepointTriggerRequest,
  StopWithSavepointRequest,
  TriggerResponse,
} from './rest-types';

/**
 * Checkpoint, savepoint and stop-with-savepoint endpoints of a job: `client.checkpoints` (the
 * awaiting `savepoint`/`stopWithSavepoint`/`checkpoint` calls are on the client itself).
 *
 * @example
 * ```ts
 * const stats = await flink.checkpoints.getCheckpointingStatistics(jobId)
 * ```
 */
export class JobCheckpointsApi {
  /** @param http the client's one transport, shared by every endpoint group */
  constructor(private readonly http: HttpTransport) {}

  /** `GET /jobs/:jobid/checkpoints`: counts, summary, latest, history. */
  getCheckpointingStatistics(jobId: string): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/checkpoints`);
  }

  /** `POST /jobs/:jobid/checkpoints` (202). Retried only when the body carries a `triggerId`. */
  triggerCheckpoint(jobId: string, body: CheckpointTriggerRequest = {}): Promise<TriggerResponse> {
    return send(this.http, 'POST', path`/jobs/${jobId}/checkpoints`, { body, idempotent: body.triggerId !== undefined });
  }

  /** `GET /jobs/:jobid/checkpoints/config`. */
  getCheckpointConfig(jobId: string): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/checkpoints/config`);
  }

  /** `GET /jobs/:jobid/checkpoints/details/:checkpointid`. */
  getCheckpointStatisticDetails(jobId: string, checkpointId: number): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/checkpoints/details/${checkpointId}`);
  }

  /** `GET /jobs/:jobid/checkpoints/details/:checkpointid/subtasks/:vertexid`. */
  getTaskCheckpointStatistics(jobId: string, checkpointId: number, vertexId: string): Promise<JsonObject> {
    return send(this.http, 'GET', path`/jobs/${jobId}/checkpoints/details/${checkpointId}/subtasks/${vertexId}`);
  }

  /** `GET /jobs/:jobid/checkpoints/:triggerid`: a failure is `operation.failureCause` (camelCase). */
  getCheckpointStatus(jobId: string, triggerId: string): Promise<AsyncOperationResult<CheckpointOperation>> {
    return send(this.http, 'GET', path`/jobs/${jobId}/checkpoints/${triggerId}`);
  }

  /**
   * `POST /jobs/:jobid/savepoints` (202; body keys are kebab-case `target-directory`, `cancel-job`).
   * Retried only when the body carries a `triggerId`, which makes repeats harmless.
   */
  triggerSavepoint(jobId: string, body: SavepointTriggerRequest = {}): Promise<TriggerResponse> {
    return send(this.http, 'POST', path`/jobs/${jobId}/savepoints`, { body, idempotent: body.triggerId !== undefined });
  }

  /** `GET /jobs/:jobid/savepoints/:triggerid`: status of a savepoint and of a stop-with-savepoint. */
  getSavepointStatus(jobId: string, triggerId: string): Promise<AsyncOperationResult<SavepointOperation>> {
    return send(this.http, 'GET', path`/jobs/${jobId}/savepoints/${triggerId}`);
  }

  /** `POST /jobs/:jobid/stop` (202; camelCase `targetDirectory`, `drain`). Status via getSavepointStatus. */
  triggerStopWithSavepoint(jobId: string, body: StopWithSavepointRequest = {}): Promise<TriggerResponse> {
    return send(this.http, 'POST', path`/jobs/${jobId}/stop`, { body, idempotent: body.triggerId !== undefined });
  }
}
