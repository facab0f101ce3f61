import axios from 'axios';
import type { AxiosInstance, AxiosRequestConfig, AxiosResponse } from 'axios';
import { Agent as HttpsAgent } from 'node:https';
import { isSluiceError, redact } from '@sluice/errors';
import { abortedError, backoffDelay, sleep } from './backoff';
import { httpError, networkError, redactHeaders } from './flink-error';
import type { FlinkApi, FlinkErrorDetails, RedactedRequest } from './flink-error';
import type { TransportOptions } from './transport-options';
import { parseLosslessJson } from '@sluice/flink-types';
import { flinkError } from '../error-codes';

/** HTTP methods Flink's REST endpoints use. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A query value; arrays are sent comma-separated, as Flink expects. */
export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

/** One call, before it is sent. */
export interface HttpRequest {
  method: HttpMethod;
  /** Path below the base URL, with path parameters already encoded. */
  path: string;
  query?: Record<string, QueryValue>;
  /** JSON body, or a FormData for multipart uploads. */
  body?: unknown;
  /**
   * Whether repeating the call is harmless, which is what allows retries. Defaults to true for GET
   * and false otherwise; job submission and statement execution are never marked idempotent.
   */
  idempotent?: boolean;
  /** Per-call timeout override. */
  timeoutMs?: number;
  /** `lossless` keeps every JSON number as its source text (SQL results with BIGINT / DECIMAL). */
  parse?: 'json' | 'lossless';
  signal?: AbortSignal;
  onUploadProgress?: (loadedBytes: number, totalBytes: number | undefined) => void;
}

const DEFAULTS = { timeoutMs: 30_000, retries: 3, minDelayMs: 200, maxDelayMs: 5_000 };

/**
 * The one place HTTP happens: axios (or an injected adapter/instance), per-attempt timeout, jittered
 * retries for idempotent calls only, Flink error bodies turned into FLINK_* errors.
 *
 * @example
 * ```ts
 * const http = new HttpTransport({ baseUrl: 'http://127.0.0.1:8081' }, 'rest')
 * const overview = await http.request<{ 'flink-version': string }>({ method: 'GET', path: '/overview' })
 * ```
 */
