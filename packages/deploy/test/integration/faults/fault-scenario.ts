import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CompressionTypes, Kafka, logLevel, type Producer } from 'kafkajs';
import { indicators, kafka, schema, signal, t, toTimestampLtz, type Signal } from '@sluice/dsl';
import { apply, createContext, plan, recoverSignals, resolveConfig, rollback, type DeployContext } from '@sluice/deploy';
import { freeStackPorts, javaCommand, kafkaToolJvmArgs, stackDown, stackLayout, stackStatus, stackUp, type StackEndpoints, type StackOptionsInput } from '@sluice/stack';
import { CEP_COUNT, CEP_WITHIN, FAULT_SIGNALS, HOT_ABOVE, RSI_PERIOD, countRows, expectedRows, isMarkerRow, markerTicks, tickOf, type FaultSignal, type RowCounts } from './fault-reference';

// One fault scenario on a second, small stack of its own (free ports, own state dir): the three DSL
// signals (VWAP TUMBLE 1 min per symbol, per-tick Wilder RSI through Sluice's UDAF, CEP "3 price spikes
// within 10 s per symbol" through countWithin's MATCH_RECOGNIZE), each a job with its own exactly-once sink,
// all reading one input topic under a steady produced load; TaskManager SIGKILLs (restarted by stackUp),
// then a JobManager SIGKILL (restarted by stackUp, the jobs lost, brought back by recoverSignals); then the
// load stops and every result row of every signal is compared with its reference computed in TypeScript from
// the produced events (fault-reference.ts). Used by the fault test (npm test) and by bench/faults (larger).

