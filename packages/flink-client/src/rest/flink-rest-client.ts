import { isSluiceError } from '@sluice/errors';
import { randomHexId } from '../ids';
import { backoffDelay, sleep } from '../transport/backoff';
import { awaitOperation } from './async-operation';
import type { AwaitOptions } from './async-operation';
import { HttpTransport } from '../transport/http-transport';
import { ClusterApi } from './cluster-api';
import { JarsApi } from './jars-api';
import type { UploadJarOptions } from './jars-api';
import { JobCheckpointsApi } from './job-checkpoints-api';
import { JobVerticesApi } from './job-vertices-api';
import { JobsApi } from './jobs-api';
import type { FlinkRestClientOptions } from './rest-base';
import type { ClaimMode, JobStatus, SavepointFormatType } from './rest-types';
import { flinkError } from '../error-codes';

/** A parsed Flink version, from `GET /config`. */
export interface FlinkVersion {
  /** As reported, e.g. `2.2.1` or `1.20.1`. */
  text: string;
  major: number;
  minor: number;
  patch: number;
}

/** Options of {@link FlinkRestClient.savepoint}. */
export interface SavepointOptions extends AwaitOptions {
  /** Omit to use the cluster's `execution.checkpointing.savepoint-dir`. */
  targetDirectory?: string;
  formatType?: SavepointFormatType;
  /** Cancel the job once the savepoint is taken. */
  cancelJob?: boolean;
  /** Client-chosen id (32 hex); generated when absent. Re-sending it never triggers twice. */
  triggerId?: string;
}

/** Options of {@link FlinkRestClient.stopWithSavepoint}. */
export interface StopWithSavepointOptions extends AwaitOptions {
  targetDirectory?: string;
  /** Emit MAX_WATERMARK first so event-time timers fire. */
  drain?: boolean;
  formatType?: SavepointFormatType;
  triggerId?: string;
}

/** Options of {@link FlinkRestClient.runJar}. */
export interface RunJarOptions {
  entryClass?: string;
  programArgsList?: string[];
  parallelism?: number;
  savepointPath?: string;
  allowNonRestoredState?: boolean;
  claimMode?: ClaimMode;
  flinkConfiguration?: Record<string, string>;
  /** The job id to use (32 hex); generated when absent, so a lost answer can be checked, not resubmitted. */
  jobId?: string;
  /** Delete the uploaded jar after the job was submitted. Default false. */
  deleteJar?: boolean;
  upload?: UploadJarOptions;
  /** Timeout of the run call (it waits for the job's main() to build the graph). */
  timeoutMs?: number;
  /** After a lost run answer, how long to keep looking for the job before giving up. Default 30 000 ms. */
  lostAnswerLookupMs?: number;
}

const TERMINAL: readonly JobStatus[] = ['FAILED', 'CANCELED', 'FINISHED'];

/** The endpoint groups of {@link FlinkRestClient}, by property name. */
const GROUPS = { cluster: ClusterApi, jars: JarsApi, jobs: JobsApi, vertices: JobVerticesApi, checkpoints: JobCheckpointsApi } as const;

/** The public methods of an endpoint group: what the client also offers flat, by operationId. */
type Operations<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? K : never]: T[K] };

/**
 * Typed client of Flink's JobManager REST API (1.20 and 2.x). The endpoints are grouped by area, all
 * on one transport (base URL, auth, headers, retries): `cluster`, `jars`, `jobs`, `vertices`,
 * `checkpoints`, one method per OpenAPI `operationId` (following the wire where it differs from the
 * spec: bare metric arrays, kebab-case execution results, multipart upload). Every operation is also
 * a flat method of the client (`flink.getJobDetails(id)` is `flink.jobs.getJobDetails(id)`). On top:
 * awaiting convenience calls for savepoints, checkpoints and jars.
 *
 * @example
 * ```ts
 * const flink = new FlinkRestClient({ baseUrl: 'http://127.0.0.1:8081' })
 * const { jobId } = await flink.runJar('target/job.jar', { entryClass: 'com.acme.Job', parallelism: 1 })
 * const { state } = await flink.jobs.getJobDetails(jobId)
 * const { location } = await flink.stopWithSavepoint(jobId, { onProgress: (p) => console.log(p.phase) })
 * await flink.runJar('target/job.jar', { savepointPath: location })
 * ```
 */
