// A minimal SQL Gateway REST client for these tests (the real client lives in @sluice/flink-client).

interface GatewayError {
  errors?: string[];
}

/** The error text a failed statement produced, shortened to its root cause lines. */
export class StatementError extends Error {
  constructor(
    readonly statement: string,
    readonly full: string,
  ) {
    super(rootCause(full));
    this.name = 'StatementError';
  }
}

function rootCause(text: string): string {
  const lines = text.split('\n').filter((l) => /Exception|Error|Caused by/.test(l));
  return (lines.slice(-3).join('\n') || text).slice(0, 2000);
}

async function call<T>(url: string, init?: { method: string; body?: unknown }): Promise<T> {
  const res = await fetch(url, {
    method: init?.method ?? 'GET',
    headers: { 'content-type': 'application/json' },
    ...(init?.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await res.text();
  const json = (text.length > 0 ? JSON.parse(text) : {}) as T & GatewayError;
  if (!res.ok || (json.errors !== undefined && json.errors.length > 0)) {
    throw new StatementError(url, (json.errors ?? [text]).join('\n'));
  }
  return json;
}

/** One column of a result. */
interface ResultColumn {
  name: string;
}
interface ResultPage {
  resultType: 'NOT_READY' | 'PAYLOAD' | 'EOS';
  nextResultUri?: string;
  jobID?: string;
  results?: { columns?: ResultColumn[]; data?: { kind: string; fields: unknown[] }[] };
}

/** The rows of a finished statement and the job it started, if any. */
export interface StatementResult {
  rows: unknown[][];
  jobId: string | undefined;
}

/** A SQL Gateway session. */
export class GatewaySession {
  private constructor(
    private readonly base: string,
    readonly handle: string,
  ) {}

  static async open(base: string, properties: Record<string, string> = {}): Promise<GatewaySession> {
    const res = await call<{ sessionHandle: string }>(`${base}/v1/sessions`, { method: 'POST', body: { properties } });
    return new GatewaySession(base, res.sessionHandle);
  }

  /** Runs one statement and reads its result until EOS (or the first page for a streaming INSERT's job id). */
  async run(statement: string, options: { untilJobId?: boolean } = {}): Promise<StatementResult> {
    const op = await call<{ operationHandle: string }>(`${this.base}/v1/sessions/${this.handle}/statements`, {
      method: 'POST',
      body: { statement },
    });
    let next: string | undefined = `/v1/sessions/${this.handle}/operations/${op.operationHandle}/result/0?rowFormat=JSON`;
    const rows: unknown[][] = [];
    let jobId: string | undefined;
    while (next !== undefined) {
      let page: ResultPage;
      try {
        page = await call<ResultPage>(`${this.base}${next}`);
      } catch (e) {
        if (e instanceof StatementError) throw new StatementError(statement, e.full);
        throw e;
      }
      jobId = page.jobID ?? jobId;
      if (page.resultType === 'NOT_READY') {
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      for (const d of page.results?.data ?? []) rows.push(d.fields);
      if (page.resultType === 'EOS') break;
      if (options.untilJobId === true && jobId !== undefined) break;
      next = page.nextResultUri;
    }
    return { rows, jobId };
  }

  async close(): Promise<void> {
    await fetch(`${this.base}/v1/sessions/${this.handle}`, { method: 'DELETE' });
  }
}

/** Cancels a Flink job through the JobManager REST API (ignores jobs already gone). */
export async function cancelJob(flinkRestUrl: string, jobId: string): Promise<void> {
  await fetch(`${flinkRestUrl}/jobs/${jobId}?mode=cancel`, { method: 'PATCH' });
}
