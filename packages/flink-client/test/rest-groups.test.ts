import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClusterApi, FlinkRestClient, HttpTransport, JarsApi, JobCheckpointsApi, JobsApi, JobVerticesApi } from '@sluice/flink-client';
import { fakeAdapter, flinkErrorBody } from './helpers/fake-adapter';

// The REST client is composed: endpoint groups on one transport, with the flat operationId methods
// as thin delegates. Requests are captured by an injected axios adapter (no network).

const JOB = '0123456789abcdef0123456789abcdef';
const VERTEX = 'fedcba9876543210fedcba9876543210';
const GROUPS = { cluster: ClusterApi, jars: JarsApi, jobs: JobsApi, vertices: JobVerticesApi, checkpoints: JobCheckpointsApi } as const;
type GroupName = keyof typeof GROUPS;

function methodsOf(Api: (typeof GROUPS)[GroupName]): string[] {
  return Object.getOwnPropertyNames(Api.prototype).filter((n) => n !== 'constructor');
}

describe('FlinkRestClient endpoint groups', () => {
  test('jobs.getJobDetails and cluster.getClusterOverview go through the one configured transport (base URL prefix, headers)', async () => {
    const { adapter, seen } = fakeAdapter((req) => ({ status: 200, body: req.path.endsWith('/overview') ? { 'flink-version': '2.2.1' } : { jid: JOB, state: 'RUNNING' } }));
    const flink = new FlinkRestClient({ baseUrl: 'http://proxy:8080/flink/', headers: { 'X-Tenant': 'acme', Authorization: 'Bearer t0k' }, adapter });
    await expect(flink.jobs.getJobDetails(JOB)).resolves.toEqual({ jid: JOB, state: 'RUNNING' });
    await expect(flink.cluster.getClusterOverview()).resolves.toEqual({ 'flink-version': '2.2.1' });
    expect(seen.map((r) => [r.method, r.baseURL, r.url])).toEqual([
      ['GET', 'http://proxy:8080/flink', `/jobs/${JOB}`],
      ['GET', 'http://proxy:8080/flink', '/overview'],
    ]);
    for (const r of seen) {
      expect(r.headers['x-tenant']).toBe('acme');
      expect(r.headers.authorization).toBe('Bearer t0k');
    }
  });

  test('jars.uploadJar sends one multipart part and returns the jar id; jars.submitJobFromJar runs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-groups-'));
    const jar = join(dir, 'job.jar');
    writeFileSync(jar, Buffer.from('PK\u0003\u0004fake'));
    const { adapter, seen } = fakeAdapter((req) => (req.path === '/jars/upload' ? { status: 200, body: { filename: '/tmp/flink-web/abc_job.jar', status: 'success' } } : { status: 200, body: { jobid: JOB } }));
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter });
    const uploaded = await flink.jars.uploadJar(jar);
    expect(uploaded).toEqual({ filename: '/tmp/flink-web/abc_job.jar', status: 'success', jarId: 'abc_job.jar' });
    const part = (seen[0]?.body as FormData).get('jarfile') as File;
    expect([seen[0]?.method, seen[0]?.path, part.name, part.type]).toEqual(['POST', '/jars/upload', 'job.jar', 'application/x-java-archive']);
    await expect(flink.jars.submitJobFromJar(uploaded.jarId, { entryClass: 'a.B', parallelism: 1 })).resolves.toEqual({ jobid: JOB });
    expect(seen[1]).toMatchObject({ method: 'POST', path: '/jars/abc_job.jar/run', body: { entryClass: 'a.B', parallelism: 1 } });
  });

  test('vertices and checkpoints keep their wire rules: back pressure before metrics, trigger retried only with a triggerId', async () => {
    const { adapter, seen } = fakeAdapter((req, i) => {
      if (req.path.endsWith('/backpressure')) return { status: 500, body: flinkErrorBody('java.util.NoSuchElementException: No value present', 'java.util.NoSuchElementException: No value present') };
      return i === 1 ? { networkError: 'ECONNRESET' } : { status: 202, body: { 'request-id': 'r1' } };
    });
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter, retry: { retries: 0 } });
    await expect(flink.vertices.getJobVertexBackPressure(JOB, VERTEX)).resolves.toEqual({ status: 'deprecated' });
    await expect(flink.checkpoints.triggerCheckpoint(JOB, {})).rejects.toMatchObject({ code: 'FLINK_UNAVAILABLE' });
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /jobs/${JOB}/vertices/${VERTEX}/backpressure`, `POST /jobs/${JOB}/checkpoints`]);
  });

  test('a group works on its own over a transport the caller made', async () => {
    const { adapter, seen } = fakeAdapter(() => ({ status: 404, body: { errors: [`org.apache.flink.runtime.rest.NotFoundException: Job ${JOB} not found`] } }));
    const jobs = new JobsApi(new HttpTransport({ baseUrl: 'http://jm:8081', adapter }, 'rest'));
    await expect(jobs.getJobStatusInfo(JOB)).rejects.toMatchObject({ code: 'FLINK_NOT_FOUND', message: `org.apache.flink.runtime.rest.NotFoundException: Job ${JOB} not found` });
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([`GET /jobs/${JOB}/status`]);
  });

  test('every group method is also a flat method of the client, and no two groups (or the client) share a name', () => {
    const names = (Object.keys(GROUPS) as GroupName[]).flatMap((g) => methodsOf(GROUPS[g]));
    expect(names).toHaveLength(69); // every JobManager REST operation but submitJob (see OPERATION_GAPS)
    expect(new Set(names).size).toBe(names.length);
    const own = Object.getOwnPropertyNames(FlinkRestClient.prototype);
    const convenience = ['constructor', 'flinkVersion', 'savepoint', 'stopWithSavepoint', 'checkpoint', 'disposeSavepoint', 'runJar', 'jobAppears', 'waitForJobStatus', 'awaitSavepoint'];
    expect(own.filter((n) => !names.includes(n)).sort()).toEqual([...convenience].sort());
    expect(names.filter((n) => own.includes(n)).sort()).toEqual([...names].sort());
  });

  test('a flat method passes its arguments to its group method, with the group as this, and returns its promise', () => {
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter: fakeAdapter(() => ({ status: 500 })).adapter });
    const flat = flink as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const group of Object.keys(GROUPS) as GroupName[]) {
      const target = flink[group] as unknown as Record<string, (...args: unknown[]) => unknown>;
      for (const name of methodsOf(GROUPS[group])) {
        const calls: { self: unknown; args: unknown[] }[] = [];
        const answer = Promise.resolve(name);
        target[name] = function (this: unknown, ...args: unknown[]) {
          calls.push({ self: this, args });
          return answer;
        };
        const result = flat[name]!(JOB, 7, { x: 1 });
        expect(result).toBe(answer);
        expect(calls).toHaveLength(1);
        expect(calls[0]?.self).toBe(target);
        expect([name, calls[0]?.args]).toEqual([name, [JOB, 7, { x: 1 }]]);
      }
    }
  });

  test('the flat and grouped forms send the same request', async () => {
    const { adapter, seen } = fakeAdapter(() => ({ status: 200, body: [] }));
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter });
    await flink.getJobMetrics(JOB, { get: ['uptime', 'numRestarts'] });
    await flink.jobs.getJobMetrics(JOB, { get: ['uptime', 'numRestarts'] });
    expect(seen).toHaveLength(2);
    expect(seen[0]?.url).toBe(`/jobs/${JOB}/metrics?get=uptime%2CnumRestarts`);
    expect(seen[1]?.url).toBe(seen[0]?.url);
  });
});
