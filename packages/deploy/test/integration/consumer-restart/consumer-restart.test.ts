import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { kafka, schema, signal, t } from '@sluice/dsl';
import { apply, createContext, plan, resolveConfig, type DeployContext } from '@sluice/deploy';
import { testStackEndpoints } from '@sluice/stack';

// Issue 16, "a consumer app killed and restarted": a filter signal deployed with apply (exactly-once sink)
// under a steady load from the typed producer; three consumer apps (consumer-app.js, the public API of
// @sluice/kafka, one child process each) read its results and store every row in a file. Each app is
// SIGKILLed 3 times while rows flow and started again. At the end every app's file holds every expected
// row exactly once. Per restart, the rows Kafka gave again are counted: none where the app keeps its
// positions with its output (from: { after }), some in the group modes, which the app must recognise.

const endpoints = testStackEndpoints();
const id = randomBytes(4).toString('hex');
const APP = join(__dirname, 'consumer-app.js');
const KILLS = 3;
// Rows an app stores after each (re)start before it is killed: different points of the commit cycle.
const KILL_AFTER = [150, 90, 230];
const LOAD_BATCH = 20;
const LOAD_EVERY_MS = 100;
const MIN_LOAD_MS = 25_000;

// The same signal as consumer-app.js defines (an app imports its signal module).
const Tick = schema({ seq: t.bigint().notNull(), k: t.string().notNull(), v: t.int().notNull() });
const ticks = kafka.source(`cr_ticks_${id}`, Tick, { topic: `cr-${id}.ticks`, startup: 'earliest-offset', properties: { 'group.id': `cr-${id}` } });
const passed = signal(`cr_passed_${id}`)
  .from(ticks)
  .where((r) => r.v.gt(2))
  .to(kafka.sink(`cr-${id}.passed`, { format: 'json', delivery: 'exactly-once' }), { checkpointInterval: '1 s', parallelism: 1 });

type Mode = 'kept' | 'manual' | 'auto';
interface App {
  readonly mode: Mode;
  readonly out: string;
  child?: ChildProcess;
  exited?: Promise<void>;
  /** Rows Kafka gave again, per run (run 0 is the first start). */
  readonly redelivered: number[];
  readonly stderr: string[];
  kills: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const storedRows = (app: App): number => (existsSync(app.out) ? readFileSync(app.out, 'utf8').split('\n').length - 1 : 0);

function start(app: App): void {
  const child = spawn(process.execPath, [APP, app.mode, endpoints.kafkaBrokers.join(','), id, app.out], { stdio: ['ignore', 'pipe', 'pipe'] });
  const run = app.redelivered.push(0) - 1;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('R ')) app.redelivered[run] = (app.redelivered[run] ?? 0) + 1;
  });
  child.stderr.on('data', (chunk: Buffer) => app.stderr.push(chunk.toString('utf8')));
  app.child = child;
  app.exited = new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stop(app: App, signal: NodeJS.Signals): Promise<void> {
  const { child, exited } = app;
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill(signal);
  await exited;
}

/** Kills the app KILLS times, each after it stored KILL_AFTER rows since its (re)start, and starts it again. */
async function killAndRestart(app: App, deadline: number): Promise<void> {
  for (let kill = 0; kill < KILLS; kill++) {
    const base = storedRows(app);
    while (storedRows(app) < base + (KILL_AFTER[kill] ?? 100)) {
      if (Date.now() > deadline) throw new Error(`${app.mode}: stored ${storedRows(app) - base} rows since run ${kill}, not ${KILL_AFTER[kill]}: ${app.stderr.join('').slice(-2000)}`);
      if (app.child?.exitCode !== null) throw new Error(`${app.mode}: the app exited (${String(app.child?.exitCode)}): ${app.stderr.join('').slice(-2000)}`);
      await sleep(20);
    }
    await stop(app, 'SIGKILL');
    app.kills++;
    start(app);
  }
}

function verdict(app: App, expected: ReadonlySet<string>): { stored: number; lost: number; duplicated: number; unexpected: number; perPartition: Record<number, number> } {
  const seen = new Map<string, number>();
  const perPartition: Record<number, number> = {};
  const lines = readFileSync(app.out, 'utf8').split('\n').filter((l) => l !== '');
  for (const line of lines) {
    const { seq, p } = JSON.parse(line) as { seq: string; p: number };
    seen.set(seq, (seen.get(seq) ?? 0) + 1);
    perPartition[p] = (perPartition[p] ?? 0) + 1;
  }
  let duplicated = 0;
  for (const n of seen.values()) duplicated += n - 1;
  return {
    stored: lines.length,
    lost: [...expected].filter((seq) => !seen.has(seq)).length,
    duplicated,
    unexpected: [...seen.keys()].filter((seq) => !expected.has(seq)).length,
    perPartition,
  };
}

