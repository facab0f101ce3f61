// A small SQL Gateway / Flink REST helper for these tests only (@sluice/flink-client is written separately).

export async function http<T>(method: string, url: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, signal: AbortSignal.timeout(30_000) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} -> HTTP ${response.status}: ${text.slice(0, 3000)}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

interface ResultPage {
  resultType: 'NOT_READY' | 'PAYLOAD' | 'EOS';
  jobID?: string;
  nextResultUri?: string;
  results?: { data: Array<{ fields: unknown[] }> };
}

export class Gateway {
  private constructor(private readonly url: string, private readonly session: string) {}

  static async open(url: string): Promise<Gateway> {
    const { sessionHandle } = await http<{ sessionHandle: string }>('POST', `${url}/v1/sessions`, { sessionName: `kafka-it-${Date.now()}` });
    return new Gateway(url, sessionHandle);
  }

  /** Runs a statement; for INSERT it returns once the job is submitted (with its id). */
  async execute(statement: string): Promise<{ jobId?: string; rows: unknown[][] }> {
    const { operationHandle } = await http<{ operationHandle: string }>('POST', `${this.url}/v1/sessions/${this.session}/statements`, { statement });
    let uri: string | undefined = `/v1/sessions/${this.session}/operations/${operationHandle}/result/0?rowFormat=JSON`;
    const rows: unknown[][] = [];
    let jobId: string | undefined;
    const deadline = Date.now() + 120_000;
    while (uri !== undefined) {
      if (Date.now() > deadline) throw new Error(`statement did not finish: ${statement}`);
      const page: ResultPage = await http<ResultPage>('GET', `${this.url}${uri}${uri.includes('rowFormat') ? '' : `${uri.includes('?') ? '&' : '?'}rowFormat=JSON`}`);
      jobId = page.jobID ?? jobId;
      rows.push(...(page.results?.data ?? []).map((r) => r.fields));
      if (page.resultType === 'EOS') break;
      if (page.resultType === 'NOT_READY') await new Promise((r) => setTimeout(r, 200));
      uri = page.nextResultUri;
    }
    return jobId === undefined ? { rows } : { jobId, rows };
  }

  async close(): Promise<void> {
    await http('DELETE', `${this.url}/v1/sessions/${this.session}`).catch(() => undefined);
  }
}

export async function waitForRunning(restUrl: string, jobId: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const { jobs } = await http<{ jobs: Array<{ jid: string; state: string }> }>('GET', `${restUrl}/jobs/overview`);
    const state = jobs.find((j) => j.jid === jobId)?.state;
    if (state === 'RUNNING') return;
    if (state === 'FAILED' || Date.now() > deadline) throw new Error(`job ${jobId} is ${state ?? 'not listed'}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

export async function cancelJob(restUrl: string, jobId: string): Promise<void> {
  await http('PATCH', `${restUrl}/jobs/${jobId}?mode=cancel`).catch(() => undefined);
}

/** Polls `check` until it returns true (an outcome to wait for, not a timed assertion). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
