import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { STACK_SASL_PASSWORD, STACK_SASL_USER, testStackEndpoints } from '@sluice/stack';
import { FlinkRestClient } from '@sluice/flink-client';
import { createKafkaClient, type KafkaConnection } from '@sluice/kafka';
import { schema, t } from '@sluice/dsl';
import { sluice, type CliRun, writeUserProject } from './cli-harness';

// A signal compiled by the DSL reads from and writes to the stack's secured listeners (SASL PLAIN,
// SCRAM-SHA-256, SCRAM-SHA-512, and SSL with the stack's own CA pinned), deployed by the CLI from a
// config whose password is an env: reference; then every text Sluice shows or keeps is scanned for it.
jest.setTimeout(600_000);

const endpoints = testStackEndpoints();
const { kafkaSaslBrokers, kafkaSslBrokers, kafkaSslCaFile } = endpoints;
if ((kafkaSaslBrokers === undefined || kafkaSslBrokers === undefined || kafkaSslCaFile === undefined) && process.env.CI === 'true') {
  throw new Error('the stack has no SASL/SSL listener; CI must test secured Kafka');
}
const describeSecured = kafkaSaslBrokers === undefined || kafkaSslBrokers === undefined || kafkaSslCaFile === undefined ? describe.skip : describe;

const Payment = schema({ id: t.bigint().notNull(), amount: t.double() });
const Fee = schema({ id: t.bigint().notNull(), fee: t.double() });
const PASSWORD_VAR = 'SLUICE_IT_KAFKA_PASSWORD';
const N = 40;

interface Case {
  readonly label: string;
  readonly brokers: readonly string[];
  /** The `kafka` section of the config (as TypeScript source) and of the test's own client. */
  readonly configKafka: string;
  readonly client: Omit<KafkaConnection, 'brokers'>;
  /** deploy.via of the config (default gateway). */
  readonly via?: 'jar';
}

const CASES: readonly Case[] = [
  ...(['plain', 'scram-sha-256', 'scram-sha-512'] as const).map((mechanism) => ({
    label: `SASL ${mechanism}`,
    brokers: kafkaSaslBrokers ?? [],
    configKafka: `{ brokers: ${JSON.stringify(kafkaSaslBrokers ?? [])}, sasl: { mechanism: '${mechanism}', username: '${STACK_SASL_USER}', password: 'env:${PASSWORD_VAR}' } }`,
    client: { sasl: { mechanism, username: STACK_SASL_USER, password: STACK_SASL_PASSWORD } },
  })),
  {
    // The jar path: the sql-runner gets the placeholders and a secrets file, never the values as arguments.
    label: 'SASL scram-sha-512 through the sql-runner jar',
    brokers: kafkaSaslBrokers ?? [],
    configKafka: `{ brokers: ${JSON.stringify(kafkaSaslBrokers ?? [])}, sasl: { mechanism: 'scram-sha-512', username: '${STACK_SASL_USER}', password: 'env:${PASSWORD_VAR}' } }`,
    client: { sasl: { mechanism: 'scram-sha-512', username: STACK_SASL_USER, password: STACK_SASL_PASSWORD } },
    via: 'jar',
  },
  {
    label: 'SSL with the stack CA pinned',
    brokers: kafkaSslBrokers ?? [],
    configKafka: `{ brokers: ${JSON.stringify(kafkaSslBrokers ?? [])}, tls: { caFile: ${JSON.stringify(kafkaSslCaFile ?? '')} } }`,
    client: { tls: { ca: kafkaSslCaFile === undefined ? '' : readFileSync(kafkaSslCaFile, 'utf8') } },
  },
];

