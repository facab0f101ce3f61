import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';

/** What a test sees of one request that reached the adapter. */
export interface SeenRequest {
  method: string;
  /** Path + query, relative to the base URL. */
  url: string;
  path: string;
  query: URLSearchParams;
  baseURL: string | undefined;
  headers: Record<string, string>;
  /** Parsed JSON body, or the FormData itself. */
  body: unknown;
  signal: AbortSignal | undefined;
}

/** A scripted answer: status + JSON-able body (a string is sent as is), or a thrown network error. */
export type Answer = { status: number; body?: unknown } | { networkError: string } | 'hang';

/**
 * An axios adapter that never touches the network: each request is recorded and answered by
 * `handler`. 'hang' waits until the request's signal aborts, like a server that never answers.
 */
export function fakeAdapter(handler: (req: SeenRequest, index: number) => Answer | Promise<Answer>): { adapter: AxiosAdapter; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig): Promise<AxiosResponse> => {
    const url = config.url ?? '';
    const parsed = new URL(url, 'http://x');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(config.headers.toJSON())) if (typeof v === 'string' || typeof v === 'number') headers[k.toLowerCase()] = String(v);
    const body = typeof config.data === 'string' && config.data !== '' ? (JSON.parse(config.data) as unknown) : config.data;
    const req: SeenRequest = {
      method: (config.method ?? 'get').toUpperCase(),
      url,
      path: parsed.pathname,
      query: parsed.searchParams,
      baseURL: config.baseURL,
      headers,
      body,
      signal: config.signal as AbortSignal | undefined,
    };
    seen.push(req);
    const answer = await handler(req, seen.length - 1);
    if (answer === 'hang') {
      await new Promise<never>((_, reject) => {
        const signal = config.signal as AbortSignal | undefined;
        const fail = (): void => reject(Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' }));
        if (signal?.aborted) fail();
        signal?.addEventListener('abort', () => reject(Object.assign(new Error('canceled'), { code: 'ERR_CANCELED' })));
      });
    }
    if (typeof answer === 'object' && 'networkError' in answer) {
      throw Object.assign(new Error(`connect ${answer.networkError}`), { code: answer.networkError, isAxiosError: true });
    }
    const { status, body: out } = answer as { status: number; body?: unknown };
    const data = out === undefined ? '' : typeof out === 'string' ? out : JSON.stringify(out);
    return { data, status, statusText: String(status), headers: {}, config, request: {} };
  };
  return { adapter, seen };
}

/** A Flink-style error body with a long Java stack and a root cause. */
export function flinkErrorBody(outer: string, rootCause: string): { errors: string[] } {
  const frames = Array.from({ length: 40 }, (_, i) => `\tat org.apache.flink.Some.frame${i}(Some.java:${i})`).join('\n');
  return {
    errors: ['Internal server error.', `<Exception on server side:\n${outer}\n${frames}\nCaused by: java.lang.RuntimeException: wrapper\n${frames}\nCaused by: ${rootCause}\n${frames}\n\nEnd of exception on server side>`],
  };
}
