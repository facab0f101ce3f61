import { randomBytes } from 'node:crypto';
import { testStackEndpoints } from '@sluice/stack';
import {
  avg, compile, count, hop, kafka, max, overWindow, schema, session, signal, sum, t, timestampDiff, toTimestampLtz, tumble,
} from '@sluice/dsl';
import { flinkRestClientOf, gatewayRunner, sqlGatewayClientOf } from '@sluice/deploy';
import { createTopics, deleteTopics, kafkaClient, produceJson, readJson } from './kafka-io';
import type { LoginEvent, OrderEvent, ShipmentEvent, TradeEvent } from './reference';
import { failedLogins, hopCount, intervalJoin, iso, movingAverage, parseTs, sessions, tumbleAgg } from './reference';

// Six signals run as one job (a STATEMENT SET: one slot at parallelism 1) over fixed fixture events.
// Each source topic has one partition and ends with an event an hour later, so the watermark passes
// every fixture window and the event-time operators emit everything.

const SFX = randomBytes(4).toString('hex');
const T0 = Date.UTC(2024, 0, 1, 0, 0, 0);
const FLUSH = T0 + 3_600_000;
const topic = (name: string): string => `sluice.e2e.${name}.${SFX}`;

// ---- fixtures ------------------------------------------------------------------------------

const tradeEvents: TradeEvent[] = [];
for (let i = 0; i < 40; i++) {
  // two symbols, one trade per 1.5 s, and a 20 s pause after the 20th trade (splits the sessions)
  const ts = T0 + i * 1500 + (i >= 20 ? 20_000 : 0) + (i % 3 === 0 ? 250 : 0);
  tradeEvents.push({ symbol: i % 2 === 0 ? 'A' : 'B', price: 100 + ((i * 7) % 13), qty: 1 + ((i * 3) % 5), ts_ms: ts });
}
const tradeFlush: TradeEvent = { symbol: 'ZZZ', price: 1, qty: 1, ts_ms: FLUSH };

const loginEvents: LoginEvent[] = [
  // u1: three failures within 10 s -> match; then success; then 2 failures (no match)
  ...[0, 3, 6].map((s) => ({ user_id: 'u1', success: false, ts_ms: T0 + s * 1000 })),
  { user_id: 'u1', success: true, ts_ms: T0 + 9000 },
  ...[12, 15].map((s) => ({ user_id: 'u1', success: false, ts_ms: T0 + s * 1000 })),
  // u2: F F S F F F F -> one match on the three after the success (the fourth failure is left over)
  ...[1, 2].map((s) => ({ user_id: 'u2', success: false, ts_ms: T0 + s * 1000 })),
  { user_id: 'u2', success: true, ts_ms: T0 + 4000 },
  ...[5, 7, 8, 10].map((s) => ({ user_id: 'u2', success: false, ts_ms: T0 + s * 1000 })),
  // u3: three failures spread over 3 minutes -> too slow for WITHIN 1 min
  ...[20, 100, 200].map((s) => ({ user_id: 'u3', success: false, ts_ms: T0 + s * 1000 })),
].sort((a, b) => a.ts_ms - b.ts_ms);
const loginFlush: LoginEvent = { user_id: 'zz', success: true, ts_ms: FLUSH };

const orderEvents: OrderEvent[] = [1, 2, 3, 4, 5].map((id) => ({ order_id: id, ts_ms: T0 + id * 2000 }));
const shipmentEvents: ShipmentEvent[] = [
  { order_id: 1, carrier: 'dhl', ts_ms: T0 + 2000 + 3000 },
  { order_id: 2, carrier: 'ups', ts_ms: T0 + 4000 + 9000 },
  { order_id: 3, carrier: 'ups', ts_ms: T0 + 6000 + 15_000 }, // too late (> 10 s)
  { order_id: 4, carrier: 'dhl', ts_ms: T0 + 8000 + 1000 },
  { order_id: 4, carrier: 'fedex', ts_ms: T0 + 8000 + 2000 },
  { order_id: 5, carrier: 'dhl', ts_ms: T0 + 10_000 - 1000 }, // before the order
].sort((a, b) => a.ts_ms - b.ts_ms);
const orderFlush: OrderEvent = { order_id: 9999, ts_ms: FLUSH };
const shipmentFlush: ShipmentEvent = { order_id: 8888, carrier: 'none', ts_ms: FLUSH };

// ---- signals -------------------------------------------------------------------------------

