// A deliberately tiny SQL Gateway / Flink REST helper for the stack's own smoke tests: it proves the
// raw REST API works on the stack we started, independent of @sluice/flink-client.

export async function httpJson<T>(method: string, url: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, signal: AbortSignal.timeout(30_000) };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} -> HTTP ${response.status}: ${text.slice(0, 2000)}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

interface ResultPage {
  resultType: 'NOT_READY' | 'PAYLOAD' | 'EOS';
  jobID?: string;
  nextResultUri?: string;
  results?: { columns: Array<{ name: string }>; data: Array<{ kind: string; fields: unknown[] }> };
}

export async function openSession(gatewayUrl: string): Promise<string> {
  const { sessionHandle } = await httpJson<{ sessionHandle: string }>('POST', `${gatewayUrl}/v1/sessions`, { sessionName: `stack-test-${Date.now()}` });
  return sessionHandle;
}

export async function closeSession(gatewayUrl: string, session: string): Promise<void> {
  await httpJson('DELETE', `${gatewayUrl}/v1/sessions/${session}`);
}

/** Executes one statement and reads result pages until EOS, or until `maxRows` rows for unbounded queries. */
export async function executeStatement(gatewayUrl: string, session: string, statement: string, maxRows = Number.POSITIVE_INFINITY): Promise<{ rows: unknown[][]; jobId?: string; columns: string[] }> {
  const { operationHandle } = await httpJson<{ operationHandle: string }>('POST', `${gatewayUrl}/v1/sessions/${session}/statements`, { statement });
  let uri: string | undefined = `/v1/sessions/${session}/operations/${operationHandle}/result/0?rowFormat=JSON`;
  const rows: unknown[][] = [];
  let columns: string[] = [];
  let jobId: string | undefined;
  const deadline = Date.now() + 120_000;
  while (uri !== undefined && rows.length < maxRows) {
    if (Date.now() > deadline) throw new Error(`statement did not finish in time: ${statement}`);
    const page: ResultPage = await httpJson<ResultPage>('GET', `${gatewayUrl}${uri}${uri.includes('rowFormat') ? '' : `${uri.includes('?') ? '&' : '?'}rowFormat=JSON`}`);
    jobId = page.jobID ?? jobId;
    if (page.results !== undefined) {
      columns = page.results.columns.map((column) => column.name);
      rows.push(...page.results.data.map((row) => row.fields));
    }
    if (page.resultType === 'EOS') break;
    if (page.resultType === 'NOT_READY' || page.results?.data.length === 0) await new Promise((r) => setTimeout(r, 200));
    uri = page.nextResultUri;
  }
  return jobId === undefined ? { rows, columns } : { rows, columns, jobId };
}

export interface JobOverview {
  jid: string;
  name: string;
  state: string;
}

export async function jobsOverview(restUrl: string): Promise<JobOverview[]> {
  return (await httpJson<{ jobs: JobOverview[] }>('GET', `${restUrl}/jobs/overview`)).jobs;
}

/** Polls /jobs/overview until the job is in one of `states`. */
export async function waitForJobState(restUrl: string, jobId: string, states: readonly string[], timeoutMs = 90_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'unknown';
  while (Date.now() < deadline) {
    last = (await jobsOverview(restUrl)).find((job) => job.jid === jobId)?.state ?? 'not listed';
    if (states.includes(last)) return last;
    if (last === 'FAILED') break;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`job ${jobId} is ${last}, expected one of ${states.join(', ')}`);
}

export async function cancelJob(restUrl: string, jobId: string): Promise<void> {
  await httpJson('PATCH', `${restUrl}/jobs/${jobId}?mode=cancel`);
}
