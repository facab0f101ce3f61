import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, resolveConfig, statementRunner, type DeployContext, type RunnableStatement } from '@sluice/deploy';

// What each runner hands Flink for the `${secret:<name>}` placeholders of compiled statements: the
// Gateway gets the values inside the SQL (where Flink needs them); the jar gets the placeholders and a
// private file with the values, never the values in its program arguments.

const PASSWORD = 'pw-handoff-secret-9';
const SH = '11111111-2222-3333-4444-555555555555';
const JOB = 'e'.repeat(32);
const VARCHAR = { type: 'VARCHAR', nullable: true, length: 2147483647 };
const JAAS = "'properties.sasl.jaas.config' = '${secret:kafka.sasl.jaas}'";
const STATEMENTS: RunnableStatement[] = [
  { kind: 'ddl', sql: `CREATE TABLE s (a INT) WITH ('connector' = 'kafka', ${JAAS})` },
  { kind: 'insert', sql: 'INSERT INTO s SELECT 1' },
];

interface Fake {
  url: string;
  server: Server;
  statements: string[];
  runs: { args: string[]; file?: { text: string; mode: number } }[];
}

async function fakeCluster(): Promise<Fake> {
  const fake: Omit<Fake, 'url'> = { server: undefined as unknown as Server, statements: [], runs: [] };
  fake.server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      const send = (answer: unknown): void => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      };
      if (path === '/v1/api_versions') return send({ versions: ['V1', 'V2', 'V3', 'V4'] });
      if (req.method === 'POST' && path === '/v4/sessions') return send({ sessionHandle: SH });
      if (req.method === 'POST' && path === `/v4/sessions/${SH}/statements`) {
        fake.statements.push((JSON.parse(body) as { statement: string }).statement);
        return send({ operationHandle: `00000000-0000-0000-0000-${String(fake.statements.length).padStart(12, '0')}` });
      }
      const result = /operations\/[0-9-]+-(\d+)\/result\/0/.exec(path);
      if (result !== null) {
        const insert = (fake.statements[Number(result[1]) - 1] ?? '').startsWith('INSERT');
        return send({ resultType: 'EOS', isQueryResult: false, ...(insert ? { jobID: JOB } : {}), resultKind: 'SUCCESS_WITH_CONTENT', results: { columns: [{ name: 'result', logicalType: VARCHAR, comment: null }], rowFormat: 'JSON', data: [{ kind: 'INSERT', fields: [insert ? JOB : 'OK'] }] } });
      }
      if (path === '/jars/upload') return send({ filename: '/up/abc_sluice-sql-runner.jar', status: 'success' });
      if (req.method === 'POST' && path.endsWith('/run')) {
        const args = (JSON.parse(body) as { programArgsList: string[] }).programArgsList;
        const at = args.indexOf('--secrets-file');
        const file = at < 0 ? undefined : (args[at + 1] ?? '');
        // What the JobManager would read, while the run call is in flight.
        fake.runs.push({ args, ...(file === undefined ? {} : { file: { text: readFileSync(file, 'utf8'), mode: statSync(file).mode & 0o777 } }) });
        return send({ jobid: JOB });
      }
      return send({ status: 'CLOSED' });
    });
  });
  await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
  return { ...fake, url: `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}` } as Fake;
}

describe('secret placeholders on the way to Flink', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deploy-secrets-'));
  let cluster: Fake;
  beforeAll(async () => {
    cluster = await fakeCluster();
  });
  afterAll(() => cluster.server.close());

  function context(): DeployContext {
    const config = resolveConfig(
      { project: 'p', signals: 'signals', flink: { restUrl: cluster.url, sqlGatewayUrl: cluster.url }, kafka: { sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'env:KAFKA_PW' } } },
      { configFile: join(dir, 'sluice.yaml'), env: { KAFKA_PW: PASSWORD } },
    );
    return createContext({ config, signals: [], modules: {} });
  }

  test('gateway: the values inside the SQL it is sent, and only there', async () => {
    const result = await statementRunner(context(), 'gateway').run(STATEMENTS);
    expect(result.jobId).toBe(JOB);
    expect(cluster.statements[0]).toContain(`ScramLoginModule required username="app" password="${PASSWORD}";'`);
    expect(STATEMENTS[0]?.sql).toContain('${secret:kafka.sasl.jaas}');
  });

  test('jar: placeholders in the arguments, the values in a 0600 file that is gone once the job is submitted', async () => {
    // The packaged sql-runner jar (npm test builds it first); the fake cluster only takes it.
    const result = await statementRunner(context(), 'jar').run(STATEMENTS);
    expect(result.jobId).toBe(JOB);
    const run = cluster.runs.at(-1);
    expect(JSON.stringify(run?.args)).not.toContain(PASSWORD);
    expect(Buffer.from(run?.args[1] ?? '', 'base64').toString('utf8')).toContain('${secret:kafka.sasl.jaas}');
    const file = run?.args[(run.args.indexOf('--secrets-file') ?? -2) + 1] ?? '';
    expect(JSON.parse(run?.file?.text ?? '{}')).toEqual({ 'kafka.sasl.jaas': `org.apache.flink.kafka.shaded.org.apache.kafka.common.security.scram.ScramLoginModule required username="app" password="${PASSWORD}";` });
    expect(run?.file?.mode).toBe(0o600);
    expect(existsSync(file)).toBe(false);
  });
});