/** The second stack: one TaskManager with 4 slots (three jobs, one of them rescaled to 2), small heaps; no schema registry. */
export async function faultStackOptions(): Promise<{ options: StackOptionsInput; cleanup: () => Promise<void> }> {
  const stateDir = await mkdtemp(join(tmpdir(), 'sluice-faults-'));
  const options: StackOptionsInput = {
    stateDir,
    ports: await freeStackPorts(),
    parts: ['kafka', 'jobmanager', 'taskmanager', 'sql-gateway'],
    taskSlots: 4,
    memory: { jobmanager: '1024m', taskmanager: '1728m', kafka: '768m', sqlGateway: '512m' },
  };
  return {
    options,
    cleanup: async () => {
      await stackDown(options).catch(() => undefined);
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

export interface FaultScenarioOptions {
  readonly stack: StackOptionsInput;
  readonly endpoints: StackEndpoints;
  /** Ticks produced in all (each symbol gets every `symbols`-th). */
  readonly events: number;
  /** Produced per second of wall time. */
  readonly ratePerSecond: number;
  readonly symbols: number;
  /** Ticks per 1 min window of event time (all symbols): event time is compressed. */
  readonly eventsPerWindow: number;
  readonly taskManagerKills: number;
  readonly jobManagerKill: boolean;
  /** SIGKILL the Kafka broker once (after the TaskManager kills) and restart it with stackUp. */
  readonly brokerKill?: boolean;
  readonly delivery: 'exactly-once' | 'at-least-once';
  readonly checkpointInterval: string;
  /**
   * After the kills, under the same load: `apply` a new version of the VWAP signal whose SQL differs (a filter
   * on its window rows that every row passes, `trades > 0`) and whose state is compatible: stop with a
   * savepoint, the new SQL restored from it. The scenario throws unless the plan's only change is that
   * upgrade and the state check says compatible.
   */
  readonly upgradeChangedSql?: boolean;
  /**
   * Then, under the same load: upgrade the VWAP signal to parallelism 2 with `apply` (stop with a savepoint,
   * restore rescaled), then `rollback` to parallelism 1.
   */
  readonly rescaleAndRollback?: boolean;
  /**
   * Also read every sink with kafkajs, read_committed and read_uncommitted (reported, not asserted; default
   * true). False: `kafkajsDuplicated` and `uncommittedDuplicated` are -1 (the bounded test saves the time).
   */
  readonly kafkajsReaders?: boolean;
  readonly log?: (line: string) => void;
}

export interface Recovery {
  readonly fault: string;
  /** Fault to the first checkpoint completed afterwards by every job: with exactly-once sinks, results flowing again. */
  readonly ms: number;
  /** What brought it back and how long that step took (stackUp restarting the part, recoverSignals). */
  readonly steps: string;
}

/** One signal's rows against its reference (read read_committed by Kafka's own Java consumer). */
export interface SignalCounts extends RowCounts {
  readonly signal: FaultSignal;
  /**
   * The same rows read read_committed by kafkajs: reported, not asserted. kafkajs 2.2.4 was seen to show rows
   * of aborted transactions here (110 duplicates where the Java consumer showed none).
   */
  readonly kafkajsDuplicated: number;
  /** The same rows read read_uncommitted: what a reader that ignores transactions could see (-1: not read). */
  readonly uncommittedDuplicated: number;
}

/** An upgrade the scenario applied, as the plan described it. */
export interface AppliedUpgrade {
  readonly what: string;
  /** The plan's action per signal whose job changed (`vwap: upgrade`). */
  readonly actions: readonly string[];
  /** The state check's verdict of the upgrade. */
  readonly stateCheck: string;
}

export interface FaultScenarioResult {
  readonly scenario: string;
  readonly events: number;
  /** Totals over the three signals (each signal's own counts in `signals`). */
  readonly expectedRows: number;
  readonly received: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly kafkajsDuplicated: number;
  readonly wrong: number;
  readonly uncommittedDuplicated: number;
  readonly signals: readonly SignalCounts[];
  readonly recoveries: readonly Recovery[];
  readonly upgrades: readonly AppliedUpgrade[];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(200);
  }
}

async function completedCheckpoints(ctx: DeployContext, jobId: string): Promise<number> {
  const stats = (await ctx.flink.checkpoints.getCheckpointingStatistics(jobId)) as { counts?: { completed?: number } };
  return stats.counts?.completed ?? 0;
}

async function runningJobOf(ctx: DeployContext, jobName: string): Promise<string | undefined> {
  const { jobs } = await ctx.flink.getJobsOverview();
  return jobs.find((j) => j.name === jobName && j.state === 'RUNNING')?.jid;
}

type CheckpointMark = { jobId: string; completed: number };

/** Each job's id and completed checkpoints now (a job not running: no id). */
async function checkpointMarks(ctx: DeployContext, jobNames: readonly string[]): Promise<Map<string, CheckpointMark>> {
  const marks = new Map<string, CheckpointMark>();
  for (const name of jobNames) {
    const jobId = (await runningJobOf(ctx, name).catch(() => undefined)) ?? '';
    marks.set(name, { jobId, completed: jobId === '' ? 0 : await completedCheckpoints(ctx, jobId).catch(() => 0) });
  }
  return marks;
}

/** Waits until every job (by name) completes a checkpoint beyond its mark (a new job id: its first one). */
async function untilCheckpoints(ctx: DeployContext, jobNames: readonly string[], after: ReadonlyMap<string, CheckpointMark>, timeoutMs: number): Promise<void> {
  for (const jobName of jobNames) {
    const mark = after.get(jobName) ?? { jobId: '', completed: 0 };
    await waitFor(`a checkpoint of ${jobName}`, timeoutMs, async () => {
      const jobId = await runningJobOf(ctx, jobName);
      if (jobId === undefined) return undefined;
      const completed = await completedCheckpoints(ctx, jobId);
      return (jobId !== mark.jobId && completed >= 1) || completed > mark.completed ? true : undefined;
    });
  }
}

async function pidOf(stack: StackOptionsInput, part: 'taskmanager' | 'jobmanager' | 'kafka' | 'sql-gateway'): Promise<number> {
  const pid = (await stackStatus(stack)).parts.find((p) => p.part === part)?.pid;
  if (pid === undefined) throw new Error(`no ${part} pid`);
  return pid;
}

async function killHard(pid: number): Promise<void> {
  process.kill(pid, 'SIGKILL');
  await waitFor(`pid ${pid} to exit`, 10_000, async () => {
    try {
      process.kill(pid, 0);
      return undefined;
    } catch {
      return true;
    }
  });
}

/** Reads a sink topic from the start with kafkajs until the first marker row, counting each row text's occurrences. */
async function readResults(brokers: string[], topic: string, readUncommitted: boolean, timeoutMs: number): Promise<Map<string, number>> {
  const client = new Kafka({ clientId: `faults-reader-${randomUUID().slice(0, 6)}`, brokers, logLevel: logLevel.NOTHING });
  const consumer = client.consumer({ groupId: `faults-${randomUUID()}`, readUncommitted });
  const seen = new Map<string, number>();
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  let found = false;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value === null || found) return;
        const text = message.value.toString('utf8');
        if (isMarkerRow(JSON.parse(text) as Record<string, unknown>)) {
          found = true;
          return done();
        }
        seen.set(text, (seen.get(text) ?? 0) + 1);
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no marker row in ${topic} after ${timeoutMs} ms`)), timeoutMs)));
    try {
      await Promise.race([finished, timeout]);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/**
 * Reads a sink topic read_committed with Kafka's own Java consumer (read-committed.java beside this file, on
 * the stack's kafka-clients jar) until the first marker row, counting each row text's occurrences: the
 * exactly-once verdict rests on how Kafka itself filters aborted transactions, not on a client
 * reimplementation of it.
 */
async function readCommittedJava(stack: StackOptionsInput, brokers: string[], topic: string): Promise<Map<string, number>> {
  if (stack.stateDir === undefined) throw new Error('the fault stack has no state dir');
  const layout = stackLayout({ stateDir: stack.stateDir });
  const { kafkaHome } = JSON.parse(await readFile(layout.stateFile, 'utf8')) as { kafkaHome: string };
  // 60 s without a record ends it: the marker is the topic's last awaited row, so only a run that lacks it waits that out.
  const args = [...kafkaToolJvmArgs(layout, { kafkaHome, flinkHome: '', registryHome: '' }), join(__dirname, 'read-committed.java'), brokers.join(','), topic, '60000'];
  const child = spawn(javaCommand(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const seen = new Map<string, number>();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-2000)));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  let found = false;
  for await (const line of createInterface({ input: child.stdout })) {
    if (!line.startsWith('V ')) continue;
    const text = line.slice(2);
    if (isMarkerRow(JSON.parse(text) as Record<string, unknown>)) {
      found = true;
      child.kill('SIGTERM');
      break;
    }
    seen.set(text, (seen.get(text) ?? 0) + 1);
  }
  const code = await exited;
  if (!found) throw new Error(`the Java read_committed reader saw no marker row in ${topic} (exit ${code ?? 'signal'}): ${stderr}`);
  return seen;
}

/** Which version of the project's signals: the VWAP signal's SQL and parallelism change across upgrades. */
interface ProjectVersion {
  /** VWAP with a filter every window row passes (`trades > 0`): other SQL, the same state and rows. */
  readonly vwapChanged: boolean;
  readonly vwapParallelism: number;
}

interface FaultProject {
  readonly id: string;
  readonly input: string;
  readonly outputs: Readonly<Record<FaultSignal, string>>;
  readonly names: Readonly<Record<FaultSignal, string>>;
  readonly jobNames: Readonly<Record<FaultSignal, string>>;
  /** The jobs this project deploys. */
  readonly deployed: readonly FaultSignal[];
  readonly ctx: DeployContext;
  readonly stateDir: string;
  /** The same project (state dir, savepoint catalog) with another version of its signals. */
  readonly contextWith: (version: ProjectVersion) => DeployContext;
}

/** A project of its own (own name, state dir, topics) with the three signals (or `only` some) over one input topic. */
async function faultProject(endpoints: StackEndpoints, delivery: 'exactly-once' | 'at-least-once', checkpointInterval: string, o: { idleTimeout?: string; only?: readonly FaultSignal[] } = {}): Promise<FaultProject> {
  const id = randomUUID().replace(/-/g, '').slice(0, 8);
  const input = `faults-in-${id}`;
  const outputs = { vwap: `faults-vwap-${id}`, rsi: `faults-rsi-${id}`, cep: `faults-cep-${id}` };
  const names = { vwap: `vwap_${id}`, rsi: `rsi_${id}`, cep: `cep_${id}` };
  const project = `faults_${id}`;
  const jobNames = { vwap: `sluice.${project}.${names.vwap}`, rsi: `sluice.${project}.${names.rsi}`, cep: `sluice.${project}.${names.cep}` };
  const deployed = o.only ?? FAULT_SIGNALS;
  const Tick = schema({ symbol: t.string().notNull(), price: t.double(), qty: t.bigint(), ts_ms: t.bigint(), seq: t.bigint() });
  const ticks = kafka.source(`ticks_${id}`, Tick, {
    topic: input,
    format: 'json',
    computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }),
    // A subtask without a partition (parallelism above the partitions) holds the watermark back for good
    // unless it is marked idle: measured, a rescale to 2 over 1 partition emitted nothing.
    eventTime: { column: 'ts', watermark: '1 s', ...(o.idleTimeout === undefined ? {} : { idleTimeout: o.idleTimeout }) },
    startup: 'earliest-offset',
    properties: { 'group.id': `faults-${id}` },
  });
  const sink = (s: FaultSignal) => kafka.sink(outputs[s], { format: 'json', delivery });
  const signalsOf = (v: ProjectVersion): Signal[] => {
    const vwapRows = indicators.vwap(ticks, { price: 'price', qty: 'qty', window: '1 min', by: 'symbol' });
    const all: Record<FaultSignal, () => Signal> = {
      vwap: () => signal(names.vwap).from(v.vwapChanged ? vwapRows.where((r) => r.trades.gt(0)) : vwapRows).to(sink('vwap'), { checkpointInterval, parallelism: v.vwapParallelism }) as unknown as Signal,
      rsi: () => signal(names.rsi).from(indicators.rsi(ticks, { value: 'price', period: RSI_PERIOD, by: 'symbol' })).to(sink('rsi'), { checkpointInterval, parallelism: 1 }) as unknown as Signal,
      cep: () =>
        signal(names.cep)
          .from(indicators.countWithin(ticks, { when: (r) => r.price.gt(HOT_ABOVE), count: CEP_COUNT, within: CEP_WITHIN, by: 'symbol', last: ['seq'] }))
          .to(sink('cep'), { checkpointInterval, parallelism: 1 }) as unknown as Signal,
    };
    return deployed.map((s) => all[s]());
  };
  const stateDir = await mkdtemp(join(tmpdir(), 'sluice-faults-project-'));
  const config = resolveConfig(
    { project, signals: 'signals', kafka: { brokers: endpoints.kafkaBrokers.join(','), topicDefaults: { partitions: 1 } }, flink: { restUrl: endpoints.flinkRestUrl, sqlGatewayUrl: endpoints.sqlGatewayUrl }, stateDir },
    { configFile: join(stateDir, 'sluice.yaml'), env: {} },
  );
  // A project of its own per run: a plan never sees (and proposes to remove) another run's jobs.
  const contextWith = (v: ProjectVersion): DeployContext => createContext({ config, signals: signalsOf(v), modules: {} });
  return { id, input, outputs, names, jobNames, deployed, ctx: contextWith({ vwapChanged: false, vwapParallelism: 1 }), stateDir, contextWith };
}

async function liveJobsNamed(ctx: DeployContext, jobName: string): Promise<string[]> {
  const { jobs } = await ctx.flink.getJobsOverview();
  return jobs.filter((j) => j.name === jobName && !['CANCELED', 'FAILED', 'FINISHED'].includes(j.state)).map((j) => j.jid);
}

async function cancelJobs(ctx: DeployContext, jobNames: readonly string[]): Promise<void> {
  for (const jobName of jobNames) {
    for (const jobId of await liveJobsNamed(ctx, jobName).catch(() => [] as string[])) {
      await ctx.flink.cancelJob(jobId).catch(() => undefined);
      await ctx.flink.waitForJobStatus(jobId, ['CANCELED', 'FAILED', 'FINISHED'], { timeoutMs: 60_000 }).catch(() => undefined);
    }
  }
}

export interface GatewayKillResult {
  /** `ok`, or the error code of the deploy during which the gateway was killed. */
  readonly first: string;
  /** The actions of the deploy after the gateway was restarted, and of one more. */
  readonly second: readonly string[];
  readonly third: readonly string[];
  /** Live jobs of the signal's name after each deploy. */
  readonly liveJobs: readonly number[];
}

/**
 * The SQL Gateway SIGKILLed the moment deploy starts submitting (its progress says `submit`); restarted by
 * stackUp; deploying again gives exactly one job for the signal (the VWAP one alone), and once more changes nothing.
 *
 * @example
 * ```ts
 * const r = await runGatewayKillDuringDeploy(stack, endpoints) // { first: 'DEPLOY_GATEWAY_UNREACHABLE', second: ['create'], liveJobs: [0, 1, 1] }
 * ```
 */
export async function runGatewayKillDuringDeploy(stack: StackOptionsInput, endpoints: StackEndpoints, log: (line: string) => void = () => undefined): Promise<GatewayKillResult> {
  const p = await faultProject(endpoints, 'exactly-once', '2 s', { only: ['vwap'] });
  const jobName = p.jobNames.vwap;
  const client = new Kafka({ clientId: `faults-gateway-${p.id}`, brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  try {
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: p.input, numPartitions: 1 }, { topic: p.outputs.vwap, numPartitions: 1 }] });
    await admin.disconnect();
    const gateway = await pidOf(stack, 'sql-gateway');
    let killed = false;
    const first = await apply(p.ctx, await plan(p.ctx), {
      onProgress: (progress) => {
        if (progress.phase !== 'submit' || killed) return;
        killed = true;
        process.kill(gateway, 'SIGKILL');
        log(`SQL Gateway ${gateway} SIGKILLed as deploy began submitting`);
      },
    }).then(
      () => 'ok',
      (error: unknown) => (error as { code?: string }).code ?? String(error),
    );
    const afterFirst = (await liveJobsNamed(p.ctx, jobName)).length;
    await stackUp(stack);
    const second = (await apply(p.ctx, await plan(p.ctx))).jobs.map((j) => j.action);
    const afterSecond = (await liveJobsNamed(p.ctx, jobName)).length;
    const third = (await apply(p.ctx, await plan(p.ctx))).jobs.map((j) => j.action);
    const afterThird = (await liveJobsNamed(p.ctx, jobName)).length;
    log(`deploy during the kill: ${first}; then ${second.join(', ')}; then ${third.join(', ')}`);
    return { first, second, third, liveJobs: [afterFirst, afterSecond, afterThird] };
  } finally {
    await cancelJobs(p.ctx, [jobName]);
    await p.ctx.close();
    await rm(p.stateDir, { recursive: true, force: true });
  }
}

/**
 * Runs one scenario and counts per signal: lost (expected rows never read), duplicated (rows read more than
 * once), wrong (rows the reference does not have, or with other values).
 *
 * @example
 * ```ts
 * const r = await runFaultScenario({ stack, endpoints, events: 60_000, ratePerSecond: 1000, symbols: 10, eventsPerWindow: 1000, taskManagerKills: 3, jobManagerKill: true, delivery: 'exactly-once', checkpointInterval: '2 s' })
 * ```
 */
export async function runFaultScenario(o: FaultScenarioOptions): Promise<FaultScenarioResult> {
  const log = o.log ?? (() => undefined);
  const p = await faultProject(o.endpoints, o.delivery, o.checkpointInterval, o.rescaleAndRollback === true ? { idleTimeout: '2 s' } : {});
  const { ctx } = p;
  const jobNames = FAULT_SIGNALS.map((s) => p.jobNames[s]);
  const contexts: DeployContext[] = [];
  const contextWith = (v: ProjectVersion): DeployContext => {
    const c = p.contextWith(v);
    contexts.push(c);
    return c;
  };
  const client = new Kafka({ clientId: `faults-producer-${p.id}`, brokers: o.endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
  const producer: Producer = client.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  const recoveries: Recovery[] = [];
  const upgrades: AppliedUpgrade[] = [];
  let produced = 0;
  let stopLoad = false;
  try {
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [p.input, ...Object.values(p.outputs)].map((topic) => ({ topic, numPartitions: 1 })) });
    await admin.disconnect();
    await apply(ctx, await plan(ctx));
    log(`deployed ${jobNames.join(', ')}`);
    await producer.connect();
    const send = async (from: number, to: number): Promise<void> => {
      // At most 5,000 events a request: after a pause the backlog would exceed the broker's message size.
      for (let start = from; start < to; start += 5000) {
        const messages = [];
        for (let i = start; i < Math.min(to, start + 5000); i++) messages.push({ value: JSON.stringify(tickOf(i, o.symbols, o.eventsPerWindow)) });
        await producer.send({ topic: p.input, messages, acks: -1, compression: CompressionTypes.None });
      }
    };
    // Steady load: a batch every 100 ms. It pauses only while the broker is down: a send retried after a
    // failure could write its events twice and the reference would no longer be the input.
    let loadError: unknown;
    let paused = false;
    let sending = false;
    let pausedMs = 0;
    const load = (async () => {
      const started = Date.now();
      while (produced < o.events && !stopLoad) {
        if (paused) {
          const from = Date.now();
          while (paused && !stopLoad) await sleep(50);
          pausedMs += Date.now() - from;
          continue;
        }
        const due = Math.min(o.events, Math.floor(((Date.now() - started - pausedMs) / 1000) * o.ratePerSecond) + 1);
        if (due > produced) {
          sending = true;
          await send(produced, due).finally(() => (sending = false));
          produced = due;
        }
        await sleep(100);
      }
    })().catch((error: unknown) => {
      // Kept for `await load` below, so a failed send is reported there, not as an unhandled rejection.
      loadError = error;
    });

    await untilCheckpoints(ctx, jobNames, new Map(), 180_000);
    for (let kill = 1; kill <= o.taskManagerKills; kill++) {
      await sleep(1500);
      const pid = await pidOf(o.stack, 'taskmanager');
      const before = await checkpointMarks(ctx, jobNames);
      await killHard(pid);
      const killedAt = Date.now();
      log(`TaskManager ${pid} SIGKILLed (${produced} events produced)`);
      const up = await stackUp(o.stack);
      const upMs = Date.now() - killedAt;
      await untilCheckpoints(ctx, jobNames, before, 180_000);
      recoveries.push({ fault: `TaskManager kill ${kill}`, ms: Date.now() - killedAt, steps: `stackUp restarted it in ${(upMs / 1000).toFixed(1)} s (${up.parts.find((x) => x.part === 'taskmanager')?.health ?? ''})` });
      log(`TaskManager kill ${kill}: results of all ${jobNames.length} jobs flowing again after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
    }
    if (o.brokerKill === true) {
      await sleep(1500);
      paused = true;
      while (sending) await sleep(50);
      const pid = await pidOf(o.stack, 'kafka');
      const before = await checkpointMarks(ctx, jobNames);
      await killHard(pid);
      const killedAt = Date.now();
      log(`Kafka broker ${pid} SIGKILLed (${produced} events produced; the load waits)`);
      await stackUp(o.stack);
      const upMs = Date.now() - killedAt;
      // A fresh producer id: the old connection died with the broker.
      await producer.disconnect();
      await producer.connect();
      paused = false;
      await untilCheckpoints(ctx, jobNames, before, 180_000);
      recoveries.push({ fault: 'Kafka broker kill', ms: Date.now() - killedAt, steps: `stackUp restarted it in ${(upMs / 1000).toFixed(1)} s; the load paused meanwhile` });
      log(`Kafka broker kill: results flowing again after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
    }
    if (o.jobManagerKill) {
      await sleep(1500);
      const pid = await pidOf(o.stack, 'jobmanager');
      const before = await checkpointMarks(ctx, jobNames);
      await killHard(pid);
      const killedAt = Date.now();
      log(`JobManager ${pid} SIGKILLed (${produced} events produced)`);
      await stackUp(o.stack);
      const upMs = Date.now() - killedAt;
      const recoverStarted = Date.now();
      const recovered = await recoverSignals(ctx);
      const recoverMs = Date.now() - recoverStarted;
      for (const r of recovered) log(r.message);
      const fromCheckpoint = recovered.filter((r) => r.action === 'recovered' && r.from?.kind === 'checkpoint').length;
      if (fromCheckpoint !== jobNames.length) throw new Error(`recover restored ${fromCheckpoint} of ${jobNames.length} jobs from a checkpoint: ${recovered.map((r) => r.message).join('; ')}`);
      await untilCheckpoints(ctx, jobNames, before, 180_000);
      recoveries.push({ fault: 'JobManager kill', ms: Date.now() - killedAt, steps: `stackUp restarted it in ${(upMs / 1000).toFixed(1)} s; recoverSignals had ${fromCheckpoint} jobs RUNNING from checkpoints in ${(recoverMs / 1000).toFixed(1)} s` });
      log(`JobManager kill: results flowing again after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
    }
    // apply a new version; only the VWAP job may change, as an upgrade the state check finds compatible
    const upgradeTo = async (what: string, next: DeployContext): Promise<void> => {
      await sleep(1500);
      const before = await checkpointMarks(ctx, jobNames);
      const startedAt = Date.now();
      const nextPlan = await plan(next);
      const changed = nextPlan.jobs.filter((j) => j.action !== 'unchanged');
      const upgrade: AppliedUpgrade = { what, actions: changed.map((j) => `${j.signal}: ${j.action}`), stateCheck: changed.map((j) => j.stateCheck?.verdict ?? 'none').join(', ') };
      upgrades.push(upgrade);
      if (upgrade.actions.join() !== `${p.names.vwap}: upgrade` || upgrade.stateCheck !== 'compatible') throw new Error(`${what}: the plan was ${upgrade.actions.join(', ')} (state check ${upgrade.stateCheck}), not one compatible upgrade of ${p.names.vwap}`);
      await apply(next, nextPlan);
      await untilCheckpoints(ctx, jobNames, before, 180_000);
      recoveries.push({ fault: `${what} (apply)`, ms: Date.now() - startedAt, steps: `stop-with-savepoint, restored (state check ${upgrade.stateCheck}; ${produced} events produced)` });
      log(`${what}: results flowing again after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    };
    const changedSql = o.upgradeChangedSql === true;
    if (changedSql) await upgradeTo('Upgrade, changed SQL', contextWith({ vwapChanged: true, vwapParallelism: 1 }));
    if (o.rescaleAndRollback === true) {
      const rescaled = contextWith({ vwapChanged: changedSql, vwapParallelism: 2 });
      await upgradeTo('Rescale 1 -> 2', rescaled);
      await sleep(5000);
      const before = await checkpointMarks(ctx, jobNames);
      const startedAt = Date.now();
      const back = await rollback(rescaled, p.names.vwap);
      await untilCheckpoints(ctx, jobNames, before, 180_000);
      recoveries.push({ fault: 'Rollback 2 -> 1 (rollback)', ms: Date.now() - startedAt, steps: `restored ${back.to.version} from ${back.restoredFrom} ${back.to.savepoint.split('/').pop() ?? ''} (state ${back.stateCheck.verdict}; ${produced} events produced)` });
      log(`rollback: results flowing again after ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
    }
    await load;
    if (loadError !== undefined) throw loadError;
    await producer.send({ topic: p.input, acks: -1, messages: markerTicks(o.events, o.symbols, o.eventsPerWindow).map((tick) => ({ value: JSON.stringify(tick) })) });
    log(`load done (${produced} events), marker ticks sent; reading the results`);
    const brokers = o.endpoints.kafkaBrokers;
    const committed = await Promise.all(FAULT_SIGNALS.map((s) => readCommittedJava(o.stack, brokers, p.outputs[s])));
    const kafkajs = o.kafkajsReaders !== false;
    const kafkajsCommitted = kafkajs ? await Promise.all(FAULT_SIGNALS.map((s) => readResults(brokers, p.outputs[s], false, 180_000))) : [];
    const uncommitted = kafkajs ? await Promise.all(FAULT_SIGNALS.map((s) => readResults(brokers, p.outputs[s], true, 60_000))) : [];
    const duplicatesIn = (check: ReturnType<typeof expectedRows>, seen: Map<string, number> | undefined): number => (seen === undefined ? -1 : countRows(check, seen).duplicated);
    const signals = FAULT_SIGNALS.map((s, i): SignalCounts => {
      const check = expectedRows(s, o.events, o.symbols, o.eventsPerWindow);
      const counts = countRows(check, committed[i] ?? new Map());
      return { signal: s, ...counts, kafkajsDuplicated: duplicatesIn(check, kafkajsCommitted[i]), uncommittedDuplicated: duplicatesIn(check, uncommitted[i]) };
    });
    // -1 (not read) stays -1 in the totals
    const total = (key: 'expectedRows' | 'received' | 'lost' | 'duplicated' | 'wrong' | 'kafkajsDuplicated' | 'uncommittedDuplicated'): number => (signals.some((s) => s[key] < 0) ? -1 : signals.reduce((a, s) => a + s[key], 0));
    const faults = [
      `${o.taskManagerKills} TaskManager kill(s)`,
      ...(o.brokerKill === true ? ['1 broker kill'] : []),
      ...(o.jobManagerKill ? ['1 JobManager kill + recover'] : []),
      ...(changedSql ? ['upgrade with changed SQL'] : []),
      ...(o.rescaleAndRollback === true ? ['rescale 1 -> 2 + rollback'] : []),
    ];
    return {
      scenario: `${o.delivery}: ${faults.join(', ')}`,
      events: o.events,
      expectedRows: total('expectedRows'),
      received: total('received'),
      lost: total('lost'),
      duplicated: total('duplicated'),
      kafkajsDuplicated: total('kafkajsDuplicated'),
      wrong: total('wrong'),
      uncommittedDuplicated: total('uncommittedDuplicated'),
      signals,
      recoveries,
      upgrades,
    };
  } finally {
    stopLoad = true;
    await producer.disconnect().catch(() => undefined);
    await cancelJobs(ctx, jobNames);
    await ctx.close();
    for (const c of contexts) await c.close();
    await rm(p.stateDir, { recursive: true, force: true });
  }
}