export class FlinkRestClient {
  /** The one transport every endpoint group sends on. */
  readonly http: HttpTransport;
  /** Cluster, JobManager, TaskManager, data set and savepoint-disposal endpoints. */
  readonly cluster: ClusterApi;
  /** Jar upload, plan and run. */
  readonly jars: JarsApi;
  /** Job overview, details, cancel, config, exceptions, metrics, resources. */
  readonly jobs: JobsApi;
  /** Vertex and subtask endpoints of a job. */
  readonly vertices: JobVerticesApi;
  /** Checkpoint, savepoint and stop-with-savepoint endpoints of a job. */
  readonly checkpoints: JobCheckpointsApi;
  private version: Promise<FlinkVersion> | undefined;

  constructor(options: FlinkRestClientOptions) {
    this.http = new HttpTransport(options, 'rest');
    this.cluster = new GROUPS.cluster(this.http);
    this.jars = new GROUPS.jars(this.http);
    this.jobs = new GROUPS.jobs(this.http);
    this.vertices = new GROUPS.vertices(this.http);
    this.checkpoints = new GROUPS.checkpoints(this.http);
  }

  /** The cluster's Flink version (`GET /config` → `flink-version`), asked once. */
  flinkVersion(): Promise<FlinkVersion> {
    if (this.version === undefined) {
      this.version = this.cluster.getDashboardConfiguration().then((config) => parseFlinkVersion(config['flink-version']));
      this.version.catch(() => (this.version = undefined));
    }
    return this.version;
  }

  /**
   * Triggers a savepoint and waits for it. The triggerId is chosen here, so the trigger call can be
   * retried safely; a `failure-cause` becomes FLINK_SAVEPOINT_FAILED.
   *
   * @example
   * ```ts
   * const { location } = await flink.savepoint(jobId, { timeoutMs: 120_000 })
   * ```
   */
  async savepoint(jobId: string, options: SavepointOptions = {}): Promise<{ location: string; triggerId: string }> {
    const triggerId = options.triggerId ?? randomHexId();
    await this.checkpoints.triggerSavepoint(jobId, {
      triggerId,
      'cancel-job': options.cancelJob ?? false,
      ...(options.targetDirectory === undefined ? {} : { 'target-directory': options.targetDirectory }),
      ...(options.formatType === undefined ? {} : { formatType: options.formatType }),
    });
    return this.awaitSavepoint(jobId, triggerId, 'savepoint', options);
  }

  /**
   * Stops the job with a savepoint (`POST /jobs/:id/stop`) and waits for the savepoint; the job then
   * goes to FINISHED.
   *
   * @example
   * ```ts
   * const { location } = await flink.stopWithSavepoint(jobId, { drain: false })
   * ```
   */
  async stopWithSavepoint(jobId: string, options: StopWithSavepointOptions = {}): Promise<{ location: string; triggerId: string }> {
    const triggerId = options.triggerId ?? randomHexId();
    await this.checkpoints.triggerStopWithSavepoint(jobId, {
      triggerId,
      ...(options.drain === undefined ? {} : { drain: options.drain }),
      ...(options.targetDirectory === undefined ? {} : { targetDirectory: options.targetDirectory }),
      ...(options.formatType === undefined ? {} : { formatType: options.formatType }),
    });
    return this.awaitSavepoint(jobId, triggerId, 'stop-with-savepoint', options);
  }

