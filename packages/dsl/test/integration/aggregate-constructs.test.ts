import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { testStackEndpoints } from '@sluice/stack';
import { compile, count, from, kafka, lit, schema, signal, sum, t, toTimestampLtz, tumble, upsertKafka } from '@sluice/dsl';
import type { Signal } from '@sluice/dsl';
import { GatewayStatementSession, flinkRestClientOf, gatewayRunner, sqlGatewayClientOf } from '@sluice/deploy';
import type { RunnableStatement } from '@sluice/deploy';
import { decimalPrices, distinctSymbols, filteredCounts, priceBuckets, rankedSymbols, windowBuckets } from '../fixtures/aggregate-constructs';
import { createTopics, deleteTopics, kafkaClient, produceJson, readJson } from './kafka-io';

// Issue 20 item 3 on the real stack: the DSL's changelog verdict for the new constructs equals
// Flink's EXPLAIN CHANGELOG_MODE, and a filtered aggregate and a top-N with its row number return
// the rows computed from the fixture.

const SFX = randomBytes(4).toString('hex');
const topic = (name: string): string => `sluice.aggc.${name}.${SFX}`;
const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);

interface Trade { symbol: string; price: number; qty: number; ts_ms: number }
const events: Trade[] = [];
for (let i = 0; i < 30; i++) events.push({ symbol: ['A', 'B', 'C'][i % 3] ?? 'A', price: 10 + (i % 7), qty: 1 + ((i * 5) % 7), ts_ms: T0 + i * 1000 });
// an hour later: the watermark passes every window (and ZZZ's volume of 1 stays out of the top 2)
const flush: Trade = { symbol: 'ZZZ', price: 1, qty: 1, ts_ms: T0 + 3_600_000 };

const Trade = schema({ symbol: t.string().notNull(), price: t.double(), qty: t.bigint(), ts_ms: t.bigint() });
const trades = kafka.source('aggc_trades', Trade, { topic: topic('trades'), computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '2 s' } });

const filtered = signal('aggc_filtered', { parallelism: 1 })
  .from(trades)
  .window(tumble('ts', '10 s'))
  .groupBy('symbol')
  .select((r) => ({ n: count(), big: count().filter(r.qty.ge(4)), big_qty: sum(r.qty).filter(r.qty.ge(4).and(r.price.gt(12))) }))
  .to(kafka.sink(topic('filtered')));
const ranked = signal('aggc_ranked', { parallelism: 1 })
  .from(from(trades).groupBy('symbol').select((r) => ({ volume: sum(r.qty) })))
  .topN({ n: 2, orderBy: { volume: 'desc' }, rowNumber: 'rank' })
  .to(upsertKafka.sink(topic('ranked'), { key: ['rank'] }));

// expected rows, computed from the fixture
function expectedFiltered(): string[] {
  const groups = new Map<string, Trade[]>();
  for (const e of events) {
    const key = `${Math.floor((e.ts_ms - T0) / 10_000)} ${e.symbol}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.entries()].map(([key, es]) => {
    const big = es.filter((e) => e.qty >= 4);
    const bigQty = es.filter((e) => e.qty >= 4 && e.price > 12);
    return `${key} n=${es.length} big=${big.length} big_qty=${bigQty.length === 0 ? 'null' : String(bigQty.reduce((a, e) => a + e.qty, 0))}`;
  }).sort();
}
function expectedRanked(): Record<string, string> {
  const volume = new Map<string, number>();
  for (const e of [...events, flush]) volume.set(e.symbol, (volume.get(e.symbol) ?? 0) + e.qty);
  const top = [...volume.entries()].sort((a, b) => b[1] - a[1]).slice(0, 2);
  return Object.fromEntries(top.map(([symbol, v], i) => [String(i + 1), `${symbol} ${v}`]));
}

/** Reads an upsert topic from the start until its latest value per key equals `want` (or the deadline passes). */
async function readUpsertState(client: Kafka, name: string, want: Record<string, string>, render: (key: Record<string, unknown>, value: Record<string, unknown>) => [string, string], deadlineMs: number): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  const consumer = client.consumer({ groupId: `sluice-aggc-${Math.random().toString(36).slice(2)}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [name], fromBeginning: true });
    const same = (): boolean => JSON.stringify(Object.entries(state).sort()) === JSON.stringify(Object.entries(want).sort());
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, deadlineMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const key = JSON.parse(message.key?.toString() ?? '{}') as Record<string, unknown>;
          if (message.value === null) {
            delete state[JSON.stringify(key)];
          } else {
            const [k, v] = render(key, JSON.parse(message.value.toString()) as Record<string, unknown>);
            state[k] = v;
          }
          if (same()) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return state;
}

/** Flink's changelog verdict for a signal: EXPLAIN CHANGELOG_MODE of its INSERT, after its DDL. */
async function flinkChangelog(s: Signal, sqlGatewayUrl: string): Promise<'append' | 'update'> {
  const script = compile([s], { flinkVersion: '2.2', project: `aggc_${SFX}` });
  const statements: RunnableStatement[] = script.statements.map((st) => (st.kind === 'insert' ? { kind: 'other', sql: `EXPLAIN CHANGELOG_MODE ${st.sql}` } : st));
  const run = await gatewayRunner(sqlGatewayClientOf({ sqlGatewayUrl }, { timeoutMs: 120_000 })).run(statements);
  const plan = String(run.rows?.[0]?.[0] ?? '');
  const physical = plan.slice(plan.indexOf('== Optimized Physical Plan =='), plan.indexOf('== Optimized Execution Plan =='));
  // the sink's line shows NONE; the first mode below it is what the sink receives
  const modes = [...physical.matchAll(/changelogMode=\[([^\]]*)\]/g)].map((m) => m[1]).filter((m) => m !== 'NONE');
  expect(modes.length).toBeGreaterThan(0);
  return modes[0] === 'I' ? 'append' : 'update';
}

