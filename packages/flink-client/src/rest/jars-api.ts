import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import type { HttpTransport } from '../transport/http-transport';
import { path, send } from './rest-base';
import type { JarListInfo, JarPlanRequest, JarRunRequest, JarRunResponse, JarUploadResponse, JobPlanInfo } from './rest-types';
import { flinkError } from '../error-codes';

/** Options of {@link JarsApi.uploadJar}. */
export interface UploadJarOptions {
  /** Name the jar gets on the server (must end in `.jar`). Default: the file's own name. */
  fileName?: string;
  onProgress?: (sentBytes: number, totalBytes: number | undefined) => void;
  timeoutMs?: number;
}

/**
 * Jar upload / plan / run (web submission; all 404 when `web.submit.enable` is false): `client.jars`.
 *
 * @example
 * ```ts
 * const { jarId } = await flink.jars.uploadJar('target/job.jar')
 * await flink.jars.submitJobFromJar(jarId, { entryClass: 'com.acme.Job', parallelism: 1 })
 * ```
 */
export class JarsApi {
  /** @param http the client's one transport, shared by every endpoint group */
  constructor(private readonly http: HttpTransport) {}

  /** `GET /jars`: uploaded jars and their entry classes. */
  getJarList(): Promise<JarListInfo> {
    return send(this.http, 'GET', '/jars');
  }

  /**
   * `POST /jars/upload`: multipart upload of one jar (streamed from disk). The spec names the body
   * `application/x-java-archive`; the server wants multipart/form-data with exactly one file part,
   * whose own content type is `application/x-java-archive`. Returns the jar id with the answer.
   */
  async uploadJar(jarPath: string, options: UploadJarOptions = {}): Promise<JarUploadResponse & { jarId: string }> {
    const fileName = options.fileName ?? basename(jarPath);
    if (!fileName.endsWith('.jar')) throw flinkError('FLINK_BAD_REQUEST', `Flink only accepts files ending in .jar, got ${fileName}`);
    const blob = await openAsBlob(jarPath, { type: 'application/x-java-archive' });
    const form = new FormData();
    form.append('jarfile', blob, fileName);
    const answer = await this.http.request<JarUploadResponse>({
      method: 'POST',
      path: '/jars/upload',
      body: form,
      idempotent: false,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(options.onProgress === undefined ? {} : { onUploadProgress: options.onProgress }),
    });
    const jarId = answer.filename.split('/').pop() ?? answer.filename;
    return { ...answer, jarId };
  }

  /** `DELETE /jars/:jarid`. */
  async deleteJar(jarId: string): Promise<void> {
    await send(this.http, 'DELETE', path`/jars/${jarId}`, { idempotent: true });
  }

  /** `POST /jars/:jarid/plan`: the job plan without running it (POST, since GET bodies are unreliable). */
  generatePlanFromJar(jarId: string, body: JarPlanRequest = {}): Promise<JobPlanInfo> {
    return send(this.http, 'POST', path`/jars/${jarId}/plan`, { body, idempotent: true });
  }

  /**
   * `POST /jars/:jarid/run`: submits a job. Never retried: a lost answer must not submit twice (pass
   * `jobId` to be able to look the job up instead). Arguments go in `programArgsList` (the 1.x
   * `programArgs` string is silently ignored by 2.x).
   */
  submitJobFromJar(jarId: string, body: JarRunRequest = {}, options: { timeoutMs?: number } = {}): Promise<JarRunResponse> {
    return send(this.http, 'POST', path`/jars/${jarId}/run`, { body, idempotent: false, ...options });
  }
}