  /**
   * Triggers a checkpoint and waits for it; a `failureCause` becomes FLINK_CHECKPOINT_FAILED.
   *
   * @example
   * ```ts
   * const { checkpointId } = await flink.checkpoint(jobId, { checkpointType: 'FULL' })
   * ```
   */
  async checkpoint(jobId: string, options: AwaitOptions & { checkpointType?: 'CONFIGURED' | 'FULL'; triggerId?: string } = {}): Promise<{ checkpointId: number; triggerId: string }> {
    const triggerId = options.triggerId ?? randomHexId();
    await this.checkpoints.triggerCheckpoint(jobId, { triggerId, ...(options.checkpointType === undefined ? {} : { checkpointType: options.checkpointType }) });
    const op = await awaitOperation({
      what: `checkpoint of job ${jobId}`,
      triggerId,
      jobId,
      poll: () => this.checkpoints.getCheckpointStatus(jobId, triggerId),
      failureOf: (o) => o.failureCause,
      failureCode: 'FLINK_CHECKPOINT_FAILED',
      options,
    });
    if (op.checkpointId === undefined) throw flinkError('FLINK_PROTOCOL_ERROR', `checkpoint ${triggerId} completed without a checkpointId`);
    return { checkpointId: op.checkpointId, triggerId };
  }

  /**
   * Deletes a savepoint through the cluster and waits until it is gone. Flink has no client trigger
   * id for disposal, so the trigger is not retried.
   *
   * @example
   * ```ts
   * await flink.disposeSavepoint('file:///savepoints/savepoint-1a2b3c-0123456789ab')
   * ```
   */
  async disposeSavepoint(savepointPath: string, options: AwaitOptions = {}): Promise<void> {
    const { 'request-id': triggerId } = await this.cluster.triggerSavepointDisposal({ 'savepoint-path': savepointPath });
    await awaitOperation({
      what: `disposal of ${savepointPath}`,
      triggerId,
      poll: () => this.cluster.getSavepointDisposalStatus(triggerId),
      failureOf: (o) => o['failure-cause'],
      failureCode: 'FLINK_SAVEPOINT_DISPOSAL_FAILED',
      options,
    });
  }

  /**
   * Uploads a jar (multipart) and runs it. The job id is fixed up front: if the run call's answer is
   * lost (timeout, connection reset), the job is looked up by that id for `lostAnswerLookupMs` instead
   * of submitting again. If it does not appear, the error carries `jobId` and `jarId`, and the jar is
   * kept even with `deleteJar` (Flink may still be running main(), which needs it).
   *
   * @example
   * ```ts
   * const { jobId, jarId } = await flink.runJar('target/job.jar', {
   *   entryClass: 'com.acme.Job', programArgsList: ['--topic', 'trades'], parallelism: 1,
   *   savepointPath, allowNonRestoredState: false, claimMode: 'NO_CLAIM',
   * })
   * ```
   */
  async runJar(jarPath: string, options: RunJarOptions = {}): Promise<{ jobId: string; jarId: string }> {
    const { jarId } = await this.jars.uploadJar(jarPath, options.upload ?? {});
    const jobId = options.jobId ?? randomHexId();
    // Set while Flink may still be running the jar's main() for this call.
    let inFlight = false;
    try {
      const body = {
        jobId,
        ...pick(options, ['entryClass', 'programArgsList', 'parallelism', 'savepointPath', 'allowNonRestoredState', 'claimMode', 'flinkConfiguration']),
      };
      const answer = await this.jars.submitJobFromJar(jarId, body, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs });
      return { jobId: answer.jobid, jarId };
    } catch (error) {
      if (isSluiceError(error) && (error.code === 'FLINK_TIMEOUT' || error.code === 'FLINK_UNAVAILABLE') && mayHaveArrived(error)) {
        // The server answers only after main() submitted the job, and main() can outlast the call
        // (a cold JobManager plans for many seconds): the job may appear later. Look, never resubmit.
        inFlight = !(await this.jobAppears(jobId, options.lostAnswerLookupMs ?? 30_000));
        if (!inFlight) return { jobId, jarId };
        if (error.details !== undefined) Object.assign(error.details, { jobId, jarId });
      }
      throw error;
    } finally {
      // Flink copies the jar to its blob server only when main() submits the job: deleting it before
      // then makes that submission fail (FileNotFoundException), so an unknown outcome keeps the jar.
      if (options.deleteJar === true && !inFlight) await this.jars.deleteJar(jarId).catch(() => undefined);
    }
  }

  /** Polls `GET /jobs/:id/status` until the job exists (true) or `withinMs` passed (false). */
  private async jobAppears(jobId: string, withinMs: number): Promise<boolean> {
    const deadline = Date.now() + withinMs;
    for (let attempt = 0; ; attempt++) {
      if (await this.jobs.getJobStatusInfo(jobId).then(() => true, () => false)) return true;
      if (Date.now() >= deadline) return false;
      await sleep(Math.min(backoffDelay(attempt, 200, 2_000), Math.max(1, deadline - Date.now())));
    }
  }

  /**
   * Polls `GET /jobs/:id/status` until the job is in one of `statuses` (or in a terminal state it can
   * no longer leave, which is an error).
   *
   * @example
   * ```ts
   * await flink.waitForJobStatus(jobId, ['RUNNING'], { timeoutMs: 60_000 })
   * ```
   */
  async waitForJobStatus(jobId: string, statuses: readonly JobStatus[], options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<JobStatus> {
    const timeoutMs = options.timeoutMs ?? 120_000;
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      const { status } = await this.jobs.getJobStatusInfo(jobId);
      if (statuses.includes(status)) return status;
      if (TERMINAL.includes(status)) {
        throw flinkError('FLINK_JOB_STATE', `job ${jobId} ended ${status} while waiting for ${statuses.join('/')}`, { details: { jobId, status } });
      }
      if (Date.now() - started >= timeoutMs) {
        throw flinkError('FLINK_TIMEOUT', `job ${jobId} is ${status}, not ${statuses.join('/')}, after ${timeoutMs} ms`, { retriable: true, details: { jobId, status } });
      }
      await sleep(backoffDelay(attempt, 100, 1_000), options.signal);
    }
  }

  private async awaitSavepoint(jobId: string, triggerId: string, what: string, options: AwaitOptions): Promise<{ location: string; triggerId: string }> {
    const op = await awaitOperation({
      what: `${what} of job ${jobId}`,
      triggerId,
      jobId,
      poll: () => this.checkpoints.getSavepointStatus(jobId, triggerId),
      failureOf: (o) => o['failure-cause'],
      failureCode: 'FLINK_SAVEPOINT_FAILED',
      options,
    });
    if (op.location === undefined) throw flinkError('FLINK_PROTOCOL_ERROR', `${what} ${triggerId} completed without a location`);
    return { location: op.location, triggerId };
  }
}

