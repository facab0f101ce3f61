import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, jarRunner, resolveConfig, statementRunner, submitThroughGateway, validateWithGateway, type DeployContext, type RunnableStatement } from '@sluice/deploy';

// One stand-in for the JobManager's /jars endpoints and the SQL Gateway, behind a check of one header
// (as a proxy in front of a cluster would do): the runners must send what the config says. The header's
// name is not credential-like on purpose: its value must still never show in an error.

const TOKEN = 'tok-secret-4711';
const SH = '11111111-2222-3333-4444-555555555555';
const JOB = 'f'.repeat(32);
const VARCHAR = { type: 'VARCHAR', nullable: true, length: 2147483647 };

interface Seen {
  method: string;
  path: string;
  token: string | undefined;
  body: string;
}

async function fakeCluster(): Promise<{ url: string; seen: Seen[]; statements: string[]; server: Server }> {
  const seen: Seen[] = [];
  const statements: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      const method = req.method ?? '';
      const token = req.headers['x-sluice-tenant'];
      seen.push({ method, path, token: typeof token === 'string' ? token : undefined, body });
      const send = (status: number, answer: unknown): void => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      };
      if (token !== TOKEN) return send(401, { errors: ['a token is required'] });
      if (path === '/v1/api_versions') return send(200, { versions: ['V1', 'V2', 'V3', 'V4'] });
      if (method === 'POST' && path === '/v4/sessions') return send(200, { sessionHandle: SH });
      if (method === 'POST' && path === `/v4/sessions/${SH}/statements`) {
        statements.push((JSON.parse(body) as { statement: string }).statement);
        return send(200, { operationHandle: `00000000-0000-0000-0000-${String(statements.length).padStart(12, '0')}` });
      }
      const result = /operations\/[0-9-]+-(\d+)\/result\/0/.exec(path);
      if (result !== null) {
        const statement = statements[Number(result[1]) - 1] ?? '';
        if (statement.startsWith('INSERT')) {
          return send(200, { resultType: 'PAYLOAD', isQueryResult: false, jobID: JOB, resultKind: 'SUCCESS_WITH_CONTENT', results: { columns: [{ name: 'job id', logicalType: VARCHAR, comment: null }], rowFormat: 'JSON', data: [{ kind: 'INSERT', fields: [JOB] }] }, nextResultUri: path.replace('/result/0', '/result/1') });
        }
        const rows = statement.startsWith('EXPLAIN') ? [{ kind: 'INSERT', fields: ['== Abstract Syntax Tree =='] }] : [{ kind: 'INSERT', fields: ['OK'] }];
        return send(200, { resultType: 'EOS', isQueryResult: statement.startsWith('EXPLAIN'), resultKind: 'SUCCESS_WITH_CONTENT', results: { columns: [{ name: 'result', logicalType: VARCHAR, comment: null }], rowFormat: 'JSON', data: rows } });
      }
      if (path === '/jars/upload') return send(200, { filename: '/up/abc_sluice-sql-runner.jar', status: 'success' });
      if (method === 'POST' && path.endsWith('/run')) return send(200, { jobid: JOB });
      return send(200, { status: 'CLOSED' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, statements, server };
}

const STATEMENTS: RunnableStatement[] = [
  { kind: 'set', sql: "SET 'pipeline.name' = 'sluice.p.s'" },
  { kind: 'ddl', sql: "CREATE TABLE s (a INT) WITH ('connector' = 'blackhole')" },
  { kind: 'insert', sql: 'INSERT INTO s SELECT 1' },
];