describe('issue 20 constructs on the real stack', () => {
  const { kafkaBrokers, flinkRestUrl, sqlGatewayUrl } = testStackEndpoints();
  const client = kafkaClient(kafkaBrokers);
  const topics = ['trades', 'filtered', 'ranked'].map(topic);
  let jobId: string | undefined;

  beforeAll(async () => {
    await createTopics(client, topics);
    await produceJson(client, topic('trades'), [...events, flush]);
    const script = compile([filtered, ranked], { flinkVersion: '2.2', project: `aggc_${SFX}`, bootstrapServers: kafkaBrokers.join(','), jobs: 'statement-set' });
    const run = await gatewayRunner(sqlGatewayClientOf({ sqlGatewayUrl }, { timeoutMs: 120_000 })).run([{ kind: 'set', sql: "SET 'table.local-time-zone' = 'UTC'" }, ...script.statements]);
    jobId = run.jobId ?? String(run.rows?.[0]?.[0]);
  });

  afterAll(async () => {
    if (jobId !== undefined) await flinkRestClientOf({ restUrl: flinkRestUrl }).cancelJob(jobId).catch(() => undefined);
    await deleteTopics(client, topics);
  });

  test.each([
    ['filtered_counts', filteredCounts],
    ['price_buckets', priceBuckets],
    ['distinct_symbols', distinctSymbols],
    ['ranked_symbols', rankedSymbols],
    ['window_buckets', windowBuckets],
    ['aggc_filtered (window, FILTER)', filtered],
    ['aggc_ranked (top-N with rank)', ranked],
  ] as const)("%s: the DSL's changelog verdict equals Flink's EXPLAIN CHANGELOG_MODE", async (_name, s) => {
    expect(await flinkChangelog(s, sqlGatewayUrl)).toBe(s.query.changelog);
  });

  test("lit.decimal: a bare literal's type follows its digits (0.908 is DECIMAL(4, 3), 1.5 is DECIMAL(2, 1)); the DSL's cast gives the declared type", async () => {
    const text = compile([decimalPrices], { flinkVersion: '2.2' }).text;
    const literal = /CAST\(0\.908 AS DECIMAL\(4, 3\)\)/.exec(text)?.[0] ?? 'missing';
    const wide = compile([signal('aggc_wide').from(trades).select(() => ({ d: lit.decimal('1.5', 10, 4) })).to(kafka.sink(topic('wide')))], { flinkVersion: '2.2' }).text;
    const wideLiteral = /CAST\(1\.5 AS DECIMAL\(10, 4\)\)/.exec(wide)?.[0] ?? 'missing';
    const session = await GatewayStatementSession.open(sqlGatewayClientOf({ sqlGatewayUrl }, { timeoutMs: 120_000 }), `aggc-decimal-${SFX}`, { 'execution.runtime-mode': 'batch' });
    try {
      const result = await session.execute(`SELECT TYPEOF(0.908), TYPEOF(${literal}), CAST(${literal} AS STRING), TYPEOF(1.5), TYPEOF(${wideLiteral}), CAST(${wideLiteral} AS STRING)`, { timeoutMs: 120_000 });
      expect(result.rows).toEqual([['DECIMAL(4, 3) NOT NULL', 'DECIMAL(4, 3) NOT NULL', '0.908', 'DECIMAL(2, 1) NOT NULL', 'DECIMAL(10, 4) NOT NULL', '1.5000']]);
    } finally {
      await session.close();
    }
  });

  test('COUNT(*) FILTER and SUM FILTER per 10 s window and symbol: the rows computed from the fixture', async () => {
    const want = expectedFiltered();
    const out = await readJson(client, { [topic('filtered')]: want.length }, 120_000);
    const got = (out[topic('filtered')] ?? []).map((r) => `${(Date.parse(`${String(r['window_start']).replace(' ', 'T')}Z`) - T0) / 10_000} ${String(r['symbol'])} n=${String(r['n'])} big=${String(r['big'])} big_qty=${String(r['big_qty'])}`);
    // FILTER keeps its own count, and an empty SUM FILTER is NULL (not 0)
    expect(want.length).toBe(9);
    expect(want).toContain('0 A n=4 big=1 big_qty=null');
    expect(want).toContain('1 A n=3 big=3 big_qty=12');
    expect(got.sort()).toEqual(want);
  });

  test('top-2 by volume with its row number: the final row per rank is the fixture\'s top 2', async () => {
    const want = expectedRanked();
    expect(want).toEqual({ '1': 'C 43', '2': 'B 42' });
    const got = await readUpsertState(client, topic('ranked'), want, (key, value) => [String(key['rank']), `${String(value['symbol'])} ${String(value['volume'])}`], 120_000);
    expect(got).toEqual(want);
  });
});
