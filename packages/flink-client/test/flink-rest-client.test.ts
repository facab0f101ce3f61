import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FlinkRestClient } from '@sluice/flink-client';
import type { OperationProgress } from '@sluice/flink-client';
import { fakeAdapter } from './helpers/fake-adapter';

const JOB = '0123456789abcdef0123456789abcdef';

describe('FlinkRestClient convenience calls', () => {
  test('savepoint: client-chosen triggerId, a retried trigger reuses it, progress reported, location returned', async () => {
    let statusCalls = 0;
    const { adapter, seen } = fakeAdapter((req, i) => {
      if (req.method === 'POST') return i === 0 ? { networkError: 'ECONNRESET' } : { status: 202, body: { 'request-id': (req.body as { triggerId: string }).triggerId } };
      return ++statusCalls < 3 ? { status: 200, body: { status: { id: 'IN_PROGRESS' } } } : { status: 200, body: { status: { id: 'COMPLETED' }, operation: { location: 'file:/sp/savepoint-1' } } };
    });
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter, retry: { minDelayMs: 1, maxDelayMs: 2 } });
    const progress: OperationProgress['phase'][] = [];
    const result = await flink.savepoint(JOB, { formatType: 'CANONICAL', pollMaxMs: 5, onProgress: (p) => progress.push(p.phase) });
    const posts = seen.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[0]?.body).toEqual(posts[1]?.body);
    expect(posts[0]?.body).toEqual({ triggerId: result.triggerId, 'cancel-job': false, formatType: 'CANONICAL' });
    expect(result.triggerId).toMatch(/^[0-9a-f]{32}$/);
    expect(result.location).toBe('file:/sp/savepoint-1');
    expect(seen[seen.length - 1]?.path).toBe(`/jobs/${JOB}/savepoints/${result.triggerId}`);
    expect(progress).toEqual(['triggered', 'in-progress', 'in-progress', 'completed']);
  });

  test('stop-with-savepoint failure-cause becomes FLINK_SAVEPOINT_FAILED with the root cause', async () => {
    const stack = 'java.util.concurrent.CompletionException: x\n\tat a.b\nCaused by: org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint Coordinator is suspending.\n\tat c.d';
    const { adapter, seen } = fakeAdapter((req) => (req.method === 'POST' ? { status: 202, body: { 'request-id': 'x' } } : { status: 200, body: { status: { id: 'COMPLETED' }, operation: { 'failure-cause': { class: 'java.util.concurrent.CompletionException', 'stack-trace': stack } } } }));
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter });
    await expect(flink.stopWithSavepoint(JOB, { drain: true, targetDirectory: 's3://sp' })).rejects.toMatchObject({
      code: 'FLINK_SAVEPOINT_FAILED',
      message: `stop-with-savepoint of job ${JOB} failed: org.apache.flink.runtime.checkpoint.CheckpointException: Checkpoint Coordinator is suspending.`,
      details: { jobId: JOB, stackTrace: stack },
    });
    expect(seen[0]).toMatchObject({ method: 'POST', path: `/jobs/${JOB}/stop`, body: { drain: true, targetDirectory: 's3://sp' } });
  });

  test('checkpoint reads camelCase failureCause / checkpointId; an operation that never ends gives FLINK_TIMEOUT', async () => {
    const ok = fakeAdapter((req) => (req.method === 'POST' ? { status: 202, body: { 'request-id': 'x' } } : { status: 200, body: { status: { id: 'COMPLETED' }, operation: { checkpointId: 42 } } }));
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter: ok.adapter });
    await expect(flink.checkpoint(JOB, { checkpointType: 'FULL' })).resolves.toMatchObject({ checkpointId: 42 });
    expect(ok.seen[0]?.body).toMatchObject({ checkpointType: 'FULL' });
    const stuck = fakeAdapter((req) => (req.method === 'POST' ? { status: 202, body: { 'request-id': 'x' } } : { status: 200, body: { status: { id: 'IN_PROGRESS' } } }));
    const slow = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter: stuck.adapter });
    await expect(slow.checkpoint(JOB, { timeoutMs: 30, pollMaxMs: 5 })).rejects.toMatchObject({ code: 'FLINK_TIMEOUT', retriable: true });
  });

  test('runJar: multipart upload, then one run with the client-chosen jobId; a lost answer is looked up, never resubmitted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-client-'));
    const jar = join(dir, 'job.jar');
    writeFileSync(jar, Buffer.from('PK\u0003\u0004fake'));
    const { adapter, seen } = fakeAdapter((req) => {
      if (req.path === '/jars/upload') return { status: 200, body: { filename: '/tmp/flink-web/abc_job.jar', status: 'success' } };
      if (req.path.endsWith('/run')) return 'hang';
      return { status: 200, body: { status: 'RUNNING' } };
    });
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter, retry: { retries: 3, minDelayMs: 1 } });
    const result = await flink.runJar(jar, {
      entryClass: 'dev.sluice.jobs.smoke.SmokeJob', programArgsList: ['--count', '10'], parallelism: 1,
      savepointPath: 'file:/sp/1', allowNonRestoredState: true, claimMode: 'NO_CLAIM', timeoutMs: 30,
    });
    const upload = seen[0];
    expect(upload?.body).toBeInstanceOf(FormData);
    const part = (upload?.body as FormData).get('jarfile') as File;
    expect([part.name, part.type, part.size]).toEqual(['job.jar', 'application/x-java-archive', 8]);
    const runs = seen.filter((r) => r.path.endsWith('/run'));
    expect(runs).toHaveLength(1);
    expect(runs[0]?.path).toBe('/jars/abc_job.jar/run');
    expect(runs[0]?.body).toEqual({
      jobId: result.jobId, entryClass: 'dev.sluice.jobs.smoke.SmokeJob', programArgsList: ['--count', '10'], parallelism: 1,
      savepointPath: 'file:/sp/1', allowNonRestoredState: true, claimMode: 'NO_CLAIM',
    });
    expect(seen[seen.length - 1]?.path).toBe(`/jobs/${result.jobId}/status`);
    expect(result.jarId).toBe('abc_job.jar');
  });

  test('runJar: after a lost answer the job is looked up until it appears (main() outlasted the call), and only then is the jar deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-client-'));
    const jar = join(dir, 'job.jar');
    writeFileSync(jar, Buffer.from('PK\u0003\u0004fake'));
    let lookups = 0;
    const { adapter, seen } = fakeAdapter((req) => {
      if (req.path === '/jars/upload') return { status: 200, body: { filename: '/tmp/flink-web/abc_job.jar', status: 'success' } };
      if (req.path.endsWith('/run')) return 'hang';
      if (req.method === 'DELETE') return { status: 200 };
      // Flink is still running main(): the job exists only from the third look on.
      return ++lookups < 3 ? { status: 404, body: { errors: ['Job not found'] } } : { status: 200, body: { status: 'RUNNING' } };
    });
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter, retry: { retries: 0 } });
    const result = await flink.runJar(jar, { entryClass: 'x.Job', timeoutMs: 30, deleteJar: true, lostAnswerLookupMs: 5_000 });
    expect(seen.filter((r) => r.path.endsWith('/run'))).toHaveLength(1);
    expect(seen.map((r) => `${r.method} ${r.path}`).slice(2)).toEqual([
      `GET /jobs/${result.jobId}/status`,
      `GET /jobs/${result.jobId}/status`,
      `GET /jobs/${result.jobId}/status`,
      'DELETE /jars/abc_job.jar',
    ]);
  });

  test('runJar: a job that never appears after a lost answer gives FLINK_TIMEOUT with jobId and jarId, and the jar is kept for the submission still in flight', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-client-'));
    const jar = join(dir, 'job.jar');
    writeFileSync(jar, Buffer.from('PK\u0003\u0004fake'));
    const { adapter, seen } = fakeAdapter((req) => {
      if (req.path === '/jars/upload') return { status: 200, body: { filename: '/tmp/flink-web/abc_job.jar', status: 'success' } };
      if (req.path.endsWith('/run')) return 'hang';
      if (req.method === 'DELETE') return { status: 200 };
      return { status: 404, body: { errors: ['Job not found'] } };
    });
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter, retry: { retries: 0 } });
    const error = await flink.runJar(jar, { entryClass: 'x.Job', timeoutMs: 30, deleteJar: true, lostAnswerLookupMs: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FLINK_TIMEOUT', details: { jobId: expect.stringMatching(/^[0-9a-f]{32}$/), jarId: 'abc_job.jar' } });
    expect(seen.filter((r) => r.path.endsWith('/run'))).toHaveLength(1);
    expect(seen.filter((r) => r.path.endsWith('/status')).length).toBeGreaterThanOrEqual(2);
    expect(seen.some((r) => r.method === 'DELETE')).toBe(false);
  });

  test('runJar: a refused connection is not looked up (nothing reached the server) and the jar is still deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'flink-client-'));
    const jar = join(dir, 'job.jar');
    writeFileSync(jar, Buffer.from('PK\u0003\u0004fake'));
    const { adapter, seen } = fakeAdapter((req) => {
      if (req.path === '/jars/upload') return { status: 200, body: { filename: '/tmp/flink-web/abc_job.jar', status: 'success' } };
      if (req.path.endsWith('/run')) return { networkError: 'ECONNREFUSED' };
      return { status: 200 };
    });
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter, retry: { retries: 0 } });
    await expect(flink.runJar(jar, { deleteJar: true })).rejects.toMatchObject({ code: 'FLINK_UNAVAILABLE' });
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /jars/upload', 'POST /jars/abc_job.jar/run', 'DELETE /jars/abc_job.jar']);
  });

  test('flinkVersion parses GET /config once', async () => {
    const { adapter, seen } = fakeAdapter(() => ({ status: 200, body: { 'flink-version': '1.20.1', features: {} } }));
    const flink = new FlinkRestClient({ baseUrl: 'http://jm:8081', adapter });
    expect(await flink.flinkVersion()).toEqual({ text: '1.20.1', major: 1, minor: 20, patch: 1 });
    await flink.flinkVersion();
    expect(seen.map((r) => r.path)).toEqual(['/config']);
  });
});
