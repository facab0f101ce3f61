import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { kafka, schema, signal, t } from '@sluice/dsl';
import { apply, createContext, plan, resolveConfig, type DeployContext } from '@sluice/deploy';
import type { StackEndpoints } from '@sluice/stack';

// Issue 16, "a consumer app killed and restarted": a filter signal deployed with apply (exactly-once sink)
// under a steady load from the typed producer; three consumer apps (consumer-app.js, the public API of
// @sluice/kafka, one child process each) read its results and store every row in a file. Each app is
// SIGKILLed mid-stream and started again, several times. Then every app's file is compared with the rows
// the produced events give. Used by consumer-restart.test.ts (npm test) and can be by a bench.

const APP = join(__dirname, 'consumer-app.js');

/** How an app keeps its place: see consumer-app.js. */
export type ConsumerMode = 'kept' | 'manual' | 'auto';

export interface ConsumerRestartOptions {
  readonly endpoints: StackEndpoints;
  /** SIGKILLs per app (default 3). */
  readonly kills?: number;
  /** Rows an app stores after each (re)start before it is killed (cycled; default 150, 90, 230). */
  readonly killAfterRows?: readonly number[];
  /** Ticks produced per second (default 200; 2 of 5 pass the filter). */
  readonly ratePerSecond?: number;
  /** The load runs at least this long, and until every app was killed `kills` times (default 25 s). */
  readonly minLoadMs?: number;
  readonly modes?: readonly ConsumerMode[];
}

export interface ConsumerRestartReport {
  readonly mode: ConsumerMode;
  readonly kills: number;
  readonly expectedRows: number;
  readonly stored: number;
  readonly lost: number;
  readonly duplicated: number;
  /** Rows stored that no produced event gives. */
  readonly unexpected: number;
  readonly perPartition: Readonly<Record<number, number>>;
  /** Rows Kafka gave again after each restart (the app recognised them by position and stored nothing). */
  readonly redeliveredPerRestart: readonly number[];
  /** Per kill: SIGKILL to the first row the restarted app stored. */
  readonly restartMs: readonly number[];
}

export interface ConsumerRestartResult {
  readonly events: number;
  readonly loadMs: number;
  readonly reports: readonly ConsumerRestartReport[];
}

interface App {
  readonly mode: ConsumerMode;
  readonly out: string;
  child?: ChildProcess;
  exited?: Promise<void>;
  /** Rows Kafka gave again, per run (run 0 is the first start). */
  readonly redelivered: number[];
  readonly restartMs: number[];
  readonly stderr: string[];
  kills: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const storedRows = (app: App): number => (existsSync(app.out) ? readFileSync(app.out, 'utf8').split('\n').length - 1 : 0);

/** The signal consumer-app.js defines too (an app imports its signal module; the fixture is plain JS). */
function project(id: string) {
  const Tick = schema({ seq: t.bigint().notNull(), k: t.string().notNull(), v: t.int().notNull() });
  const ticks = kafka.source(`cr_ticks_${id}`, Tick, { topic: `cr-${id}.ticks`, startup: 'earliest-offset', properties: { 'group.id': `cr-${id}` } });
  const passed = signal(`cr_passed_${id}`)
    .from(ticks)
    .where((r) => r.v.gt(2))
    .to(kafka.sink(`cr-${id}.passed`, { format: 'json', delivery: 'exactly-once' }), { checkpointInterval: '1 s', parallelism: 1 });
  return { ticks, passed };
}

function start(app: App, brokers: string, id: string): void {
  const child = spawn(process.execPath, [APP, app.mode, brokers, id, app.out], { stdio: ['ignore', 'pipe', 'pipe'] });
  const run = app.redelivered.push(0) - 1;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('R ')) app.redelivered[run] = (app.redelivered[run] ?? 0) + 1;
  });
  child.stderr.on('data', (chunk: Buffer) => app.stderr.push(chunk.toString('utf8')));
  app.child = child;
  app.exited = new Promise((resolve) => child.once('exit', () => resolve()));
}

async function stop(app: App, how: NodeJS.Signals): Promise<void> {
  const { child, exited } = app;
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill(how);
  await exited;
}

async function storedMore(app: App, than: number, deadline: number, what: string): Promise<void> {
  while (storedRows(app) <= than) {
    if (Date.now() > deadline) throw new Error(`${app.mode}: ${what}: ${app.stderr.join('').slice(-2000)}`);
    if (app.child?.exitCode !== null) throw new Error(`${app.mode}: the app exited (${String(app.child?.exitCode)}): ${app.stderr.join('').slice(-2000)}`);
    await sleep(20);
  }
}

/** Kills the app `kills` times, each after it stored its share of rows since its (re)start, and starts it again. */
async function killAndRestart(app: App, kills: number, killAfter: readonly number[], brokers: string, id: string, deadline: number): Promise<void> {
  for (let kill = 0; kill < kills; kill++) {
    const rows = killAfter[kill % killAfter.length] ?? 100;
    await storedMore(app, storedRows(app) + rows - 1, deadline, `fewer than ${rows} rows stored in run ${kill}`);
    const killedAt = Date.now();
    await stop(app, 'SIGKILL');
    // Counted once it is dead: it stores rows until the signal lands.
    const atKill = storedRows(app);
    app.kills++;
    start(app, brokers, id);
    await storedMore(app, atKill, deadline, `no row stored after restart ${kill + 1}`);
    app.restartMs.push(Date.now() - killedAt);
  }
}

