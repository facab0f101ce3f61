import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { avg, hop, indicators, kafka, signal, toTimestampLtz } from '@sluice/dsl';
import type { Signal, SignalSettings, Tuning } from '@sluice/dsl';
import { apply, createContext, plan, resolveConfig } from '@sluice/deploy';
import type { DeployContext } from '@sluice/deploy';
import { resolveStackOptions, stackLayout } from '@sluice/stack';
import type { StackEndpoints, StackOptionsInput } from '@sluice/stack';
import { produceLive } from './live-load';
import type { LiveLoad } from './live-load';
import { BASE_MS, Tick, backlogTick, toRow } from './tick';
import type { TickRow } from './tick';

// The pipeline bench (issue 17): ticks into a topic, a DSL signal deployed by Sluice reading them, and
// what came out: how fast the job read a backlog (Flink's own source metric), whether its results equal the
// reference computed from the produced ticks, and how long a live tick took from produce to a typed row
// read by consume(signal). The same signals written by hand with Flink's defaults run through
// `sql-client.sh -f` as the anchor Sluice must beat. Used by bench/e2e (large) and by the harness test
// (tiny: it checks this file's own arithmetic).

export { Tick, backlogTick };
export type { TickRow };

/**
 * The signals the bench knows: `filter` (per-event filter/projection), `vwap` (TUMBLE 1 min per symbol),
 * `indicators` (per-tick Bollinger + RSI + MACD, Sluice's UDAFs), `cep` (MATCH_RECOGNIZE "3 spikes within
 * 5 min per symbol", the shape of "3 failed logins in 5 min"), `hop` (HOP 5 min / 10 s average per symbol).
 */
export type BenchSignal = 'filter' | 'vwap' | 'indicators' | 'cep' | 'hop';

/** Per-event signals emit at a tick; windowed ones when the watermark passes a window's end. */
export const WINDOWED: Readonly<Record<BenchSignal, boolean>> = { filter: false, vwap: true, indicators: false, cep: false, hop: true };

/** The column a per-event signal's row carries its triggering tick's event time in. */
const EVENT_TIME_COLUMN: Readonly<Record<BenchSignal, string>> = { filter: 'ts_ms', vwap: '', indicators: 'ts_ms', cep: 'last_at', hop: '' };

/** The filter keeps ticks with price above this (about 30% of backlog ticks). */
const FILTER_ABOVE = 107;
/** The CEP signal's "spike": a price above this (1% of backlog ticks). */
const SPIKE_ABOVE = 109.9;
const WATERMARK_MS = 1000;


/** Reference result of the first `n` backlog ticks: rows the filter passes, and VWAP windows the watermark has closed. */
export function backlogReference(n: number, symbols: number): { filterRows: number; vwapWindows: Map<string, { vwap: number; trades: number }> } {
  let filterRows = 0;
  const sums = new Map<string, { pq: number; q: number; trades: number }>();
  const lastTs = BASE_MS + n - 1;
  for (let i = 0; i < n; i++) {
    const e = backlogTick(i, symbols);
    if (e.price > FILTER_ABOVE) filterRows++;
    const start = e.ts_ms - ((e.ts_ms - BASE_MS) % 60_000);
    // Only windows whose end the watermark (max ts - 1 s) has passed are emitted.
    if (start + 60_000 > lastTs - WATERMARK_MS + 1) continue;
    const id = `${e.symbol}@${start}`;
    const s = sums.get(id) ?? { pq: 0, q: 0, trades: 0 };
    s.pq += e.price * e.qty;
    s.q += e.qty;
    s.trades += 1;
    sums.set(id, s);
  }
  const vwapWindows = new Map([...sums].map(([id, s]) => [id, { vwap: s.pq / s.q, trades: s.trades }]));
  return { filterRows, vwapWindows };
}

export interface BenchProject {
  readonly id: string;
  readonly ctx: DeployContext;
  readonly input: string;
  readonly output: string;
  /** The Kafka brokers the project reads and writes (for a load generator of its own). */
  readonly brokers: readonly string[];
  readonly signal: Signal;
  readonly jobName: string;
  close(): Promise<void>;
}