/** Every file under `dir`, with its text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    return statSync(path).isDirectory() ? filesUnder(path) : [{ path, text: readFileSync(path, 'utf8') }];
  });
}

describeSecured('jobs on the secured listeners (CLI deploy, DSL signal, real stack)', () => {
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  const runs: { what: string; run: CliRun }[] = [];
  const jobIds: string[] = [];
  const dirs: string[] = [];

  afterAll(async () => {
    for (const jobId of jobIds) await flink.cancelJob(jobId).catch(() => undefined);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function cli(what: string, args: readonly string[], dir: string): Promise<CliRun> {
    const run = await sluice(args, dir, { [PASSWORD_VAR]: STACK_SASL_PASSWORD });
    runs.push({ what, run });
    return run;
  }

  it.each(CASES.map((c) => [c.label, c] as const))('%s: the job reads and writes there; the rows equal the computed fees', async (_label, c) => {
    const id = randomBytes(4).toString('hex');
    const project = `secured_${id}`;
    const input = `secured-${id}.payments`;
    const output = `secured-${id}.fees`;
    const dir = mkdtempSync(join(tmpdir(), 'sluice-secured-'));
    dirs.push(dir);
    writeUserProject(dir, { project, endpoints, kafka: c.configKafka, ...(c.via === undefined ? {} : { deploy: `, via: '${c.via}'` }) });
    writeFileSync(
      join(dir, 'signals.ts'),
      [
        "import { kafka, schema, signal, t } from '@sluice/dsl';",
        'const Payment = schema({ id: t.bigint().notNull(), amount: t.double() });',
        `const payments = kafka.source('payments', Payment, { topic: '${input}', properties: { 'group.id': 'sluice.${project}' }, startup: 'earliest-offset' });`,
        `export const fees = signal('fees').from(payments).where((r) => r.amount.gt(10)).select((r) => ({ id: r.id, fee: r.amount.times(0.25) })).to(kafka.sink('${output}'));`,
        '',
      ].join('\n'),
    );

    const client = createKafkaClient({ brokers: c.brokers, clientId: `it-secured-${id}`, ...c.client });
    try {
      // validate (JUnit), plan, sql before the deploy; deploy creates the topics over the secured listener.
      const validate = await cli('validate', ['validate', '--junit', 'validate.xml'], dir);
      expect({ code: validate.code, out: validate.code === 0 ? '' : validate.stdout + validate.stderr }).toEqual({ code: 0, out: '' });
      const plan = await cli('plan', ['plan', '--json'], dir);
      expect({ code: plan.code, out: plan.code === 3 ? '' : plan.stdout + plan.stderr }).toEqual({ code: 3, out: '' });
      const sql = await cli('sql', ['sql', 'fees'], dir);
      expect(sql.code).toBe(0);
      expect(sql.stdout).toContain(`'properties.security.protocol' = '${c.client.sasl === undefined ? 'SSL' : 'SASL_PLAINTEXT'}'`);
      const deploy = await cli('deploy', ['deploy', '--json'], dir);
      expect({ code: deploy.code, out: deploy.code === 0 ? '' : deploy.stdout, err: deploy.stderr }).toEqual({ code: 0, out: '', err: '' });
      const jobId = (JSON.parse(deploy.stdout) as { result: { jobs: { jobId?: string }[] } }).result.jobs[0]?.jobId ?? '';
      jobIds.push(jobId);
      expect((await flink.getJobDetails(jobId)).state).toBe('RUNNING');

      const rows = Array.from({ length: N }, (_, i) => ({ id: BigInt(i), amount: i * 1.5 }));
      const producer = await client.producer({ topic: input, schema: Payment });
      await producer.send(rows);
      await producer.close();
      const expected = rows.filter((r) => r.amount > 10).map((r) => ({ id: r.id, fee: r.amount * 0.25 }));

      const seen: { id: bigint; fee: number | null }[] = [];
      const stream = client.consume({ topic: output, schema: Fee }, { from: 'earliest' });
      for await (const row of stream) {
        seen.push({ id: row.id, fee: row.fee });
        if (seen.length === expected.length) break;
      }
      await stream.close();
      expect(seen.sort((a, b) => Number(a.id - b.id))).toEqual(expected);

      const status = await cli('status', ['status', '--json'], dir);
      expect({ code: status.code, out: status.code === 0 ? '' : status.stdout + status.stderr }).toEqual({ code: 0, out: '' });
      // An error that carries a statement: a broken signal's planner error, in text and JSON, verbose.
      writeFileSync(join(dir, 'broken.ts'), `import { kafka, rawSql, signal, t } from '@sluice/dsl';\nimport { schema } from '@sluice/dsl';\nconst P = schema({ id: t.bigint() });\nconst p = kafka.source('payments_b', P, { topic: '${input}' });\nexport const broken = signal('broken').from(p).select((r) => ({ id: r.id, x: rawSql(t.string(), '\`nope\`') })).to(kafka.sink('${output}-b'));\n`);
      writeFileSync(join(dir, 'sluice.config.ts'), readFileSync(join(dir, 'sluice.config.ts'), 'utf8').replace("signals: ['signals.ts']", "signals: ['signals.ts', 'broken.ts']"));
      const failed = await cli('validate broken', ['validate', '--json', '--verbose', '--junit', 'broken.xml'], dir);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(/nope/);
      const failedDeploy = await cli('deploy broken', ['deploy', '--verbose', 'broken'], dir);
      expect(failedDeploy.code).not.toBe(0);

      // Nowhere Sluice prints or keeps: CLI output, errors, JUnit files, .sluice/ (state, deploy records).
      for (const { what, run } of runs) {
        expect({ what, text: run.stdout + run.stderr }).not.toEqual({ what, text: expect.stringContaining(STACK_SASL_PASSWORD) as unknown });
      }
      const kept = filesUnder(dir).filter((f) => !f.path.endsWith('.ts'));
      expect(kept.map((f) => f.path.slice(dir.length + 1))).toEqual(expect.arrayContaining(['validate.xml', 'broken.xml']));
      expect(kept.some((f) => f.path.includes(`${join(dir, '.sluice')}`))).toBe(true);
      for (const f of kept) expect({ path: f.path, leaks: f.text.includes(STACK_SASL_PASSWORD) }).toEqual({ path: f.path, leaks: false });
      // Flink's view of the job's configuration does not show it either.
      const config = await fetch(`${endpoints.flinkRestUrl}/jobs/${jobId}/config`).then((r) => r.text());
      expect(config).toContain(jobId);
      expect(config).not.toContain(STACK_SASL_PASSWORD);
    } finally {
      await client.close();
      // The stack's slots are shared: each case frees its own before the next one deploys.
      for (const jobId of jobIds.splice(0)) await flink.cancelJob(jobId).catch(() => undefined);
    }
  });
});
