import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testStackEndpoints } from '@sluice/stack';
import { count, cumulate, indicators, kafka, schema, session, signal, sum, t, toTimestampLtz } from '@sluice/dsl';
import type { Signal } from '@sluice/dsl';
import { isSluiceError } from '@sluice/errors';
import { apply, backfill, createContext, plan, resolveConfig, type BackfillProgress, type DeployContext } from '@sluice/deploy';

// Issue 18 item 1, must-show 1: a backfill (the same compiled signal in batch mode over a bounded
// stretch of Kafka) writes, row for row, what the streaming job wrote for the same events: VWAP per
// 1 min tumbling window and a CUMULATE (10 s steps of 1 min) volume. The range is offsets [0, N) of the
// pre-produced events; after them come late "flush" events that move the streaming job's watermark past
// every window of the range (they are outside the backfill's range, and their own windows stay open).

const endpoints = testStackEndpoints();
const id = randomBytes(4).toString('hex');
const Trade = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), ts_ms: t.bigint() });
const trades = kafka.source('trades', Trade, {
  topic: `bf-${id}.trades`,
  startup: 'earliest-offset',
  computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }),
  eventTime: { column: 'ts', watermark: '1 s' },
});
const vwapName = `bf_vwap_${id}`;
const cumName = `bf_cum_${id}`;
const sessionName = `bf_sessions_${id}`;
const spikesName = `bf_spikes_${id}`;
const smaName = `bf_sma_${id}`;
const rsiName = `bf_rsi_${id}`;
const vwap = signal(vwapName, { parallelism: 1 })
  .from(indicators.vwap(trades, { price: 'price', qty: 'qty', window: '1 min', by: 'symbol' }))
  .to(kafka.sink(`bf-${id}.vwap`));
const cum = signal(cumName, { parallelism: 1 })
  .from(trades)
  .window(cumulate('ts', '10 s', '1 min'))
  .groupBy('symbol')
  .select((r) => ({ volume: sum(r.qty), trades: count() }))
  .to(kafka.sink(`bf-${id}.cum`));
// MATCH_RECOGNIZE, an OVER ROWS average and a Sluice UDAF over an OVER window: batch mode runs them too
const spikes = signal(spikesName, { parallelism: 1 })
  .from(indicators.countWithin(trades, { when: (e) => e.price.gt(121), count: 2, within: '1 min', by: 'symbol' }))
  .to(kafka.sink(`bf-${id}.spikes`));
const sma = signal(smaName, { parallelism: 1 }).from(indicators.sma(trades, { value: 'price', period: 5, by: 'symbol' })).to(kafka.sink(`bf-${id}.sma`));
const rsi = signal(rsiName, { parallelism: 1 }).from(indicators.rsi(trades, { value: 'price', period: 5, by: 'symbol' })).to(kafka.sink(`bf-${id}.rsi`));
const sessions = signal(sessionName, { parallelism: 1 })
  .from(trades)
  .window(session('ts', '30 s'))
  .groupBy('symbol')
  .select(() => ({ trades: count() }))
  .to(kafka.sink(`bf-${id}.sessions`));

// Prices in quarters and integer quantities: every sum is exact, whatever order a plan adds in.
const BASE = Date.UTC(2026, 0, 5, 9, 0, 0);
const SYMBOLS = ['ACME', 'BOLT', 'CRUX'];
interface Event { symbol: string; price: number; qty: number; ts_ms: number }
const events: Event[] = [];
for (let s = 0; s < 4 * 60; s += 7) {
  SYMBOLS.forEach((symbol, i) => {
    if ((s + i * 11) % 3 === 0) return; // gaps, so windows differ in size
    events.push({ symbol, price: 100 + i * 10 + ((s * 7 + i) % 16) / 4, qty: 1 + ((s + i) % 9), ts_ms: BASE + s * 1000 + i * 100 });
  });
}
const flush: Event[] = SYMBOLS.map((symbol) => ({ symbol, price: 1, qty: 1, ts_ms: BASE + 10 * 60_000 }));

/** Windows the events fill: VWAP (symbol, minute) pairs; CUMULATE (symbol, minute, step) with data up to the step's end. */
function expectedCounts(): { vwap: number; cum: number } {
  const minutes = new Set(events.map((e) => `${e.symbol}|${Math.floor((e.ts_ms - BASE) / 60_000)}`));
  const steps = new Set<string>();
  for (const e of events) {
    const offset = (e.ts_ms - BASE) % 60_000;
    const minute = Math.floor((e.ts_ms - BASE) / 60_000);
    for (let k = Math.floor(offset / 10_000) + 1; k <= 6; k++) steps.add(`${e.symbol}|${minute}|${k}`);
  }
  return { vwap: minutes.size, cum: steps.size };
}

type Row = Record<string, unknown>;
const normal = (row: Row): string => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** Reads `n` rows of a topic in the signal's row type, sorted (a job's output order is not part of its result). */
async function readRows(ctx: DeployContext, s: Signal, topic: string, n: number): Promise<string[]> {
  const stream = ctx.kafka().consume({ topic, schema: { fields: s.fields } }, { from: 'earliest' });
  const rows: string[] = [];
  const timer = setTimeout(() => void stream.close(), 60_000); // a job that writes fewer rows ends the read, and the count check fails
  try {
    for await (const row of stream) {
      rows.push(normal(row as Row));
      if (rows.length >= n) break;
    }
  } finally {
    clearTimeout(timer);
    await stream.close();
  }
  return rows.sort();
}

let ctx: DeployContext | undefined;
const jobIds: string[] = [];
afterAll(async () => {
  for (const jobId of jobIds) await ctx?.flink.cancelJob(jobId).catch(() => undefined);
  await ctx?.close();
});

