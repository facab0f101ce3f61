import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlinkRestClient, SqlGatewayClient, rootCauseLine, serializeQuery } from '@sluice/flink-client';
import type { FlinkErrorDetails } from '@sluice/flink-client';
import { isSluiceError } from '@sluice/errors';
import { fakeAdapter, flinkErrorBody } from './helpers/fake-adapter';

async function caught(p: Promise<unknown>): Promise<Error & { code: string; retriable: boolean; details: FlinkErrorDetails; toJSON(): unknown }> {
  try {
    await p;
  } catch (error) {
    if (isSluiceError(error)) return error as never;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('transport', () => {
  test('base URL with a proxy prefix, custom headers and comma-joined list queries', async () => {
    const { adapter, seen } = fakeAdapter(() => ({ status: 200, body: [{ id: 'numRecordsIn', min: 1, max: 2 }] }));
    const flink = new FlinkRestClient({ baseUrl: 'https://gw.example.com/flink/', headers: { 'X-Team': 'sluice' }, adapter });
    const metrics = await flink.getAggregatedJobMetrics({ get: ['numRecordsIn', 'numRecordsOut'], agg: ['max', 'min'], jobs: ['a', 'b'] });
    expect(metrics).toEqual([{ id: 'numRecordsIn', min: 1, max: 2 }]);
    expect(seen[0]?.baseURL).toBe('https://gw.example.com/flink');
    expect(seen[0]?.url).toBe('/jobs/metrics?get=numRecordsIn%2CnumRecordsOut&agg=max%2Cmin&jobs=a%2Cb');
    expect(seen[0]?.headers['x-team']).toBe('sluice');
    expect(serializeQuery({ a: undefined, b: true, c: [1, 2] })).toBe('?b=true&c=1%2C2');
  });

  test('path parameters are encoded (task manager ids contain ":")', async () => {
    const { adapter, seen } = fakeAdapter(() => ({ status: 200, body: [] }));
    await new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter }).getTaskManagerMetrics('10.0.0.5:39581-6f2a1b', { get: ['Status.JVM.CPU.Load'] });
    expect(seen[0]?.path).toBe('/taskmanagers/10.0.0.5%3A39581-6f2a1b/metrics');
  });

  test('an idempotent GET is retried with backoff on 503 and succeeds', async () => {
    const { adapter, seen } = fakeAdapter((_, i) => (i < 2 ? { status: 503, body: { errors: ['Service temporarily unavailable due to an ongoing leader election. Please refresh.'] } } : { status: 200, body: { jobs: [] } }));
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter, retry: { retries: 3, minDelayMs: 1, maxDelayMs: 5 } });
    await expect(flink.getJobsOverview()).resolves.toEqual({ jobs: [] });
    expect(seen).toHaveLength(3);
  });

  test('job submission is never retried, even on a retriable network error', async () => {
    const { adapter, seen } = fakeAdapter(() => ({ networkError: 'ECONNRESET' }));
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter, retry: { retries: 5, minDelayMs: 1 } });
    const error = await caught(flink.submitJobFromJar('abc_job.jar', { entryClass: 'x.Y' }));
    expect(error.code).toBe('FLINK_UNAVAILABLE');
    expect(error.retriable).toBe(true);
    expect(seen).toHaveLength(1);
    const gw = new SqlGatewayClient({ baseUrl: 'http://gw:8083', adapter, apiVersion: 'v4' });
    await caught(gw.executeStatement('s', { statement: 'INSERT INTO t SELECT 1' }));
    // apiVersion 'v4' still asks /v1/api_versions once (retried), then the statement exactly once.
    expect(seen.filter((r) => r.path.endsWith('/statements'))).toHaveLength(0);
  });

  test('Flink error bodies: message is the root-cause line, full text in details, codes by status', async () => {
    const body = flinkErrorBody('org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.', 'java.lang.IllegalArgumentException: --count must be a number');
    const { adapter } = fakeAdapter((req) => (req.path.endsWith('/run') ? { status: 400, body } : { status: 404, body: { errors: ['Not found: /nope'] } }));
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter, retry: { retries: 0 } });
    const error = await caught(flink.submitJobFromJar('abc_job.jar'));
    expect(error.code).toBe('FLINK_BAD_REQUEST');
    expect(error.message).toBe('java.lang.IllegalArgumentException: --count must be a number');
    expect(error.details.status).toBe(400);
    expect(error.details.serverErrors).toEqual(body.errors);
    expect(error.details.request).toEqual({ method: 'POST', url: 'http://jm:8081/jars/abc_job.jar/run', headers: {} });
    const missing = await caught(flink.getJobDetails('00000000000000000000000000000000'));
    expect(missing.code).toBe('FLINK_NOT_FOUND');
    expect(missing.message).toBe('Not found: /nope');
  });

  test('a recorded SQL Gateway error becomes FLINK_SQL_ERROR with the validator line as message', async () => {
    const recorded = readFileSync(join(__dirname, 'fixtures', 'sql-error-no-such-table.json'), 'utf8');
    const { adapter } = fakeAdapter((req) => (req.path === '/v1/api_versions' ? { status: 200, body: { versions: ['V1', 'V2', 'V3', 'V4'] } } : { status: 500, body: recorded }));
    const gw = new SqlGatewayClient({ baseUrl: 'http://gw:8083', adapter });
    const error = await caught(gw.fetchResults('s', 'o', 0));
    expect(error.code).toBe('FLINK_SQL_ERROR');
    expect(error.message).toBe("org.apache.calcite.sql.validate.SqlValidatorException: Object 'no_such_table' not found");
    expect(error.details.serverErrors?.join('\n')).toContain('at org.apache.flink.table.gateway.rest.handler.statement.FetchResultsHandler');
  });

  test('credentials are redacted: Authorization header, basic auth, password in the URL', async () => {
    const { adapter, seen } = fakeAdapter(() => ({ status: 500, body: { errors: ['boom for http://admin:hunter2@jm:8081 Authorization: Bearer abc.def'] } }));
    const flink = new FlinkRestClient({ baseUrl: 'http://admin:hunter2@jm:8081', headers: { Authorization: 'Bearer sekret-token' }, adapter, retry: { retries: 0 } });
    const error = await caught(flink.getClusterOverview());
    expect(seen[0]?.headers.authorization).toBe('Bearer sekret-token');
    const shown = JSON.stringify(error.toJSON()) + error.message + JSON.stringify(error.details);
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('sekret-token');
    expect(shown).not.toContain('abc.def');
    expect(error.details.request.headers).toEqual({ Authorization: '***' });
  });

  test('a server that never answers gives FLINK_TIMEOUT after timeoutMs, per attempt', async () => {
    const { adapter, seen } = fakeAdapter(() => 'hang');
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter, timeoutMs: 50, retry: { retries: 1, minDelayMs: 1, maxDelayMs: 2 } });
    const error = await caught(flink.getClusterOverview());
    expect(error.code).toBe('FLINK_TIMEOUT');
    expect(error.message).toBe('no answer from Flink within 50 ms (GET http://jm:8081/overview)');
    expect(seen).toHaveLength(2);
  });

  test('a caller abort stops waiting with FLINK_ABORTED', async () => {
    const { adapter } = fakeAdapter(() => 'hang');
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter, timeoutMs: 60_000 });
    const controller = new AbortController();
    const pending = caught(flink.http.request({ method: 'GET', path: '/overview', signal: controller.signal }));
    controller.abort();
    expect((await pending).code).toBe('FLINK_ABORTED');
  });

  test('rootCauseLine falls back to the first exception line, then the plain message', () => {
    expect(rootCauseLine(['org.apache.flink.runtime.rest.NotFoundException: Job 00 not found\n\tat a.b(C.java:1)'])).toBe('org.apache.flink.runtime.rest.NotFoundException: Job 00 not found');
    expect(rootCauseLine(['Internal server error.', '<Exception on server side:\nx.Y: first\n\tat a\nEnd of exception on server side>'])).toBe('x.Y: first');
    expect(rootCauseLine([])).toBe('Flink returned an error without a message');
  });
});
