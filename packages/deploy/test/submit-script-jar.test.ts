import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { submitScriptJar } from '@sluice/deploy';

// A stand-in for the JobManager's /jars endpoints: each request is recorded and answered by `answer`.
async function fakeFlink(answer: (method: string, path: string, body: string) => { status: number; body?: unknown }): Promise<{ url: string; seen: string[]; bodies: string[]; server: Server }> {
  const seen: string[] = [];
  const bodies: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push(`${req.method ?? ''} ${req.url ?? ''}`);
      bodies.push(body);
      const out = answer(req.method ?? '', req.url ?? '', body);
      res.writeHead(out.status, { 'content-type': 'application/json' });
      res.end(out.body === undefined ? '' : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, bodies, server };
}

describe('submitScriptJar on flink-client', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-jar-'));
  const runnerJar = join(dir, 'sluice-sql-runner.jar');
  writeFileSync(runnerJar, Buffer.from('PK\u0003\u0004fake'));
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('uploads, runs the script as base64 with the options, deletes the jar, and returns the job', async () => {
    const flink = await fakeFlink((method, path) =>
      path === '/jars/upload' ? { status: 200, body: { filename: '/up/abc_sluice-sql-runner.jar', status: 'success' } } : method === 'POST' ? { status: 200, body: { jobid: 'f'.repeat(32) } } : { status: 200 },
    );
    servers.push(flink.server);
    const result = await submitScriptJar("SET 'pipeline.name' = 'x';\nINSERT INTO s SELECT 1", { flinkRestUrl: `${flink.url}/`, runnerJar, parallelism: 2, savepointPath: 'file:/sp/1', allowNonRestoredState: true });
    expect(result).toEqual({ jobId: 'f'.repeat(32), jarId: 'abc_sluice-sql-runner.jar' });
    expect(flink.seen).toEqual(['POST /jars/upload', 'POST /jars/abc_sluice-sql-runner.jar/run', 'DELETE /jars/abc_sluice-sql-runner.jar']);
    expect(flink.bodies[0]).toContain('filename="sluice-sql-runner.jar"');
    const run = JSON.parse(flink.bodies[1] ?? '{}') as { entryClass: string; programArgsList: string[]; parallelism: number; savepointPath: string; allowNonRestoredState: boolean; jobId: string };
    expect(run).toMatchObject({ entryClass: 'dev.sluice.jobs.sql.SqlRunner', parallelism: 2, savepointPath: 'file:/sp/1', allowNonRestoredState: true });
    expect(run.jobId).toMatch(/^[0-9a-f]{32}$/);
    expect(run.programArgsList[0]).toBe('--script-b64');
    expect(Buffer.from(run.programArgsList[1] ?? '', 'base64').toString('utf8')).toBe("SET 'pipeline.name' = 'x';\nINSERT INTO s SELECT 1");
  });

  it('keeps the jar with keepJar', async () => {
    const flink = await fakeFlink((method, path) => (path === '/jars/upload' ? { status: 200, body: { filename: '/up/k_sluice-sql-runner.jar', status: 'success' } } : { status: 200, body: { jobid: 'a'.repeat(32) } }));
    servers.push(flink.server);
    await submitScriptJar('INSERT INTO s SELECT 1', { flinkRestUrl: flink.url, runnerJar, keepJar: true });
    expect(flink.seen).toEqual(['POST /jars/upload', 'POST /jars/k_sluice-sql-runner.jar/run']);
  });

  it('a failing main() is DEPLOY_JAR_RUN_FAILED with the call, the status and the root-cause line', async () => {
    const stack = 'org.apache.flink.runtime.rest.handler.RestHandlerException: Could not execute application.\n\tat a.b(C.java:1)\nCaused by: org.apache.flink.table.api.ValidationException: SQL validation failed.\n\tat d.e(F.java:2)\nCaused by: org.apache.calcite.sql.validate.SqlValidatorException: Column \'b\' not found in any table\n\tat g.h(I.java:3)';
    const flink = await fakeFlink((method, path) => (path === '/jars/upload' ? { status: 200, body: { filename: '/up/e_sluice-sql-runner.jar', status: 'success' } } : method === 'POST' ? { status: 400, body: { errors: [stack] } } : { status: 200 }));
    servers.push(flink.server);
    const error = await submitScriptJar('INSERT INTO s SELECT b FROM t', { flinkRestUrl: flink.url, runnerJar }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'DEPLOY_JAR_RUN_FAILED',
      message: "POST /jars/e_sluice-sql-runner.jar/run failed (HTTP 400): Column 'b' not found in any table",
      details: { status: 400, errors: [stack] },
    });
    expect(flink.seen[2]).toBe('DELETE /jars/e_sluice-sql-runner.jar');
  });

  it('an unreachable cluster is DEPLOY_FLINK_UNREACHABLE; a missing runner jar is DEPLOY_RUNNER_JAR_MISSING', async () => {
    await expect(submitScriptJar('INSERT INTO s SELECT 1', { flinkRestUrl: 'http://127.0.0.1:1', runnerJar })).rejects.toMatchObject({ code: 'DEPLOY_FLINK_UNREACHABLE', retriable: true });
    await expect(submitScriptJar('INSERT INTO s SELECT 1', { flinkRestUrl: 'http://127.0.0.1:1', runnerJar: join(dir, 'absent.jar') })).rejects.toMatchObject({ code: 'DEPLOY_RUNNER_JAR_MISSING' });
  });
});
