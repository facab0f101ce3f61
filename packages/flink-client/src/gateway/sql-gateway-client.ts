import { SluiceError } from '@sluice/errors';
import { HttpTransport } from '../transport/http-transport';
import type { HttpMethod, HttpRequest, QueryValue } from '../transport/http-transport';
import type { TransportOptions } from '../transport/transport-options';
import { readResultPages } from './result-pages';
import type { ResultPagesOptions } from './result-pages';
import type {
  DeployScriptRequest,
  ExecuteStatementRequest,
  FetchResultsResponse,
  GatewayApiVersion,
  OpenSessionRequest,
  OperationStatus,
  RefreshMaterializedTableRequest,
  ResultPage,
  ResultRow,
  RowFormat,
} from './gateway-types';
import { flinkError } from '../error-codes';

const CLIENT_VERSIONS: readonly GatewayApiVersion[] = ['v1', 'v2', 'v3', 'v4'];

/** Options of {@link SqlGatewayClient}. */
export interface SqlGatewayClientOptions extends TransportOptions {
  /**
   * REST API version to use. Default `'auto'`: ask `/v1/api_versions` once and use the highest
   * version both sides know (v4 on Flink 2.x, v3 on 1.20).
   */
  apiVersion?: GatewayApiVersion | 'auto';
}

/**
 * Typed client of the Flink SQL Gateway REST API (v1 to v4). One method per OpenAPI `operationId`,
 * plus {@link SqlGatewayClient.readPages} / {@link SqlGatewayClient.query} to read results as
 * AsyncIterables. Statement execution is never retried (it may submit a job).
 *
 * @example
 * ```ts
 * const gw = new SqlGatewayClient({ baseUrl: 'http://127.0.0.1:8083' })
 * const { sessionHandle } = await gw.openSession({ properties: { 'execution.runtime-mode': 'batch' } })
 * for await (const row of gw.query(sessionHandle, 'SELECT 1 AS one')) console.log(row.fields) // [1]
 * await gw.closeSession(sessionHandle)
 * ```
 */
export class SqlGatewayClient {
  /** The transport (exposed for helpers such as {@link KeptSession}). */
  readonly http: HttpTransport;
  private readonly requested: GatewayApiVersion | 'auto';
  private negotiated: Promise<{ version: GatewayApiVersion; server: GatewayApiVersion[] }> | undefined;

  constructor(options: SqlGatewayClientOptions) {
    this.http = new HttpTransport(options, 'sql-gateway');
    this.requested = options.apiVersion ?? 'auto';
  }

  /** The version used in URLs (negotiated on first use when `apiVersion` is 'auto'). */
  async apiVersion(): Promise<GatewayApiVersion> {
    return (await this.negotiate()).version;
  }

  /** `GET /api_versions` (asked under `/v1`, which every gateway serves). Values are upper case: `V1`..`V4`. */
  getApiVersion(): Promise<{ versions: string[] }> {
    return this.http.request({ method: 'GET', path: '/v1/api_versions' });
  }

  /** `GET /info`: product name and Flink version, e.g. `{ productName: 'Apache Flink', version: '2.2.1' }`. */
  async getInfo(): Promise<{ productName: string; version: string }> {
    return this.call('GET', '/info');
  }

  /** `POST /sessions`: opens a session with optional name and properties (e.g. `execution.runtime-mode`). */
  async openSession(body: OpenSessionRequest = {}): Promise<{ sessionHandle: string }> {
    // Not retried: a lost answer would leave a second, orphaned session behind.
    return this.call('POST', '/sessions', { body, idempotent: false });
  }

  /** `DELETE /sessions/:sh`: closes the session and all its operations. */
  async closeSession(sessionHandle: string): Promise<{ status: string }> {
    return this.call('DELETE', `/sessions/${enc(sessionHandle)}`, { idempotent: true });
  }

  /** `GET /sessions/:sh`: the session's effective configuration. */
  async getSessionConfig(sessionHandle: string): Promise<{ properties: Record<string, string> }> {
    return this.call('GET', `/sessions/${enc(sessionHandle)}`);
  }

  /** `POST /sessions/:sh/heartbeat`: keeps an idle session from expiring. */
  async triggerSession(sessionHandle: string): Promise<void> {
    await this.call('POST', `/sessions/${enc(sessionHandle)}/heartbeat`, { idempotent: true });
  }