const Trade = schema({ symbol: t.string().notNull(), price: t.double(), qty: t.bigint(), ts_ms: t.bigint() });
const trades = kafka.source('trades', Trade, {
  topic: topic('trades'),
  computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }),
  eventTime: { column: 'ts', watermark: '2 s' },
});
const Login = schema({ user_id: t.string(), success: t.boolean(), ts_ms: t.bigint() });
const logins = kafka.source('logins', Login, { topic: topic('logins'), computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '2 s' } });
const Order = schema({ order_id: t.bigint(), ts_ms: t.bigint() });
const orders = kafka.source('orders', Order, { topic: topic('orders'), computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '2 s' } });
const Shipment = schema({ order_id: t.bigint(), carrier: t.string(), ts_ms: t.bigint() });
const shipments = kafka.source('shipments', Shipment, { topic: topic('shipments'), computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '2 s' } });

const settings = { parallelism: 1 };
const tumbleSignal = signal('e2e_tumble', settings)
  .from(trades)
  .window(tumble('ts', '10 s'))
  .groupBy('symbol')
  .select((r) => ({ qty: sum(r.qty), n: count(), max_price: max(r.price) }))
  .to(kafka.sink(topic('tumble')));
const hopSignal = signal('e2e_hop', settings)
  .from(trades)
  .window(hop('ts', '5 s', '10 s'))
  .groupBy('symbol')
  .select(() => ({ n: count() }))
  .to(kafka.sink(topic('hop')));
const sessionSignal = signal('e2e_session', settings)
  .from(trades)
  .window(session('ts', '5 s', ['symbol']))
  .groupBy('symbol')
  .select((r) => ({ n: count(), qty: sum(r.qty) }))
  .to(kafka.sink(topic('session')));
const overSignal = signal('e2e_moving_avg', settings)
  .from(trades)
  .select((r) => {
    const w = overWindow({ partitionBy: r.symbol, orderBy: r.ts, rows: 2 });
    return { symbol: r.symbol, ts: r.ts, price: r.price, ma3: avg(r.price).over(w) };
  })
  .to(kafka.sink(topic('moving_avg')));
const joinSignal = signal('e2e_interval_join', settings)
  .from(orders)
  .intervalJoin(shipments, { on: (l, r) => l.order_id.eq(r.order_id), time: ['ts', 'ts'], between: ['0 s', '10 s'] })
  .select((l, r) => ({ order_id: l.order_id, carrier: r.carrier, ordered_at: l.ts, shipped_at: r.ts.cast(t.timestampLtz(3)), secs: timestampDiff('SECOND', l.ts, r.ts) }))
  .to(kafka.sink(topic('interval_join')));
const matchSignal = signal('e2e_failed_logins', settings)
  .from(logins)
  .match({
    partitionBy: ['user_id'],
    orderBy: 'ts',
    define: { F: (e) => e.success.eq(false) },
    pattern: (p) => p.F.times(3),
    within: '1 min',
    measures: (m) => ({ first_at: m.F.first('ts'), last_at: m.F.last('ts'), attempts: m.F.count() }),
  })
  .to(kafka.sink(topic('failed_logins')));

const SIGNALS = [tumbleSignal, hopSignal, sessionSignal, overSignal, joinSignal, matchSignal];
const SOURCE_TOPICS = ['trades', 'logins', 'orders', 'shipments'].map(topic);
const SINK_TOPICS = ['tumble', 'hop', 'session', 'moving_avg', 'interval_join', 'failed_logins'].map(topic);

// ---- expected rows (computed from the fixture) ---------------------------------------------

const expected = {
  tumble: tumbleAgg(tradeEvents, 10_000),
  hop: hopCount(tradeEvents, 5000, 10_000),
  session: sessions(tradeEvents, 5000),
  movingAvg: movingAverage(tradeEvents, 2),
  join: intervalJoin(orderEvents, shipmentEvents, 10_000),
  logins: failedLogins(loginEvents, 3, 60_000),
};

