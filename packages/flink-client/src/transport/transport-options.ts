import type { AxiosAdapter, AxiosInstance } from 'axios';

/** Retry policy for idempotent calls (never applied to job submission or statement execution). */
export interface RetryOptions {
  /** Extra attempts after the first one. Default 3. */
  retries?: number;
  /** Delay before the first retry, in ms; doubles each time (with full jitter). Default 200. */
  minDelayMs?: number;
  /** Upper bound of one delay, in ms. Default 5000. */
  maxDelayMs?: number;
}

/** TLS settings for an `https://` base URL. */
export interface TlsOptions {
  /** PEM CA bundle(s) to trust in addition to (or instead of) the system ones. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate (PEM) for mutual TLS. */
  cert?: string | Buffer;
  /** Client private key (PEM) for mutual TLS. */
  key?: string | Buffer;
  /** Passphrase of `key`. */
  passphrase?: string;
  /** Verify the server certificate. Default true; turn off only for local testing. */
  rejectUnauthorized?: boolean;
}

/**
 * How a client reaches Flink: base URL, headers, TLS, timeouts, retries, and an injectable axios
 * instance or adapter (tests inject an adapter and never touch the network).
 *
 * @example
 * ```ts
 * const options: TransportOptions = {
 *   baseUrl: 'https://flink.example.com/proxy-prefix',
 *   headers: { Authorization: `Bearer ${token}` },
 *   timeoutMs: 10_000,
 *   retry: { retries: 5 },
 * }
 * ```
 */
export interface TransportOptions {
  /** e.g. `http://127.0.0.1:8081`; may include a path prefix for a proxy (`rest.url-prefix`). */
  baseUrl: string;
  /** Sent with every request (e.g. `Authorization`). Redacted in every error. */
  headers?: Record<string, string>;
  /** HTTP basic auth; the password is redacted in every error. */
  auth?: { username: string; password: string };
  tls?: TlsOptions;
  /** Time one attempt may take before it fails with FLINK_TIMEOUT. Default 30 000 ms. */
  timeoutMs?: number;
  retry?: RetryOptions;
  /** Replace axios' HTTP adapter (tests, custom stacks). */
  adapter?: AxiosAdapter;
  /** Use this axios instance (interceptors, proxies) instead of creating one. */
  axiosInstance?: AxiosInstance;
}