describe('the statement runner on the context’s configured clients', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-runner-'));
  const runnerJar = join(dir, 'sluice-sql-runner.jar');
  writeFileSync(runnerJar, Buffer.from('PK\u0003\u0004fake'));
  let cluster: Awaited<ReturnType<typeof fakeCluster>>;
  beforeAll(async () => {
    cluster = await fakeCluster();
  });
  afterAll(() => cluster.server.close());
  beforeEach(() => {
    cluster.seen.length = 0;
    cluster.statements.length = 0;
  });

  function context(headers: Record<string, string>): DeployContext {
    const config = resolveConfig(
      { project: 'p', signals: 'signals', flink: { restUrl: cluster.url, sqlGatewayUrl: cluster.url, headers } },
      { configFile: join(dir, 'sluice.yaml'), env: { FLINK_TOKEN: TOKEN } },
    );
    return createContext({ config, signals: [], modules: {} });
  }

  test('gateway: the configured header on every call; SETs of the savepoint right before the INSERT; the job id of its first page', async () => {
    const ctx = context({ 'X-Sluice-Tenant': 'env:FLINK_TOKEN' });
    const runner = statementRunner(ctx, 'gateway');
    expect(runner.via).toBe('gateway');
    const result = await runner.run(STATEMENTS, { savepointPath: 'file:/sp/1' });
    expect(result.jobId).toBe(JOB);
    expect(cluster.statements).toEqual([
      "SET 'pipeline.name' = 'sluice.p.s'",
      "CREATE TABLE s (a INT) WITH ('connector' = 'blackhole')",
      "SET 'execution.state-recovery.path' = 'file:/sp/1'",
      "SET 'execution.savepoint.path' = 'file:/sp/1'",
      'INSERT INTO s SELECT 1',
    ]);
    expect(cluster.seen.length).toBeGreaterThan(5);
    expect(cluster.seen.filter((s) => s.token !== TOKEN)).toEqual([]);
    expect(cluster.seen.at(-1)).toMatchObject({ method: 'DELETE', path: `/v4/sessions/${SH}` });
  });

  test('jar: the configured header on upload, run and delete; the compiled statements as JSON (nothing for the runner to split)', async () => {
    const ctx = context({ 'X-Sluice-Tenant': TOKEN });
    expect(statementRunner(ctx, 'jar').via).toBe('jar');
    const result = await jarRunner(ctx.flink, { runnerJar }).run(STATEMENTS, { allowNonRestoredState: true });
    expect(result).toEqual({ jobId: JOB });
    expect(cluster.seen.map((s) => `${s.method} ${s.path} ${s.token ?? '-'}`)).toEqual([`POST /jars/upload ${TOKEN}`, `POST /jars/abc_sluice-sql-runner.jar/run ${TOKEN}`, `DELETE /jars/abc_sluice-sql-runner.jar ${TOKEN}`]);
    const run = JSON.parse(cluster.seen[1]?.body ?? '{}') as { programArgsList: string[]; allowNonRestoredState: boolean };
    expect(run.allowNonRestoredState).toBe(true);
    expect(run.programArgsList[0]).toBe('--statements-b64');
    // Lines are those of the script text the statements make (the compiler's layout), for the runner's messages.
    expect(JSON.parse(Buffer.from(run.programArgsList[1] ?? '', 'base64').toString('utf8'))).toEqual([
      { kind: 'set', sql: "SET 'pipeline.name' = 'sluice.p.s'", line: 1 },
      { kind: 'ddl', sql: "CREATE TABLE s (a INT) WITH ('connector' = 'blackhole')", line: 3 },
      { kind: 'insert', sql: 'INSERT INTO s SELECT 1', line: 5 },
    ]);
  });

  test('validate through the configured gateway client sends the header too', async () => {
    const ctx = context({ 'X-Sluice-Tenant': 'env:FLINK_TOKEN' });
    const verdict = await validateWithGateway("CREATE TABLE s (a INT) WITH ('connector' = 'blackhole');\nINSERT INTO s SELECT 1;\n", { gateway: ctx.gateway });
    expect(verdict).toMatchObject({ ok: true, via: 'gateway', statements: [{ kind: 'ddl', ok: true }, { kind: 'insert', ok: true, plan: '== Abstract Syntax Tree ==' }] });
    expect(cluster.statements).toEqual(["CREATE TABLE s (a INT) WITH ('connector' = 'blackhole')", 'EXPLAIN PLAN FOR\nINSERT INTO s SELECT 1']);
    expect(cluster.seen.filter((s) => s.token !== TOKEN)).toEqual([]);
  });

  test('without the header, every path fails with FLINK_UNAUTHORIZED naming the 401 and pointing at flink.headers; a wrong value never shows', async () => {
    const wrong = context({ 'X-Sluice-Tenant': 'wrong-value-0815' });
    const failures = [
      await statementRunner(wrong, 'gateway').run(STATEMENTS).catch((e: unknown) => e),
      await jarRunner(wrong.flink, { runnerJar }).run(STATEMENTS).catch((e: unknown) => e),
      await validateWithGateway('INSERT INTO s SELECT 1', { gateway: wrong.gateway }).catch((e: unknown) => e),
      await submitThroughGateway(context({}).gateway, STATEMENTS).catch((e: unknown) => e),
    ];
    for (const error of failures) {
      expect(error).toMatchObject({ code: 'FLINK_UNAUTHORIZED', retriable: false, details: { status: 401 } });
      const { message, suggestion } = error as { message: string; suggestion: string };
      expect(message).toMatch(/^HTTP 401 from (GET|POST) http:\/\/127\.0\.0\.1:\d+\/\S+: a token is required$/);
      expect(suggestion).toContain('flink.headers');
      expect(JSON.stringify(error) + message).not.toContain('wrong-value-0815');
    }
    expect(cluster.statements).toEqual([]);
  });
});
