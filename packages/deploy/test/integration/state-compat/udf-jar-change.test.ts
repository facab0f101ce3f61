import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { from, indicators, kafka, schema, signal, t, toTimestampLtz, type Signal } from '@sluice/dsl';
import { apply, createContext, functionJarsOf, plan, resolveConfig, type DeployContext, type DeployPlan } from '@sluice/deploy';
import { udfsJar } from '@sluice/flink-jobs';
import { testStackEndpoints } from '@sluice/stack';
import { jarHash } from '../../../src/state-compat/function-jars';

// The pre-upgrade state check plans the running and the new statements with today's jars, so on its
// own it cannot see that a UDAF's accumulator type changed under the same SQL (a7383de: Sluice's
// UDAFs went from structured to RAW accumulators). Deploy records each function's jar hash per
// deployment; here a jar change is simulated by editing that record (no old jar is built): the
// per-tick RSI signal's upgrade is then incompatible naming SLUICE_RSI, while a filter signal (no
// function keeps state) stays compatible, and apply refuses with DEPLOY_STATE_INCOMPATIBLE.

jest.setTimeout(90_000);

const endpoints = testStackEndpoints();
const id = randomUUID().replace(/-/g, '').slice(0, 8);
const project = `udfjar_${id}`;
const input = `udfjar-in-${id}`;
const names = { rsi: `rsi_${id}`, filter: `filter_${id}` };
const Tick = schema({ symbol: t.string().notNull(), price: t.double(), ts_ms: t.bigint() });
const ticks = kafka.source(`ticks_${id}`, Tick, { topic: input, format: 'json', computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' }, startup: 'earliest-offset' });

// v2 changes a predicate upstream of the stateful operators: the job graph keeps its shape, so only a jar can break the state.
const signalsOf = (v: 1 | 2): Signal[] => [
  signal(names.rsi).from(indicators.rsi(from(ticks).where((r) => r.price.gt(v === 1 ? 0 : -1)), { value: 'price', period: 3, by: 'symbol' })).to(kafka.sink(`udfjar-rsi-${id}`, { format: 'json' }), { parallelism: 1 }) as unknown as Signal,
  signal(names.filter).from(from(ticks).where((r) => r.price.gt(v === 1 ? 10 : 20))).to(kafka.sink(`udfjar-filter-${id}`, { format: 'json' }), { parallelism: 1 }) as unknown as Signal,
];

let stateDir = '';
const contexts: DeployContext[] = [];
let contextOf: (v: 1 | 2) => DeployContext = () => {
  throw new Error('not set up');
};

beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'sluice-udfjar-'));
  const config = resolveConfig(
    { project, signals: 'signals', kafka: { brokers: endpoints.kafkaBrokers.join(','), topicDefaults: { partitions: 1 } }, flink: { restUrl: endpoints.flinkRestUrl, sqlGatewayUrl: endpoints.sqlGatewayUrl }, stateDir },
    { configFile: join(stateDir, 'sluice.yaml'), env: {} },
  );
  contextOf = (v) => {
    const ctx = createContext({ config, signals: signalsOf(v), modules: {} });
    contexts.push(ctx);
    return ctx;
  };
  const admin = new Kafka({ clientId: `udfjar-${id}`, brokers: [...endpoints.kafkaBrokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: input, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
});

afterAll(async () => {
  const ctx = contextOf(1);
  const { jobs } = await ctx.flink.getJobsOverview();
  for (const job of jobs.filter((j) => j.name.startsWith(`sluice.${project}.`) && !['CANCELED', 'FINISHED', 'FAILED'].includes(j.state))) {
    await ctx.flink.cancelJob(job.jid).catch(() => undefined);
  }
  for (const c of contexts) await c.close();
  await rm(stateDir, { recursive: true, force: true });
});

interface StoredDeployments {
  deployments: Record<string, Record<string, { version: string; functionJars?: Record<string, string> }>>;
}

const stateCheckOf = (p: DeployPlan, name: string) => p.jobs.find((j) => j.signal === name)?.stateCheck;

test("a UDAF whose jar changed since the running version makes the upgrade incompatible (SLUICE_RSI named); unrecorded: unknown; a filter stays compatible", async () => {
  await apply(contextOf(1), await plan(contextOf(1)));
  const file = join(stateDir, 'deployments.json');
  const stored = JSON.parse(await readFile(file, 'utf8')) as StoredDeployments;
  const env = Object.keys(stored.deployments)[0] ?? '';
  const records = stored.deployments[env] ?? {};
  // each deployment records the jar of the functions it registered: the RSI job the UDF jar's hash, the filter none
  expect(records[names.rsi]?.functionJars).toEqual({ SLUICE_RSI: jarHash(udfsJar) });
  expect(records[names.filter]?.functionJars).toEqual({});
  expect(functionJarsOf([{ kind: 'insert', sql: '', udfs: ['SLUICE_RSI'] }])).toEqual({ SLUICE_RSI: jarHash(udfsJar) });
  const v1 = records[names.rsi]?.version ?? '';

  // the same jar: the upgrade is compatible for both
  const same = await plan(contextOf(2));
  expect(stateCheckOf(same, names.rsi)?.verdict).toBe('compatible');
  expect(stateCheckOf(same, names.filter)?.verdict).toBe('compatible');

  // the RSI job "ran" another jar (the record says so): its OverAggregate's accumulators would not restore
  const old = `sha256:${'0'.repeat(64)}`;
  records[names.rsi] = { ...(records[names.rsi] ?? { version: v1 }), functionJars: { SLUICE_RSI: old } };
  await writeFile(file, JSON.stringify(stored, null, 2));
  const changed = await plan(contextOf(2));
  const rsiCheck = stateCheckOf(changed, names.rsi);
  expect(rsiCheck).toMatchObject({ verdict: 'incompatible', operator: 'OverAggregate' });
  expect(rsiCheck?.reason).toContain(`OverAggregate: its state holds accumulators of SLUICE_RSI, and its jar changed since ${v1} (sha256:000000000000 -> ${(jarHash(udfsJar) ?? '').slice(0, 19)})`);
  expect(stateCheckOf(changed, names.filter)?.verdict).toBe('compatible');
  await expect(apply(contextOf(2), changed)).rejects.toMatchObject({ code: 'DEPLOY_STATE_INCOMPATIBLE' });

  // a record of an older Sluice (no jars): unknown, naming the function
  const { functionJars: _dropped, ...without } = records[names.rsi] ?? { version: v1 };
  records[names.rsi] = without;
  await writeFile(file, JSON.stringify(stored, null, 2));
  const unrecorded = stateCheckOf(await plan(contextOf(2), { signals: [names.rsi] }), names.rsi);
  expect(unrecorded).toMatchObject({ verdict: 'unknown', operator: 'OverAggregate' });
  expect(unrecorded?.reason).toContain(`OverAggregate keeps accumulators of SLUICE_RSI, and the jar version ${v1} ran with is not recorded`);
});
