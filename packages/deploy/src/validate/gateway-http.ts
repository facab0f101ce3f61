import { SluiceError } from '@sluice/errors';
import { parseJavaErrorText } from './java-error-text';

// A deliberately small SQL Gateway REST helper (v1 paths: served by Flink 1.20 and 2.x alike) until
// @sluice/flink-client's SqlGatewayClient can replace it.

/** A statement the gateway refused; `text` is everything the server said. */
export class GatewayStatementError extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {
    super(parseJavaErrorText(text).rootCause);
    this.name = 'GatewayStatementError';
  }
}

interface ResultPage {
  resultType: 'NOT_READY' | 'PAYLOAD' | 'EOS';
  nextResultUri?: string;
  results?: { data?: Array<{ fields: unknown[] }> };
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, signal: AbortSignal.timeout(60_000) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (cause) {
    throw new SluiceError('DEPLOY_GATEWAY_UNREACHABLE', `the SQL Gateway at ${new URL(url).origin} did not answer`, {
      cause,
      retriable: true,
      details: { method, url },
      suggestion: 'start it (npm run stack:up) or pass the right sqlGatewayUrl',
    });
  }
  const text = await response.text();
  if (!response.ok) {
    let errors = text;
    try {
      const parsed = JSON.parse(text) as { errors?: unknown[] };
      if (Array.isArray(parsed.errors)) errors = parsed.errors.map(String).join('\n');
    } catch {
      // not JSON: keep the raw text
    }
    throw new GatewayStatementError(response.status, errors);
  }
  return (text === '' ? {} : JSON.parse(text)) as T;
}

/** An open gateway session; {@link GatewaySession.close} ends it and everything registered in it. */
export class GatewaySession {
  private constructor(
    private readonly baseUrl: string,
    readonly handle: string,
  ) {}

  static async open(sqlGatewayUrl: string, sessionName: string): Promise<GatewaySession> {
    const baseUrl = sqlGatewayUrl.replace(/\/+$/, '');
    try {
      const { sessionHandle } = await request<{ sessionHandle: string }>('POST', `${baseUrl}/v1/sessions`, { sessionName });
      return new GatewaySession(baseUrl, sessionHandle);
    } catch (error) {
      if (error instanceof GatewayStatementError) {
        throw new SluiceError('DEPLOY_GATEWAY_FAILED', `the SQL Gateway refused a session: ${error.message}`, { details: { status: error.status, text: error.text } });
      }
      throw error;
    }
  }

  /** Runs one statement and returns the rows of its result (all pages, until EOS). */
  async execute(statement: string, timeoutMs = 120_000): Promise<unknown[][]> {
    const { operationHandle } = await request<{ operationHandle: string }>('POST', `${this.baseUrl}/v1/sessions/${this.handle}/statements`, { statement });
    let uri: string | undefined = `/v1/sessions/${this.handle}/operations/${operationHandle}/result/0?rowFormat=JSON`;
    const rows: unknown[][] = [];
    const deadline = Date.now() + timeoutMs;
    while (uri !== undefined) {
      if (Date.now() > deadline) {
        throw new SluiceError('DEPLOY_GATEWAY_TIMEOUT', `the SQL Gateway did not finish a statement within ${timeoutMs} ms`, { retriable: true, details: { statement } });
      }
      const url: string = `${this.baseUrl}${uri}${uri.includes('rowFormat') ? '' : `${uri.includes('?') ? '&' : '?'}rowFormat=JSON`}`;
      const page: ResultPage = await request<ResultPage>('GET', url);
      for (const row of page.results?.data ?? []) rows.push(row.fields);
      if (page.resultType === 'EOS') break;
      if (page.resultType === 'NOT_READY') await new Promise((resolve) => setTimeout(resolve, 100));
      uri = page.nextResultUri;
    }
    return rows;
  }

  async close(): Promise<void> {
    await request('DELETE', `${this.baseUrl}/v1/sessions/${this.handle}`).catch(() => undefined);
  }
}