  /** `POST /sessions/:sh/configure-session` (v2+): runs one SET/USE/CREATE… synchronously. */
  async configureSession(sessionHandle: string, body: { statement: string; executionTimeout?: number }): Promise<void> {
    await this.call('POST', `/sessions/${enc(sessionHandle)}/configure-session`, { body, minVersion: 'v2' });
  }

  /** `GET /sessions/:sh/complete-statement` (v2+; a GET with a JSON body): completion candidates. */
  async completeStatement(sessionHandle: string, body: { statement: string; position: number }): Promise<{ candidates: string[] }> {
    return this.call('GET', `/sessions/${enc(sessionHandle)}/complete-statement`, { body, minVersion: 'v2' });
  }

  /** `POST /sessions/:sh/statements`: starts one statement; never retried. Errors show up in status/fetch. */
  async executeStatement(sessionHandle: string, body: ExecuteStatementRequest): Promise<{ operationHandle: string }> {
    return this.call('POST', `/sessions/${enc(sessionHandle)}/statements`, { body, idempotent: false });
  }

  /** `GET /sessions/:sh/operations/:oh/status`. */
  async getOperationStatus(sessionHandle: string, operationHandle: string): Promise<{ status: OperationStatus }> {
    return this.call('GET', `${opPath(sessionHandle, operationHandle)}/status`);
  }

  /** `POST /sessions/:sh/operations/:oh/cancel`. */
  async cancelOperation(sessionHandle: string, operationHandle: string): Promise<{ status: OperationStatus }> {
    return this.call('POST', `${opPath(sessionHandle, operationHandle)}/cancel`, { idempotent: true });
  }

  /** `DELETE /sessions/:sh/operations/:oh/close`: frees the operation's resources. */
  async closeOperation(sessionHandle: string, operationHandle: string): Promise<{ status: OperationStatus }> {
    return this.call('DELETE', `${opPath(sessionHandle, operationHandle)}/close`, { idempotent: true });
  }

  /**
   * `GET /sessions/:sh/operations/:oh/result/:token`: one raw page in the wire shape (numbers kept as
   * {@link LosslessNumber}). Prefer {@link SqlGatewayClient.readPages}, which follows `nextResultUri`.
   */
  async fetchResults(sessionHandle: string, operationHandle: string, token: number, rowFormat: RowFormat = 'JSON'): Promise<FetchResultsResponse> {
    const version = await this.apiVersion();
    const query = version === 'v1' ? undefined : { rowFormat };
    return this.http.request(this.req('GET', `/${version}${opPath(sessionHandle, operationHandle)}/result/${token}`, query, { parse: 'lossless' }));
  }

  /** Fetches a `nextResultUri` (a version-prefixed path from the server) as a raw page. */
  fetchResultUri(uri: string, signal?: AbortSignal): Promise<FetchResultsResponse> {
    return this.http.request({ method: 'GET', path: uri, parse: 'lossless', ...(signal ? { signal } : {}) });
  }

  /**
   * `POST /v3/sessions/:sh/materialized-tables/:identifier/refresh`. Registered for v3 only (also on
   * 2.x, where bare URLs mean v4), so this always calls `/v3`.
   */
  async refreshMaterializedTable(sessionHandle: string, identifier: string, body: RefreshMaterializedTableRequest): Promise<{ operationHandle: string }> {
    const { server } = await this.negotiate();
    if (!server.includes('v3')) throw unsupported('refreshMaterializedTable', 'v3', server);
    const path = `/v3/sessions/${enc(sessionHandle)}/materialized-tables/${enc(identifier)}/refresh`;
    return this.http.request({ method: 'POST', path, body, idempotent: false });
  }

  /** `POST /sessions/:sh/scripts` (v4, Flink 2.x): deploys a SQL script in application mode. */
  async deployScript(sessionHandle: string, body: DeployScriptRequest): Promise<{ clusterID: string }> {
    return this.call('POST', `/sessions/${enc(sessionHandle)}/scripts`, { body, idempotent: false, minVersion: 'v4' });
  }