export class HttpTransport {
  readonly baseUrl: string;
  private readonly axios: AxiosInstance;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(private readonly options: TransportOptions, private readonly api: FlinkApi) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
    this.retries = options.retry?.retries ?? DEFAULTS.retries;
    this.minDelayMs = options.retry?.minDelayMs ?? DEFAULTS.minDelayMs;
    this.maxDelayMs = options.retry?.maxDelayMs ?? DEFAULTS.maxDelayMs;
    this.axios = options.axiosInstance ?? axios.create(this.axiosDefaults());
  }

  /** Sends the request (retrying when allowed) and returns the parsed body (undefined when empty). */
  async request<T>(req: HttpRequest): Promise<T> {
    const idempotent = req.idempotent ?? req.method === 'GET';
    const maxAttempts = idempotent ? this.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(req);
      } catch (error) {
        const retriable = isSluiceError(error) && error.retriable;
        if (isSluiceError(error) && error.details !== undefined && 'request' in error.details) (error.details as unknown as Partial<FlinkErrorDetails>).attempts = attempt;
        if (!retriable || attempt >= maxAttempts || req.signal?.aborted) throw error;
        await sleep(backoffDelay(attempt - 1, this.minDelayMs, this.maxDelayMs), req.signal);
      }
    }
  }

  /** The absolute URL of a path (what the request goes to). */
  urlOf(path: string, query?: Record<string, QueryValue>): string {
    return `${this.baseUrl}${path}${serializeQuery(query)}`;
  }

  private async once<T>(req: HttpRequest): Promise<T> {
    if (req.signal?.aborted) throw abortedError(req.signal);
    const timeoutMs = req.timeoutMs ?? this.timeoutMs;
    // Our own deadline covers connect + wait + body; axios' `timeout` alone is a socket idle timer.
    const deadline = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      deadline.abort();
    }, timeoutMs);
    const onCallerAbort = (): void => deadline.abort();
    req.signal?.addEventListener('abort', onCallerAbort, { once: true });
    const url = `${req.path}${serializeQuery(req.query)}`;
    const isForm = typeof FormData !== 'undefined' && req.body instanceof FormData;
    const config: AxiosRequestConfig = {
      method: req.method,
      url,
      timeout: timeoutMs,
      signal: deadline.signal,
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      headers: {
        Accept: 'application/json',
        ...(req.body !== undefined && !isForm ? { 'Content-Type': 'application/json' } : {}),
      },
      ...(req.body === undefined ? {} : { data: isForm ? req.body : JSON.stringify(req.body) }),
      ...(req.onUploadProgress === undefined
        ? {}
        : { onUploadProgress: (e: { loaded: number; total?: number }) => req.onUploadProgress?.(e.loaded, e.total) }),
    };
    const redacted = this.redactedRequest(req.method, url);
    let response: AxiosResponse<unknown>;
    try {
      response = await this.axios.request<unknown>(config);
    } catch (error) {
      if (req.signal?.aborted) throw abortedError(req.signal);
      const code = axios.isAxiosError(error) ? error.code : undefined;
      const isTimeout = timedOut || code === 'ECONNABORTED' || code === 'ETIMEDOUT';
      throw networkError(redacted, networkCodeOf(error) ?? code, isTimeout, timeoutMs, scrubbed(error));
    } finally {
      clearTimeout(timer);
      req.signal?.removeEventListener('abort', onCallerAbort);
    }
    const body = parseBody(response.data, req.parse ?? 'json', redacted, response.status);
    if (response.status < 200 || response.status >= 300) throw httpError(this.api, redacted, response.status, body);
    return body as T;
  }

  private redactedRequest(method: string, url: string): RedactedRequest {
    return {
      method,
      url: redact(`${this.baseUrl}${url}`),
      headers: redactHeaders({ ...(this.options.headers ?? {}), ...(this.options.auth ? { authorization: 'basic' } : {}) }),
    };
  }

  private axiosDefaults(): AxiosRequestConfig {
    const o = this.options;
    const tls = o.tls;
    return {
      baseURL: this.baseUrl,
      ...(o.headers === undefined ? {} : { headers: { ...o.headers } }),
      ...(o.auth === undefined ? {} : { auth: o.auth }),
      ...(o.adapter === undefined ? {} : { adapter: o.adapter }),
      ...(tls === undefined
        ? {}
        : {
            httpsAgent: new HttpsAgent({
              ...(tls.ca === undefined ? {} : { ca: tls.ca }),
              ...(tls.cert === undefined ? {} : { cert: tls.cert }),
              ...(tls.key === undefined ? {} : { key: tls.key }),
              ...(tls.passphrase === undefined ? {} : { passphrase: tls.passphrase }),
              rejectUnauthorized: tls.rejectUnauthorized ?? true,
            }),
          }),
      // Redirects never help here (Flink answers 308 only for the removed cancel mode=stop).
      maxRedirects: 0,
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
    };
  }
}

/** Serializes a query the way Flink reads it: arrays comma-joined, undefined dropped, order kept. */
export function serializeQuery(query: Record<string, QueryValue> | undefined): string {
  if (query === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

function parseBody(data: unknown, mode: 'json' | 'lossless', request: RedactedRequest, status: number): unknown {
  if (typeof data !== 'string') return data;
  if (data.trim() === '') return undefined;
  try {
    return mode === 'lossless' ? parseLosslessJson(data) : JSON.parse(data);
  } catch (error) {
    // Non-JSON 2xx bodies are a protocol problem; non-JSON error bodies are kept as text.
    if (status < 200 || status >= 300) return data;
    throw flinkError<FlinkErrorDetails>('FLINK_PROTOCOL_ERROR', `Flink answered ${status} with a body that is not JSON`, {
      cause: error,
      details: { request, status, serverErrors: [redact(data.slice(0, 2000))] },
    });
  }
}

function networkCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof code === 'string' && code !== 'ERR_CANCELED' && code !== 'ECONNABORTED' ? code : undefined;
}

// axios errors carry the full request config (headers with credentials): keep only a plain Error.
function scrubbed(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(redact(message));
}