test('backfill of VWAP 1 min and of a CUMULATE signal over offsets [0, N) equals, row for row, what the streaming jobs wrote', async () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'sluice-bf-'));
  const config = resolveConfig(
    { project: `bf_${id}`, signals: '.', flink: { restUrl: endpoints.flinkRestUrl, sqlGatewayUrl: endpoints.sqlGatewayUrl, version: '2.2' }, kafka: { brokers: [...endpoints.kafkaBrokers] }, stateDir, deploy: { timeoutMs: 120_000 } },
    { configFile: join(stateDir, 'sluice.yaml'), env: {} },
  );
  ctx = createContext({ config, signals: [vwap, cum, sessions, spikes, sma, rsi], modules: {} });
  await ctx.kafka().topics.apply([{ name: `bf-${id}.trades`, partitions: 1 }]);
  const producer = await ctx.kafka().producer({ topic: `bf-${id}.trades`, schema: Trade, key: ['symbol'] });
  const toRow = (e: Event) => ({ symbol: e.symbol, price: e.price, qty: BigInt(e.qty), ts_ms: BigInt(e.ts_ms) });
  await producer.send(events.map(toRow));
  await producer.send(flush.map(toRow));
  await producer.close();
  const expected = expectedCounts();

  // the streaming jobs over everything; their closed windows are the range's
  const applied = await apply(ctx, await plan(ctx, { signals: [vwapName, cumName] }));
  jobIds.push(...applied.jobs.flatMap((j) => (j.jobId === undefined ? [] : [j.jobId])));
  const streamedVwap = await readRows(ctx, vwap, `bf-${id}.vwap`, expected.vwap);
  const streamedCum = await readRows(ctx, cum, `bf-${id}.cum`, expected.cum);
  expect([streamedVwap.length, streamedCum.length]).toEqual([expected.vwap, expected.cum]);
  for (const jobId of jobIds.splice(0)) await ctx.flink.cancelJob(jobId);

  // the backfills over offsets [0, N): batch mode, into their own topics
  const range = { from: { kind: 'earliest' }, to: { kind: 'offsets', offsets: [{ partition: 0, offset: events.length }] } } as const;
  const seen: BackfillProgress[] = [];
  const v = await backfill(ctx, vwapName, { range, into: `bf-${id}.vwap.history`, id: 'v1', pollMs: 300, onProgress: (p) => seen.push(p) });
  const c = await backfill(ctx, cumName, { range, into: `bf-${id}.cum.history`, id: 'c1', pollMs: 300 });
  expect(v.jobName).toBe(`sluice.bf_${id}.${vwapName}.backfill-v1`);
  expect((await ctx.flink.getJobDetails(v.jobId)).state).toBe('FINISHED');
  expect([v.recordsRead, c.recordsRead]).toEqual([events.length, events.length]);
  expect([v.rowsWritten, c.rowsWritten]).toEqual([expected.vwap, expected.cum]);
  expect(seen.map((p) => p.phase)).toEqual(expect.arrayContaining(['topics', 'submit', 'finished']));
  expect(seen[seen.length - 1]?.recordsRead).toBe(events.length);

  expect(await readRows(ctx, vwap, `bf-${id}.vwap.history`, expected.vwap)).toEqual(streamedVwap);
  expect(await readRows(ctx, cum, `bf-${id}.cum.history`, expected.cum)).toEqual(streamedCum);
}, 240_000);

test('MATCH_RECOGNIZE (countWithin), an OVER ROWS average (sma) and a Sluice UDAF over OVER (rsi) backfilled equal their streaming jobs\' rows', async () => {
  const context = ctx;
  if (context === undefined) throw new Error('the first test sets up the project');
  const range = { from: { kind: 'earliest' }, to: { kind: 'offsets', offsets: [{ partition: 0, offset: events.length }] } } as const;
  for (const [s, topic] of [[spikes, 'spikes'], [sma, 'sma'], [rsi, 'rsi']] as const) {
    const history = await backfill(context, s.name, { range, into: `bf-${id}.${topic}.history`, id: 'm1', pollMs: 300 });
    expect(history.recordsRead).toBe(events.length);
    const n = history.rowsWritten ?? -1;
    // one row per trade of the range for the per-trade indicators; the spikes are what the events hold
    if (s !== spikes) expect(n).toBe(events.length);
    expect(n).toBeGreaterThan(0);
    const applied = await apply(context, await plan(context, { signals: [s.name] }));
    const jobs = applied.jobs.flatMap((j) => (j.jobId === undefined ? [] : [j.jobId]));
    jobIds.push(...jobs);
    const streamed = await readRows(context, s, `bf-${id}.${topic}`, n);
    for (const jobId of jobs) await context.flink.cancelJob(jobId);
    expect(await readRows(context, s, `bf-${id}.${topic}.history`, n)).toEqual(streamed);
  }
}, 240_000);

test('a signal batch mode cannot run is refused before anything is submitted: DSL_NOT_BACKFILLABLE', async () => {
  const context = ctx;
  if (context === undefined) throw new Error('the first test sets up the project');
  const before = (await context.flink.getJobsOverview()).jobs.length;
  const error: unknown = await backfill(context, sessionName, { range: { from: { kind: 'earliest' }, to: { kind: 'latest' } } }).catch((e: unknown) => e);
  expect(isSluiceError(error, 'DSL_NOT_BACKFILLABLE')).toBe(true);
  expect((error as Error).message).toBe(`signal '${sessionName}': cannot be backfilled (batch mode): SESSION window on ts: Flink's batch planner refuses unaligned windows`);
  expect((await context.flink.getJobsOverview()).jobs.length).toBe(before);
});
