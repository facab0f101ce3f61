import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testStackEndpoints } from '@sluice/stack';
import { count, kafka, schema, signal, sum, t, toTimestampLtz, tumble, upsertKafka } from '@sluice/dsl';
import { isSluiceError } from '@sluice/errors';
import { backfillThenLive, createContext, resolveConfig, type DeployContext } from '@sluice/deploy';

// Issue 18 item 1, must-show 1 (second half): backfill then go live over a moving stream. History is in
// the topic, a producer keeps appending while the backfill runs and after the live job starts; every
// 10 s window of every symbol must reach the sink exactly once, with all of its trades (a window split
// at the hand-over would show up twice, each with part of its count). The rule: hand over at the start
// B of the newest window with records; the backfill reads up to the first offset in it, the live job
// starts there.

const endpoints = testStackEndpoints();
const id = randomBytes(4).toString('hex');
const Trade = schema({ symbol: t.string(), qty: t.bigint(), ts_ms: t.bigint() });
const trades = kafka.source('trades', Trade, {
  topic: `bfl-${id}.trades`,
  startup: 'earliest-offset',
  computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }),
  eventTime: { column: 'ts', watermark: '1 s' },
});
const name = `bfl_counts_${id}`;
const counts = signal(name, { parallelism: 1 })
  .from(trades)
  .window(tumble('ts', '10 s'))
  .groupBy('symbol')
  .select((r) => ({ trades: count(), volume: sum(r.qty) }))
  .to(kafka.sink(`bfl-${id}.counts`));
const perEvent = signal(`bfl_big_${id}`, { parallelism: 1 }).from(trades).where((r) => r.qty.gt(5)).to(kafka.sink(`bfl-${id}.big`));
const unwindowed = signal(`bfl_totals_${id}`, { parallelism: 1 }).from(trades).groupBy('symbol').select((r) => ({ volume: sum(r.qty) })).to(upsertKafka.sink(`bfl-${id}.totals`, { key: ['symbol'] }));

const BASE = Date.UTC(2026, 0, 5, 9, 0, 0);
const SYMBOLS = ['ACME', 'BOLT'];
interface Event { symbol: string; qty: number; ts_ms: number }
const produced: Event[] = [];
const eventAt = (second: number, i: number): Event => ({ symbol: SYMBOLS[i % 2] ?? 'ACME', qty: 1 + ((second * 3 + i) % 7), ts_ms: BASE + second * 1000 + i * 10 });

let ctx: DeployContext | undefined;
const jobIds: string[] = [];
afterAll(async () => {
  for (const jobId of jobIds) await ctx?.flink.cancelJob(jobId).catch(() => undefined);
  await ctx?.close();
});