describe('end to end: six signals on the real stack', () => {
  const { kafkaBrokers, flinkRestUrl, sqlGatewayUrl } = testStackEndpoints();
  const kafkaIo = kafkaClient(kafkaBrokers);
  let jobId: string | undefined;
  let outputs: Record<string, Record<string, unknown>[]> = {};

  beforeAll(async () => {
    await createTopics(kafkaIo, [...SOURCE_TOPICS, ...SINK_TOPICS]);
    await produceJson(kafkaIo, topic('trades'), [...tradeEvents, tradeFlush]);
    await produceJson(kafkaIo, topic('logins'), [...loginEvents, loginFlush]);
    await produceJson(kafkaIo, topic('orders'), [...orderEvents, orderFlush]);
    await produceJson(kafkaIo, topic('shipments'), [...shipmentEvents, shipmentFlush]);

    const script = compile(SIGNALS, { flinkVersion: '2.2', project: `e2e_${SFX}`, bootstrapServers: kafkaBrokers.join(','), jobs: 'statement-set' });
    // deploy's one statement runner (SQL Gateway adapter), in a session on UTC
    const run = await gatewayRunner(sqlGatewayClientOf({ sqlGatewayUrl }, { timeoutMs: 120_000 })).run([{ kind: 'set', sql: "SET 'table.local-time-zone' = 'UTC'" }, ...script.statements]);
    jobId = run.jobId ?? String(run.rows?.[0]?.[0]);
    outputs = await readJson(
      kafkaIo,
      {
        [topic('tumble')]: expected.tumble.length,
        [topic('hop')]: expected.hop.length,
        [topic('session')]: expected.session.length,
        [topic('moving_avg')]: expected.movingAvg.length,
        [topic('interval_join')]: expected.join.length,
        [topic('failed_logins')]: expected.logins.length,
      },
      120_000,
    );
  });

  afterAll(async () => {
    if (jobId !== undefined) await flinkRestClientOf({ restUrl: flinkRestUrl }).cancelJob(jobId).catch(() => undefined);
    await deleteTopics(kafkaIo, [...SOURCE_TOPICS, ...SINK_TOPICS]);
  });

  const rows = (name: string): Record<string, unknown>[] => outputs[topic(name)] ?? [];

  test('the statement set started one job', () => {
    expect(jobId).toMatch(/^[0-9a-f]{32}$/);
    // eslint-disable-next-line no-console
    console.log(`end to end: ${SIGNALS.length} signals, rows per output: ${Object.entries(outputs).map(([k, v]) => `${k.split('.')[2] ?? k}=${v.length}`).join(', ')}`);
  });

  test('tumble aggregate: qty, count and max per symbol and 10 s window', () => {
    const got = rows('tumble').map((r) => `${parseTs(r['window_start'])} ${parseTs(r['window_end'])} ${String(r['symbol'])} qty=${String(r['qty'])} n=${String(r['n'])} max=${String(r['max_price'])}`);
    expect(expected.tumble.length).toBeGreaterThan(4);
    expect(got.sort()).toEqual(expected.tumble);
  });

  test('hop: counts per symbol in 10 s windows sliding by 5 s', () => {
    expect(expected.hop.length).toBeGreaterThan(expected.tumble.length);
    const got = rows('hop').map((r) => `${parseTs(r['window_start'])} ${parseTs(r['window_end'])} ${String(r['symbol'])} n=${String(r['n'])}`);
    expect(got.sort()).toEqual(expected.hop);
  });

  test('session: sessions per symbol closed by a 5 s gap', () => {
    const got = rows('session').map((r) => `${parseTs(r['window_start'])} ${parseTs(r['window_end'])} ${String(r['symbol'])} n=${String(r['n'])} qty=${String(r['qty'])}`);
    expect(expected.session.length).toBe(4);
    expect(got.sort()).toEqual(expected.session);
  });

  test('OVER: moving average of the last three prices per symbol', () => {
    expect(expected.movingAvg.length).toBe(tradeEvents.length);
    const got = rows('moving_avg').map((r) => `${String(r['symbol'])} ${parseTs(r['ts'])} price=${String(r['price'])} ma=${String(r['ma3'])}`);
    expect(got.sort()).toEqual(expected.movingAvg);
  });

  test('interval join: shipments within 10 s after their order', () => {
    const got = rows('interval_join').map((r) => `${String(r['order_id'])} ${String(r['carrier'])} ${parseTs(r['ordered_at'])} ${parseTs(r['shipped_at'])}`);
    expect(expected.join.length).toBe(4);
    expect(got.sort()).toEqual(expected.join);
    for (const r of rows('interval_join')) expect(Number(r['secs'])).toBe((Date.parse(parseTs(r['shipped_at'])) - Date.parse(parseTs(r['ordered_at']))) / 1000 | 0);
  });

  test('MATCH_RECOGNIZE: three failed logins within a minute', () => {
    const got = rows('failed_logins').map((r) => `${String(r['user_id'])} ${parseTs(r['first_at'])} ${parseTs(r['last_at'])} n=${String(r['attempts'])}`);
    expect(expected.logins.length).toBe(2);
    expect(got.sort()).toEqual(expected.logins);
  });
});

export { iso };
