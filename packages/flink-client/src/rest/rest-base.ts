import type { HttpMethod, HttpTransport, QueryValue } from '../transport/http-transport';
import type { TransportOptions } from '../transport/transport-options';

/** Options of {@link FlinkRestClient}. */
export type FlinkRestClientOptions = TransportOptions;

/** Extra settings of one call. */
export interface CallOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  idempotent?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Encodes each interpolated value as one path segment (task manager ids contain `:`).
 *
 * @example
 * ```ts
 * path`/taskmanagers/${'10.0.0.5:39581-6f2a1b'}` // '/taskmanagers/10.0.0.5%3A39581-6f2a1b'
 * ```
 */
export function path(strings: TemplateStringsArray, ...values: Array<string | number>): string {
  return strings.reduce((out, s, i) => out + s + (i < values.length ? encodeURIComponent(String(values[i])) : ''), '');
}

/**
 * Sends one call on the client's transport; GET is retried when it fails transiently, other
 * methods only when marked idempotent. Every endpoint group calls through here.
 *
 * @example
 * ```ts
 * const overview = await send<ClusterOverview>(http, 'GET', '/overview')
 * ```
 */
export function send<T>(http: HttpTransport, method: HttpMethod, p: string, options: CallOptions = {}): Promise<T> {
  return http.request<T>({
    method,
    path: p,
    ...(options.query === undefined ? {} : { query: options.query }),
    ...(options.body === undefined ? {} : { body: options.body }),
    ...(options.idempotent === undefined ? {} : { idempotent: options.idempotent }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}