/** Every operation of every group, flat on the client (the operation-coverage tooling and older callers use them). */
export interface FlinkRestClient extends Operations<ClusterApi>, Operations<JarsApi>, Operations<JobsApi>, Operations<JobVerticesApi>, Operations<JobCheckpointsApi> {}

// Thin delegates, installed once: `flink.getJobDetails(id)` calls `flink.jobs.getJobDetails(id)`.
// The client's own methods win a name clash (a unit test checks there is none).
for (const [group, Api] of Object.entries(GROUPS)) {
  for (const name of Object.getOwnPropertyNames(Api.prototype)) {
    if (name === 'constructor' || Object.prototype.hasOwnProperty.call(FlinkRestClient.prototype, name)) continue;
    const delegate = function (this: FlinkRestClient, ...args: unknown[]): unknown {
      const target = this[group as keyof typeof GROUPS] as unknown as Record<string, (...a: unknown[]) => unknown>;
      return target[name]!(...args);
    };
    Object.defineProperty(delegate, 'name', { value: name });
    Object.defineProperty(FlinkRestClient.prototype, name, { value: delegate, writable: true, configurable: true, enumerable: false });
  }
}

/** False when the request cannot have reached the server (refused, unknown host): nothing to look for. */
function mayHaveArrived(error: { details?: unknown }): boolean {
  const code = (error.details as { networkCode?: string } | undefined)?.networkCode;
  return code !== 'ECONNREFUSED' && code !== 'ENOTFOUND' && code !== 'EAI_AGAIN';
}

/** Parses `2.2.1`, `1.20-SNAPSHOT`, ... into numbers (missing parts are 0). */
export function parseFlinkVersion(text: string): FlinkVersion {
  const [major = 0, minor = 0, patch = 0] = (/^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(text) ?? []).slice(1).map((n) => Number(n ?? 0));
  return { text, major, minor, patch };
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}