test('backfill then live over a moving stream: every window exactly once, complete; the hand-over is at a window boundary', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'sluice-bfl-'));
  const config = resolveConfig(
    { project: `bfl_${id}`, signals: '.', flink: { restUrl: endpoints.flinkRestUrl, sqlGatewayUrl: endpoints.sqlGatewayUrl, version: '2.2' }, kafka: { brokers: [...endpoints.kafkaBrokers] }, stateDir, deploy: { timeoutMs: 120_000 } },
    { configFile: join(stateDir, 'sluice.yaml'), env: {} },
  );
  const context = createContext({ config, signals: [counts, perEvent, unwindowed], modules: {} });
  ctx = context;
  await context.kafka().topics.apply([{ name: `bfl-${id}.trades`, partitions: 1 }]);
  const producer = await context.kafka().producer({ topic: `bfl-${id}.trades`, schema: Trade, key: ['symbol'] });
  const send = async (events: Event[]) => {
    produced.push(...events);
    await producer.send(events.map((e) => ({ symbol: e.symbol, qty: BigInt(e.qty), ts_ms: BigInt(e.ts_ms) })));
  };
  // history: 55 s of trades, two per second; the window [50 s, 60 s) is still open
  for (let s = 0; s < 55; s++) await send([eventAt(s, 0), eventAt(s, 1)]);
  // the moving stream: one second of event time per 50 ms, until told to stop
  let second = 55;
  let moving = true;
  const stream = (async () => {
    while (moving) {
      await send([eventAt(second, 0), eventAt(second, 1)]);
      second += 1;
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  let result: Awaited<ReturnType<typeof backfillThenLive>>;
  try {
    result = await backfillThenLive(context, name, { from: { kind: 'earliest' }, id: 'h1', pollMs: 300 });
    jobIds.push(result.liveJobId);
    // run on a little past the live start, then close every window but the last with a far-ahead trade
    const liveFrom = second;
    while (second < liveFrom + 25) await new Promise((r) => setTimeout(r, 50));
  } finally {
    moving = false;
    await stream;
  }
  await send([{ symbol: 'ACME', qty: 1, ts_ms: BASE + 3_600_000 }]);
  await producer.close();

  // the hand-over offset is the first trade of a window: the one before it is in an earlier window
  const [handOver] = result.handOver.offsets;
  expect(handOver?.partition).toBe(0);
  const at = produced[handOver?.offset ?? -1];
  const before = produced[(handOver?.offset ?? 0) - 1];
  const windowOf = (e: Event | undefined) => Math.floor(((e?.ts_ms ?? 0) - BASE) / 10_000);
  expect(windowOf(before)).toBe(windowOf(at) - 1);
  expect(result.backfill.recordsRead).toBe(handOver?.offset);
  // the window B had trades before the end offsets at start too: a hand-over at those offsets would split it
  const [end] = result.handOver.endOffsets;
  expect(handOver?.offset).toBeLessThan(end?.offset ?? 0);
  expect(windowOf(produced[(end?.offset ?? 0) - 1])).toBe(windowOf(at));
  expect(result.handOver.windowStart).toBe(new Date(BASE + windowOf(at) * 10_000).toISOString().replace('T', ' ').replace('Z', ''));

  // the reference: every closed window of every symbol once, with all its trades
  const expected = new Map<string, { trades: number; volume: number }>();
  for (const e of produced.slice(0, -1)) {
    const key = `${e.symbol}|${windowOf(e)}`;
    const w = expected.get(key) ?? { trades: 0, volume: 0 };
    expected.set(key, { trades: w.trades + 1, volume: w.volume + e.qty });
  }
  const rows: string[] = [];
  const out = context.kafka().consume(counts, { from: 'earliest' });
  const timer = setTimeout(() => void out.close(), 60_000);
  try {
    for await (const row of out) {
      rows.push(`${row.symbol}|${Math.floor((row.window_start.getTime() - BASE) / 10_000)}|${row.trades}|${row.volume}`);
      if (rows.length >= expected.size) break;
    }
  } finally {
    clearTimeout(timer);
    await out.close();
  }
  expect(rows.sort()).toEqual([...expected].map(([k, v]) => `${k}|${v.trades}|${v.volume}`).sort());
  // nothing more than one row per window was written (an at-least-once sink: no transaction markers)
  expect(await context.kafka().topics.recordCount(`bfl-${id}.counts`)).toBe(BigInt(expected.size));
}, 180_000);

test('a signal with state across any hand-over point is refused: DEPLOY_BACKFILL_HANDOVER_UNSUPPORTED; a running live job: DEPLOY_BACKFILL_LIVE_RUNNING', async () => {
  const context = ctx;
  if (context === undefined) throw new Error('the first test sets up the project');
  const error: unknown = await backfillThenLive(context, `bfl_totals_${id}`, { from: { kind: 'earliest' } }).catch((e: unknown) => e);
  expect(isSluiceError(error, 'DEPLOY_BACKFILL_HANDOVER_UNSUPPORTED')).toBe(true);
  expect((error as Error).message).toBe(`bfl_totals_${id}: no exact hand-over from a backfill to the live job: an aggregate without a window`);
  const running: unknown = await backfillThenLive(context, name, { from: { kind: 'earliest' } }).catch((e: unknown) => e);
  expect(isSluiceError(running, 'DEPLOY_BACKFILL_LIVE_RUNNING')).toBe(true);
});