export interface BenchProjectOptions {
  readonly endpoints: StackEndpoints;
  readonly which: BenchSignal;
  /** An existing input topic (the backlog), or a new one. */
  readonly input?: string;
  readonly partitions?: number;
  readonly parallelism?: number;
  readonly delivery?: 'exactly-once' | 'at-least-once';
  readonly checkpointInterval?: string;
  readonly startup: 'earliest-offset' | 'latest-offset';
  /** The signal's tuning (Sluice's default when absent). */
  readonly tuning?: Tuning;
  /** Extra Flink options of the job (`flinkOptions`), e.g. to compare a candidate default. */
  readonly flinkOptions?: Readonly<Record<string, string>>;
  /** Extra `properties.*` of the Kafka source and of the sink (fetch sizes, linger, batch size). */
  readonly sourceProperties?: Readonly<Record<string, string>>;
  readonly sinkProperties?: Readonly<Record<string, string>>;
}

/** A project of its own (own name, state dir, output topic) with one bench signal, not yet deployed. */
export async function benchProject(o: BenchProjectOptions): Promise<BenchProject> {
  const id = randomUUID().replace(/-/g, '').slice(0, 8);
  const input = o.input ?? `e2e-in-${id}`;
  const output = `e2e-out-${o.which}-${id}`;
  const ticks = kafka.source(`ticks_${id}`, Tick, {
    topic: input,
    startup: o.startup,
    computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }),
    eventTime: { column: 'ts', watermark: '1 s' },
    ...(o.sourceProperties === undefined ? {} : { properties: o.sourceProperties }),
  });
  const sink = kafka.sink(output, { delivery: o.delivery ?? 'at-least-once', ...(o.sinkProperties === undefined ? {} : { properties: o.sinkProperties }) });
  const settings: SignalSettings = {
    parallelism: o.parallelism ?? 1,
    ...(o.checkpointInterval === undefined ? {} : { checkpointInterval: o.checkpointInterval }),
    ...(o.tuning === undefined ? {} : { tuning: o.tuning }),
    ...(o.flinkOptions === undefined ? {} : { flinkOptions: o.flinkOptions }),
  };
  const name = `${o.which}_${id}`;
  const built = ((): Signal => {
    switch (o.which) {
      case 'filter':
        return signal(name, settings).from(ticks).where((r) => r.price.gt(FILTER_ABOVE)).to(sink);
      case 'vwap':
        return signal(name, settings).from(indicators.vwap(ticks, { price: 'price', qty: 'qty', window: '1 min', by: 'symbol' })).to(sink);
      case 'indicators':
        return signal(name, settings)
          .from(indicators.macd(indicators.rsi(indicators.bollinger(ticks, { value: 'price', period: 20, by: 'symbol' }), { value: 'price', period: 14, by: 'symbol' }), { value: 'price', by: 'symbol' }))
          .to(sink);
      case 'cep':
        return signal(name, settings)
          .from(indicators.countWithin(ticks, { when: (r) => r.price.gt(SPIKE_ABOVE), count: 3, within: '5 min', by: 'symbol', last: ['ts_ms'] }))
          .to(sink);
      case 'hop':
        return signal(name, settings)
          .from(ticks)
          .window(hop('ts', '10 s', '5 min'))
          .groupBy('symbol')
          .select((r) => ({ avg_price: avg(r.price) }))
          .to(sink);
    }
  })();
  const stateDir = await mkdtemp(join(tmpdir(), 'sluice-e2e-'));
  const config = resolveConfig(
    {
      project: `e2e_${id}`,
      signals: 'signals',
      kafka: { brokers: o.endpoints.kafkaBrokers.join(','), topicDefaults: { partitions: o.partitions ?? 1 } },
      flink: { restUrl: o.endpoints.flinkRestUrl, sqlGatewayUrl: o.endpoints.sqlGatewayUrl, version: '2.2' },
      stateDir,
    },
    { configFile: join(stateDir, 'sluice.yaml'), env: {} },
  );
  const ctx = createContext({ config, signals: [built], modules: {} });
  return {
    id,
    ctx,
    input,
    output,
    brokers: o.endpoints.kafkaBrokers,
    signal: built,
    jobName: `sluice.e2e_${id}.${name}`,
    close: async () => {
      await ctx.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** Creates the input topic and produces backlog ticks 0..n-1 with the typed producer; returns produce rate. */
export async function produceBacklog(project: BenchProject, n: number, symbols: number, partitions = 1): Promise<{ produced: number; perSecond: number }> {
  const client = project.ctx.kafka();
  await client.topics.apply([{ name: project.input, partitions }]);
  const producer = await client.producer({ topic: project.input, schema: Tick, key: ['symbol'] });
  const started = Date.now();
  let produced = 0;
  try {
    const batch = 10_000;
    for (let i = 0; i < n; i += batch) {
      const rows: TickRow[] = [];
      for (let j = i; j < Math.min(n, i + batch); j++) rows.push(toRow(backlogTick(j, symbols)));
      produced += (await producer.send(rows)).count;
    }
  } finally {
    await producer.close();
  }
  return { produced, perSecond: produced / ((Date.now() - started) / 1000) };
}

/** Deploys the project's signal (plan + apply) and returns its job id. */
export async function deploy(project: BenchProject): Promise<string> {
  const result = await apply(project.ctx, await plan(project.ctx));
  const jobId = result.jobs.find((j) => j.jobId !== undefined)?.jobId;
  if (jobId === undefined) throw new Error(`no job for ${project.jobName}`);
  return jobId;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Records the job's sources emitted so far: the Kafka source operators' `numRecordsOut`, summed over subtasks. */
export async function sourceRecordsOut(ctx: DeployContext, jobId: string): Promise<number> {
  const details = await ctx.flink.getJobDetails(jobId);
  let total = 0;
  for (const vertex of details.vertices ?? []) {
    if (!String(vertex.name).startsWith('Source')) continue;
    const available = await ctx.flink.vertices.getAggregatedSubtaskMetrics(jobId, vertex.id).catch(() => []);
    const wanted = available.map((m) => m.id).filter((id) => id.startsWith('Source__') && id.endsWith('.numRecordsOut'));
    if (wanted.length === 0) continue;
    const values = await ctx.flink.vertices.getAggregatedSubtaskMetrics(jobId, vertex.id, { get: wanted, agg: ['sum'] });
    for (const m of values) if (typeof m.sum === 'number') total += m.sum;
  }
  return total;
}

/** How fast a job read a backlog. */
export interface Throughput {
  /** Records the sources emitted in all (= the backlog when complete). */
  readonly counted: number;
  /** Records/s between 10% and 90% of the backlog (startup and the tail left out). */
  readonly perSecond: number;
  /** Deploy (apply) start to the last record read. */
  readonly totalMs: number;
}

/** Polls the job's source metric until it has read `backlog` records; measures the rate between 10% and 90%. */
export async function measureThroughput(ctx: DeployContext, jobId: string, backlog: number, startedAt: number, timeoutMs = 600_000): Promise<Throughput> {
  let t10: { t: number; c: number } | undefined;
  let t90: { t: number; c: number } | undefined;
  let last = { t: Date.now(), c: 0 };
  const deadline = Date.now() + timeoutMs;
  while (last.c < backlog) {
    if (Date.now() > deadline) throw new Error(`job ${jobId} read ${last.c} of ${backlog} records in ${timeoutMs} ms`);
    await sleep(200);
    const c = await sourceRecordsOut(ctx, jobId).catch(() => last.c);
    last = { t: Date.now(), c };
    if (t10 === undefined && c >= backlog * 0.1) t10 = last;
    if (t90 === undefined && c >= backlog * 0.9) t90 = last;
  }
  const from = t10 ?? { t: startedAt, c: 0 };
  const to = t90 ?? last;
  const perSecond = to.t > from.t ? (to.c - from.c) / ((to.t - from.t) / 1000) : last.c / ((last.t - startedAt) / 1000);
  return { counted: last.c, perSecond, totalMs: last.t - startedAt };
}

/** Rows of the signal's sink topic read from the start with consume(signal) until `expected` arrived or `quietMs` passed without one. */
export async function readOutput(project: BenchProject, expected: number, quietMs = 10_000): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  const stream = project.ctx.kafka().consume(project.signal as Signal, { from: 'earliest' });
  let lastAt = Date.now();
  const watchdog = setInterval(() => {
    if (Date.now() - lastAt > quietMs) void stream.close();
  }, 500);
  try {
    for await (const row of stream) {
      rows.push(row as Record<string, unknown>);
      lastAt = Date.now();
      if (rows.length >= expected) break;
    }
  } finally {
    clearInterval(watchdog);
    await stream.close().catch(() => undefined);
  }
  return rows;
}

/** Compares VWAP rows with the reference: missing, unexpected and wrong windows. */
export function compareVwap(rows: readonly Record<string, unknown>[], reference: Map<string, { vwap: number; trades: number }>): { missing: number; unexpected: number; wrong: number } {
  const seen = new Set<string>();
  let unexpected = 0;
  let wrong = 0;
  for (const row of rows) {
    const start = row['window_start'] instanceof Date ? row['window_start'].getTime() : Number(row['window_start']);
    const id = `${String(row['symbol'])}@${start}`;
    const ref = reference.get(id);
    if (ref === undefined) {
      unexpected++;
      continue;
    }
    seen.add(id);
    const vwap = Number(row['vwap']);
    if (Number(row['trades']) !== ref.trades || Math.abs(vwap - ref.vwap) > 1e-9 * Math.abs(ref.vwap)) wrong++;
  }
  return { missing: [...reference.keys()].filter((id) => !seen.has(id)).length, unexpected, wrong };
}

/** Latency percentiles in ms. */
export interface Latency {
  readonly samples: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export function percentiles(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
  return { samples: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted[sorted.length - 1] ?? Number.NaN };
}

/**
 * Live latency of a per-event signal: produces ticks at `rate`/s for `seconds` with the wall clock as event
 * time (`load`: in this process by default, bench/e2e forks a process of its own), reads the signal with
 * consume(signal) from the latest offset, and measures per row its receive time minus its tick's produce
 * time. Rows of the first `warmupSeconds` are left out. Windowed signals are measured from the watermark
 * passing their windows' end by bench/e2e/windowed-latency.js.
 */
export async function measureLatency(
  project: BenchProject,
  o: { rate: number; seconds: number; symbols: number; warmupSeconds?: number; load?: LiveLoad },
): Promise<Latency & { produced: number }> {
  const which = project.signal.name.split('_')[0] as BenchSignal;
  if (WINDOWED[which]) throw new Error(`measureLatency measures per-event signals; ${which} is windowed (bench/e2e/windowed-latency.js)`);
  const timeColumn = EVENT_TIME_COLUMN[which];
  const client = project.ctx.kafka();
  const stream = client.consume(project.signal as Signal, { from: 'latest' });
  const samples: number[] = [];
  const warmupUntil = Date.now() + (o.warmupSeconds ?? 0) * 1000;
  const reading = (async () => {
    for await (const row of stream) {
      const now = Date.now();
      if (now >= warmupUntil) samples.push(now - Number((row as Record<string, unknown>)[timeColumn]));
    }
  })();
  await stream.ready;
  let produced = 0;
  try {
    const load = o.load ?? produceLive;
    ({ produced } = await load({ brokers: project.brokers, topic: project.input, rate: o.rate, seconds: o.seconds, symbols: o.symbols }, () => undefined));
    await sleep(2000);
  } finally {
    await stream.close().catch(() => undefined);
    await reading.catch(() => undefined);
  }
  return { ...percentiles(samples), produced };
}

/** The stack's Flink home and conf dir (for sql-client.sh). */
async function flinkHomeOf(stack: StackOptionsInput): Promise<{ flinkHome: string; confDir: string }> {
  const layout = stackLayout(resolveStackOptions(stack));
  const { flinkHome } = JSON.parse(await readFile(layout.stateFile, 'utf8')) as { flinkHome: string };
  return { flinkHome, confDir: join(layout.stateDir, 'flink', 'conf') };
}

/**
 * The same signal as a user would write it by hand without Sluice: plain DDL and INSERT with Flink's
 * defaults, submitted by `sql-client.sh -f`. Returns the job id.
 */
export async function submitHandWritten(stack: StackOptionsInput, endpoints: StackEndpoints, which: 'filter' | 'vwap', input: string, parallelism = 1): Promise<{ jobId: string; output: string }> {
  const id = randomUUID().replace(/-/g, '').slice(0, 8);
  const output = `e2e-hand-${which}-${id}`;
  const brokers = endpoints.kafkaBrokers.join(',');
  const select =
    which === 'filter'
      ? `SELECT symbol, price, qty, ts_ms FROM ticks WHERE price > ${FILTER_ABOVE}`
      : "SELECT window_start, window_end, symbol, SUM(price * qty) / SUM(qty) AS vwap, SUM(qty) AS volume, COUNT(*) AS trades FROM TABLE(TUMBLE(TABLE ticks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end, symbol";
  const outColumns = which === 'filter' ? 'symbol STRING, price DOUBLE, qty BIGINT, ts_ms BIGINT' : 'window_start TIMESTAMP(3), window_end TIMESTAMP(3), symbol STRING, vwap DOUBLE, volume BIGINT, trades BIGINT';
  const sql = `SET 'pipeline.name' = 'e2e-hand-${which}-${id}';
SET 'parallelism.default' = '${parallelism}';
CREATE TABLE ticks (
  symbol STRING, price DOUBLE, qty BIGINT, ts_ms BIGINT,
  ts AS TO_TIMESTAMP_LTZ(ts_ms, 3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'kafka', 'topic' = '${input}', 'properties.bootstrap.servers' = '${brokers}',
  'properties.group.id' = 'e2e-hand-${id}', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json');
CREATE TABLE out_rows (${outColumns}) WITH ('connector' = 'kafka', 'topic' = '${output}', 'properties.bootstrap.servers' = '${brokers}', 'format' = 'json');
INSERT INTO out_rows ${select};
`;
  const dir = await mkdtemp(join(tmpdir(), 'sluice-e2e-hand-'));
  const file = join(dir, 'job.sql');
  await writeFile(file, sql);
  const { flinkHome, confDir } = await flinkHomeOf(stack);
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(join(flinkHome, 'bin', 'sql-client.sh'), ['-f', file], { env: { ...process.env, FLINK_CONF_DIR: confDir }, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (text += c.toString('utf8')));
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });
    const jobId = /Job ID: ([0-9a-f]{32})/.exec(out)?.[1];
    if (jobId === undefined) throw new Error(`sql-client.sh did not submit the hand-written ${which} job:\n${out.slice(-1500)}`);
    return { jobId, output };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Heap used by all TaskManagers now, in MiB (Flink's `Status.JVM.Memory.Heap.Used`). */
export async function taskManagerHeapMiB(ctx: DeployContext): Promise<number> {
  const { taskmanagers } = await ctx.flink.getTaskManagers();
  let bytes = 0;
  for (const tm of taskmanagers ?? []) {
    const values = await ctx.flink.getTaskManagerMetrics(String(tm.id), { get: ['Status.JVM.Memory.Heap.Used'] }).catch(() => []);
    for (const m of values) bytes += Number(m.value ?? 0);
  }
  return bytes / 2 ** 20;
}

/** State size of the job's latest completed checkpoint in MiB, or NaN without one. */
export async function latestCheckpointMiB(ctx: DeployContext, jobId: string): Promise<number> {
  const stats = (await ctx.flink.checkpoints.getCheckpointingStatistics(jobId).catch(() => ({}))) as { latest?: { completed?: { state_size?: number; checkpointed_size?: number } | null } };
  const completed = stats.latest?.completed;
  const size = completed?.state_size ?? completed?.checkpointed_size;
  return typeof size === 'number' ? size / 2 ** 20 : Number.NaN;
}

/** Runs a command and returns its stdout ('' when it fails). */
function run(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.on('error', () => resolve(''));
    child.on('close', () => resolve(text));
  });
}

/**
 * CPU time the job's own threads have used so far, in ms, with the records its sources had read at that
 * moment: the threads of every local TaskManager (`jcmd <pid> Thread.print` gives each thread's `cpu=`)
 * whose name holds the project id (Flink names task threads by their operators, and the bench names the
 * source and sink tables by the id). Unlike records/s, CPU per record does not fall when other processes
 * take the cores, so settings compare on a busy machine. Leaves out the Kafka producer's network thread
 * and the JIT. NaN when no TaskManager runs on this machine. The records come from Flink's REST metric
 * (up to 1 s old, sometimes 0 under load): over short reads the ratio can be far off (tuning-ab prints
 * every run so such a run is seen).
 */
export async function jobCpu(project: BenchProject, jobId: string): Promise<{ cpuMs: number; records: number }> {
  const pids = (await run('jcmd', ['-l']))
    .split('\n')
    .filter((l) => l.includes('TaskManagerRunner'))
    .map((l) => l.split(' ')[0] ?? '');
  let cpuMs = 0;
  let threads = 0;
  for (const pid of pids) {
    for (const line of (await run('jcmd', [pid, 'Thread.print'])).split('\n')) {
      if (!line.startsWith('"')) continue;
      const name = line.slice(1, line.indexOf('"', 1));
      const cpu = / cpu=([0-9.]+)ms /.exec(line)?.[1];
      if (!name.includes(project.id) || cpu === undefined) continue;
      cpuMs += Number(cpu);
      threads++;
    }
  }
  const records = await sourceRecordsOut(project.ctx, jobId);
  return { cpuMs: threads === 0 ? Number.NaN : cpuMs, records };
}