function verdict(app: App, expected: ReadonlySet<string>): Omit<ConsumerRestartReport, 'mode' | 'kills' | 'redeliveredPerRestart' | 'restartMs'> {
  const seen = new Map<string, number>();
  const perPartition: Record<number, number> = {};
  const lines = existsSync(app.out) ? readFileSync(app.out, 'utf8').split('\n').filter((l) => l !== '') : [];
  for (const line of lines) {
    const { seq, p } = JSON.parse(line) as { seq: string; p: number };
    seen.set(seq, (seen.get(seq) ?? 0) + 1);
    perPartition[p] = (perPartition[p] ?? 0) + 1;
  }
  let duplicated = 0;
  for (const n of seen.values()) duplicated += n - 1;
  return {
    expectedRows: expected.size,
    stored: lines.length,
    lost: [...expected].filter((seq) => !seen.has(seq)).length,
    duplicated,
    unexpected: [...seen.keys()].filter((seq) => !expected.has(seq)).length,
    perPartition,
  };
}

/**
 * Runs the scenario on a running stack and cancels its job at the end; throws only when it cannot run
 * (an app that exits on its own, no rows within the bounds), never on lost or duplicated rows (it counts them).
 *
 * @example
 * ```ts
 * const r = await runConsumerRestart({ endpoints: testStackEndpoints() })
 * r.reports.map((a) => [a.mode, a.lost, a.duplicated, a.redeliveredPerRestart]) // [['kept', 0, 0, [0, 0, 0]], ...]
 * ```
 */
export async function runConsumerRestart(options: ConsumerRestartOptions): Promise<ConsumerRestartResult> {
  const { endpoints } = options;
  const kills = options.kills ?? 3;
  const killAfter = options.killAfterRows ?? [150, 90, 230];
  const batch = 20;
  const everyMs = Math.max(1, Math.round((1000 * batch) / (options.ratePerSecond ?? 200)));
  const minLoadMs = options.minLoadMs ?? 25_000;
  const id = randomBytes(4).toString('hex');
  const brokers = endpoints.kafkaBrokers.join(',');
  const dir = mkdtempSync(join(tmpdir(), 'sluice-consumer-restart-'));
  const apps: App[] = (options.modes ?? (['kept', 'manual', 'auto'] as const)).map((mode) => ({ mode, out: join(dir, `${mode}.jsonl`), redelivered: [], restartMs: [], stderr: [], kills: 0 }));
  const { ticks, passed } = project(id);
  const config = resolveConfig(
    { project: `cr_${id}`, signals: '.', flink: { restUrl: endpoints.flinkRestUrl, sqlGatewayUrl: endpoints.sqlGatewayUrl }, kafka: { brokers: [...endpoints.kafkaBrokers], topicDefaults: { partitions: 2 } }, stateDir: dir, deploy: { timeoutMs: 120_000 } },
    { configFile: join(dir, 'sluice.yaml'), env: {} },
  );
  const ctx: DeployContext = createContext({ config, signals: [passed], modules: {} });
  const jobIds: string[] = [];
  try {
    const applied = await apply(ctx, await plan(ctx));
    for (const job of applied.jobs) if (job.jobId !== undefined) jobIds.push(job.jobId);

    // A steady load: `batch` ticks every `everyMs`; v = seq % 5, so 2 of 5 pass the filter.
    const producer = await ctx.kafka().producer(ticks);
    let seq = 0;
    let loading = true;
    const loadStarted = Date.now();
    const load = (async () => {
      while (loading) {
        await producer.send(
          Array.from({ length: batch }, () => {
            const s = seq++;
            return { seq: BigInt(s), k: `k${s % 7}`, v: s % 5 };
          }),
        );
        await sleep(everyMs);
      }
    })();
    let loadMs = 0;
    try {
      for (const app of apps) start(app, brokers, id);
      // Every kill happens while the load runs: it stops only once every app was killed and restarted.
      await Promise.all(apps.map((app) => killAndRestart(app, kills, killAfter, brokers, id, Date.now() + 150_000)));
      while (Date.now() - loadStarted < minLoadMs) await sleep(100);
    } finally {
      loading = false;
      await load;
      loadMs = Date.now() - loadStarted;
      await producer.close();
    }

    const expected = new Set<string>();
    for (let s = 0; s < seq; s++) if (s % 5 > 2) expected.add(String(s));
    // Let every app catch up with the results (bounded), then stop it.
    const deadline = Date.now() + 90_000;
    while (apps.some((app) => storedRows(app) < expected.size) && Date.now() < deadline) await sleep(200);
    for (const app of apps) await stop(app, 'SIGTERM');
    const reports = apps.map((app): ConsumerRestartReport => ({ mode: app.mode, kills: app.kills, ...verdict(app, expected), redeliveredPerRestart: app.redelivered.slice(1), restartMs: app.restartMs }));
    return { events: seq, loadMs, reports };
  } finally {
    for (const app of apps) await stop(app, 'SIGKILL');
    for (const jobId of jobIds) {
      await ctx.flink.cancelJob(jobId).catch(() => undefined);
      await ctx.flink.waitForJobStatus(jobId, ['CANCELED', 'FAILED', 'FINISHED'], { timeoutMs: 60_000 }).catch(() => undefined);
    }
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The scenario's lines for a log: one per app. */
export function describeConsumerRestart(r: ConsumerRestartResult): string {
  const head = `consumer restart: ${r.events} events produced in ${(r.loadMs / 1000).toFixed(0)} s, ${r.reports[0]?.expectedRows ?? 0} result rows expected`;
  const lines = r.reports.map(
    (a) =>
      `  ${a.mode.padEnd(6)} kills ${a.kills}, stored ${a.stored} (per partition ${JSON.stringify(a.perPartition)}), lost ${a.lost}, duplicated ${a.duplicated}, unexpected ${a.unexpected}; ` +
      `Kafka redelivered after each restart: ${a.redeliveredPerRestart.join(', ')}; kill to first row stored again: ${a.restartMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')}`,
  );
  return [head, ...lines].join('\n');
}