const dir = mkdtempSync(join(tmpdir(), 'sluice-consumer-restart-'));
const apps: App[] = (['kept', 'manual', 'auto'] as const).map((mode) => ({ mode, out: join(dir, `${mode}.jsonl`), redelivered: [], stderr: [], kills: 0 }));
let ctx: DeployContext | undefined;
const jobIds: string[] = [];

afterAll(async () => {
  for (const app of apps) await stop(app, 'SIGKILL');
  for (const jobId of jobIds) {
    await ctx?.flink.cancelJob(jobId).catch(() => undefined);
    await ctx?.flink.waitForJobStatus(jobId, ['CANCELED', 'FAILED', 'FINISHED'], { timeoutMs: 60_000 }).catch(() => undefined);
  }
  await ctx?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('consumer apps SIGKILLed 3 times mid-stream store every result row exactly once; Kafka redelivers only in the group modes', async () => {
  const config = resolveConfig(
    { project: `cr_${id}`, signals: '.', flink: { restUrl: endpoints.flinkRestUrl, sqlGatewayUrl: endpoints.sqlGatewayUrl }, kafka: { brokers: [...endpoints.kafkaBrokers], topicDefaults: { partitions: 2 } }, stateDir: dir, deploy: { timeoutMs: 120_000 } },
    { configFile: join(dir, 'sluice.yaml'), env: {} },
  );
  const context = createContext({ config, signals: [passed], modules: {} });
  ctx = context;
  const applied = await apply(context, await plan(context));
  for (const job of applied.jobs) if (job.jobId !== undefined) jobIds.push(job.jobId);
  expect(jobIds).toHaveLength(1);

  // A steady load: LOAD_BATCH ticks every LOAD_EVERY_MS; v = seq % 5, so 2 of 5 pass the filter.
  const producer = await context.kafka().producer(ticks);
  let seq = 0;
  let loading = true;
  const loadStarted = Date.now();
  const load = (async () => {
    while (loading) {
      const batch = Array.from({ length: LOAD_BATCH }, () => {
        const s = seq++;
        return { seq: BigInt(s), k: `k${s % 7}`, v: s % 5 };
      });
      await producer.send(batch);
      await sleep(LOAD_EVERY_MS);
    }
  })();

  try {
    for (const app of apps) start(app);
    // Each app is killed while the load runs (it stops only once every app was killed and restarted).
    await Promise.all(apps.map((app) => killAndRestart(app, Date.now() + 150_000)));
    while (Date.now() - loadStarted < MIN_LOAD_MS) await sleep(100);
  } finally {
    loading = false;
    await load;
    await producer.close();
  }

  const expected = new Set<string>();
  for (let s = 0; s < seq; s++) if (s % 5 > 2) expected.add(String(s));
  // Let every app catch up with the results (bounded), then stop it.
  const deadline = Date.now() + 90_000;
  while (apps.some((app) => storedRows(app) < expected.size) && Date.now() < deadline) await sleep(200);
  for (const app of apps) await stop(app, 'SIGTERM');

  const report = apps.map((app) => ({ mode: app.mode, kills: app.kills, ...verdict(app, expected), redeliveredPerRestart: app.redelivered.slice(1) }));
  process.stdout.write(
    `consumer restart: ${seq} events produced in ${((Date.now() - loadStarted) / 1000).toFixed(0)} s, ${expected.size} result rows expected\n` +
      report.map((r) => `  ${r.mode.padEnd(6)} kills ${r.kills}, stored ${r.stored} (per partition ${JSON.stringify(r.perPartition)}), lost ${r.lost}, duplicated ${r.duplicated}, unexpected ${r.unexpected}; Kafka redelivered after each restart: ${r.redeliveredPerRestart.join(', ')}`).join('\n') +
      '\n',
  );
  for (const r of report) {
    expect({ mode: r.mode, kills: r.kills, lost: r.lost, duplicated: r.duplicated, unexpected: r.unexpected, stored: r.stored }).toEqual({ mode: r.mode, kills: KILLS, lost: 0, duplicated: 0, unexpected: 0, stored: expected.size });
  }
  // The results are spread over both partitions, so positions are kept and resumed per partition.
  for (const r of report) expect(Object.keys(r.perPartition).sort()).toEqual(['0', '1']);
  // Positions kept with the output: a restart continues right after the last stored row, nothing again.
  expect(report.find((r) => r.mode === 'kept')?.redeliveredPerRestart).toEqual([0, 0, 0]);
}, 300_000);