  /**
   * Result pages of an operation as an AsyncIterable: token 0, then `nextResultUri` until EOS.
   * NOT_READY and empty streaming pages are polled again with backoff; only pages with rows (and the
   * first page, which carries the columns) are yielded.
   */
  readPages(sessionHandle: string, operationHandle: string, options: ResultPagesOptions = {}): AsyncIterable<ResultPage> {
    return readResultPages(this, sessionHandle, operationHandle, options);
  }

  /**
   * Runs one statement and yields its decoded rows. Leaving the loop early (break, error, abort)
   * cancels the operation if it still runs and closes it (closing is what stops the Flink job of a
   * streaming SELECT, whose operation is already FINISHED); a complete read closes it.
   */
  async *query(sessionHandle: string, statement: string, options: ResultPagesOptions & { executionConfig?: Record<string, string> } = {}): AsyncGenerator<ResultRow> {
    const body: ExecuteStatementRequest = { statement, ...(options.executionConfig ? { executionConfig: options.executionConfig } : {}) };
    const { operationHandle } = await this.executeStatement(sessionHandle, body);
    let complete = false;
    try {
      for await (const page of this.readPages(sessionHandle, operationHandle, options)) yield* page.rows;
      complete = true;
    } finally {
      if (!complete) await this.cancelOperation(sessionHandle, operationHandle).catch(() => undefined);
      await this.closeOperation(sessionHandle, operationHandle).catch(() => undefined);
    }
  }

  private async call<T>(method: HttpMethod, path: string, extra: { body?: unknown; idempotent?: boolean; minVersion?: GatewayApiVersion; query?: Record<string, QueryValue> } = {}): Promise<T> {
    const version = await this.apiVersion();
    if (extra.minVersion !== undefined && rank(version) < rank(extra.minVersion)) {
      throw unsupported(path, extra.minVersion, [version]);
    }
    return this.http.request<T>(this.req(method, `/${version}${path}`, extra.query, extra));
  }

  private req(method: HttpMethod, path: string, query: Record<string, QueryValue> | undefined, extra: { body?: unknown; idempotent?: boolean; parse?: 'json' | 'lossless' }): HttpRequest {
    return {
      method,
      path,
      ...(query === undefined ? {} : { query }),
      ...(extra.body === undefined ? {} : { body: extra.body }),
      ...(extra.idempotent === undefined ? {} : { idempotent: extra.idempotent }),
      ...(extra.parse === undefined ? {} : { parse: extra.parse }),
    };
  }

  private negotiate(): Promise<{ version: GatewayApiVersion; server: GatewayApiVersion[] }> {
    if (this.negotiated === undefined) {
      const requested = this.requested;
      this.negotiated = this.getApiVersion().then(({ versions }) => {
        const server = versions.map((v) => v.toLowerCase()).filter((v): v is GatewayApiVersion => (CLIENT_VERSIONS as string[]).includes(v));
        if (requested !== 'auto') {
          if (!server.includes(requested)) throw unsupported(`API ${requested}`, requested, server);
          return { version: requested, server };
        }
        const best = [...server].sort((a, b) => rank(b) - rank(a))[0];
        if (best === undefined) throw flinkError('FLINK_UNSUPPORTED', `the SQL Gateway offers no API version this client knows (${versions.join(', ')})`);
        return { version: best, server };
      });
      // A failed negotiation (gateway down) must not stick: the next call asks again.
      this.negotiated.catch(() => (this.negotiated = undefined));
    }
    return this.negotiated;
  }
}

function rank(v: GatewayApiVersion): number {
  return CLIENT_VERSIONS.indexOf(v);
}

function unsupported(what: string, needs: GatewayApiVersion, has: readonly GatewayApiVersion[]): SluiceError {
  return flinkError('FLINK_UNSUPPORTED', `${what} needs SQL Gateway API ${needs}; this client uses ${has.join(', ')}`, {
    details: { needs, has: [...has] },
    suggestion: needs === 'v4' ? 'deploy-script needs Flink 2.0 or later' : 'use a newer Flink SQL Gateway, or leave apiVersion on auto',
  });
}

function enc(segment: string): string {
  return encodeURIComponent(segment);
}

function opPath(sessionHandle: string, operationHandle: string): string {
  return `/sessions/${enc(sessionHandle)}/operations/${enc(operationHandle)}`;
}
