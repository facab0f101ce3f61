import { randomBytes } from 'node:crypto';
import { testStackEndpoints } from '@sluice/stack';
import { udfStatements } from '@sluice/deploy';
import { blackhole, compile, indicators, kafka, schema, signal, t, toTimestampLtz } from '@sluice/dsl';
import type { Query } from '@sluice/dsl';
import type { Fields } from '@sluice/dsl';
import { TestCluster, relDiff } from './cluster';
import type { Row } from './cluster';
import { seriesOf, tickFixture } from './fixture';
import { barsRef, bollingerRef, emaRef, macdRef, rocRef, rollingVwapRef, rsiRef, smaRef, zscoreRef } from './reference';
import type { Series } from './reference';

// Parity of every indicator on the real cluster: 1,200 ticks over 4 symbols go to Kafka, Flink runs the
// SQL that the DSL's indicator functions generate over a bounded Kafka source (the job ends at the latest offset, and the final watermark
// flushes every OVER row and window), the rows come back through the SQL Gateway and are compared to the
// TypeScript references (reference.ts) within 1e-9 relative.

const SFX = randomBytes(4).toString('hex');
const TOPIC = `sluice.it.indicators.${SFX}`;
const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD'];
const T0 = Date.UTC(2024, 0, 2, 9, 30, 0);
const ticks = tickFixture(SYMBOLS, 300, T0);
const TOLERANCE = 1e-9;

const cluster = new TestCluster(testStackEndpoints());

// The DSL view of the same table: the generated SELECTs read `ticks`, which the session defines as a
// bounded Kafka table (the DSL's own DDL would read forever).
const Tick = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), ts_ms: t.bigint() });
const ticksSource = kafka.source('ticks', Tick, { topic: TOPIC, computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' } });

/** The SELECT of the INSERT the DSL compiles for a query. */
function selectOf<F extends Fields>(query: Query<F>): string {
  const script = compile([signal('parity').from(query).to(blackhole.sink())], { flinkVersion: '2.2' });
  const insert = script.statements.find((st) => st.kind === 'insert');
  if (insert === undefined) throw new Error('no INSERT in the compiled script');
  return insert.sql.slice(insert.sql.indexOf('\nSELECT') + 1);
}

const SOURCE_DDL = (brokers: string): string => `CREATE TEMPORARY TABLE ticks (
  symbol STRING, price DOUBLE, qty BIGINT, ts_ms BIGINT,
  ts AS TO_TIMESTAMP_LTZ(ts_ms, 3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = '${TOPIC}', 'properties.bootstrap.servers' = '${brokers}',
  'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset', 'format' = 'json'
)`;

beforeAll(async () => {
  await cluster.createTopic(TOPIC);
  await cluster.produce(TOPIC, ticks);
  await cluster.open([...udfStatements(), SOURCE_DDL(cluster.endpoints.kafkaBrokers.join(','))]);
});

afterAll(async () => {
  await cluster.close();
});

/** Rows of an OVER query, per symbol in time order (one per tick). */
function bySymbol(rows: readonly Row[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of rows) out.set(String(r.symbol), [...(out.get(String(r.symbol)) ?? []), r]);
  for (const list of out.values()) list.sort((a, b) => Number(a.ts_ms) - Number(b.ts_ms));
  return out;
}

interface Comparison {
  compared: number;
  maxRelDiff: number;
  mismatches: string[];
}

/** Compares one output column with a reference series: same nulls, numbers within the tolerance. */
function compare(label: string, actual: readonly Row[], column: string, expected: Series, into: Comparison): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((want, i) => {
    const got = actual[i]?.[column];
    if (want === null || got === null || got === undefined) {
      if (!(want === null && got === null)) into.mismatches.push(`${label}[${i}] ${column}: got ${String(got)}, want ${String(want)}`);
      return;
    }
    const d = relDiff(Number(got), want);
    into.compared++;
    into.maxRelDiff = Math.max(into.maxRelDiff, d);
    if (!(d <= TOLERANCE)) into.mismatches.push(`${label}[${i}] ${column}: got ${String(got)}, want ${want} (rel ${d})`);
  });
}

function fresh(): Comparison {
  return { compared: 0, maxRelDiff: 0, mismatches: [] };
}

function prices(symbol: string): number[] {
  return seriesOf(ticks, symbol).map((t) => t.price);
}

test('fixture: at least 1,000 events over at least 3 keys, unique times per key', () => {
  expect(ticks.length).toBeGreaterThanOrEqual(1000);
  expect(new Set(ticks.map((t) => t.symbol)).size).toBeGreaterThanOrEqual(3);
  for (const s of SYMBOLS) {
    const ts = seriesOf(ticks, s).map((t) => t.ts_ms);
    expect(new Set(ts).size).toBe(ts.length);
  }
});

test('EMA(10), Wilder RSI(14), MACD(12,26,9) (indicators.ema/rsi/macd: UDAFs over an unbounded OVER window) equal the reference', async () => {
  const rows = await cluster.rows(selectOf(
    indicators.macd(
      indicators.rsi(indicators.ema(ticksSource, { value: 'price', period: 10, by: 'symbol', as: 'ema10' }), { value: 'price', period: 14, by: 'symbol', as: 'rsi14' }),
      { value: 'price', fast: 12, slow: 26, signal: 9, by: 'symbol' },
    ),
  ));
  expect(rows).toHaveLength(ticks.length);
  const got = bySymbol(rows);
  const c = fresh();
  for (const s of SYMBOLS) {
    const xs = prices(s);
    const r = got.get(s) ?? [];
    const m = macdRef(xs, 12, 26, 9);
    compare(s, r, 'ema10', emaRef(xs, 10), c);
    compare(s, r, 'rsi14', rsiRef(xs, 14), c);
    compare(s, r, 'macd', m.line, c);
    compare(s, r, 'macd_signal', m.signal, c);
    compare(s, r, 'macd_hist', m.hist, c);
  }
  expect(c.mismatches.slice(0, 10)).toEqual([]);
  expect(c.compared).toBeGreaterThan(4 * 1000);
  console.log(`recursive indicators: ${c.compared} values, max relative difference ${c.maxRelDiff.toExponential(2)}`);
});

test('SMA(20), Bollinger(20, 2) and the z-score(20) anomaly flag (indicators.sma/bollinger/zscore: built-in OVER ROWS 19 PRECEDING) equal the reference', async () => {
  const rows = await cluster.rows(selectOf(
    indicators.zscore(
      indicators.bollinger(indicators.sma(ticksSource, { value: 'price', period: 20, by: 'symbol', as: 'sma20' }), { value: 'price', period: 20, k: 2, by: 'symbol' }),
      { value: 'price', period: 20, threshold: 2, by: 'symbol' },
    ),
  ));
  expect(rows).toHaveLength(ticks.length);
  const got = bySymbol(rows);
  const c = fresh();
  let anomalies = 0;
  for (const s of SYMBOLS) {
    const xs = prices(s);
    const r = got.get(s) ?? [];
    const b = bollingerRef(xs, 20, 2);
    const z = zscoreRef(xs, 20, 2.0);
    compare(s, r, 'sma20', smaRef(xs, 20), c);
    compare(s, r, 'bb_upper', b.upper, c);
    compare(s, r, 'bb_middle', b.middle, c);
    compare(s, r, 'bb_lower', b.lower, c);
    compare(s, r, 'zscore', z.z, c);
    // the flag is exact; no reference z lies so close to the threshold that rounding could flip it
    expect(z.z.filter((v) => v !== null && Math.abs(Math.abs(v) - 2) < 1e-6)).toEqual([]);
    expect(r.map((row) => row.anomaly)).toEqual(z.flag);
    anomalies += z.flag.filter((f) => f === true).length;
  }
  expect(anomalies).toBeGreaterThan(0);
  expect(c.mismatches.slice(0, 10)).toEqual([]);
  console.log(`SMA/Bollinger/z-score: ${c.compared} values, ${anomalies} anomalies, max relative difference ${c.maxRelDiff.toExponential(2)}`);
});

test('rate of change ROC(10) (indicators.roc: OVER ROWS 10 PRECEDING, FIRST_VALUE) equals the reference', async () => {
  const rows = await cluster.rows(selectOf(indicators.roc(ticksSource, { value: 'price', period: 10, by: 'symbol', as: 'roc10' })));
  expect(rows).toHaveLength(ticks.length);
  const got = bySymbol(rows);
  const c = fresh();
  for (const s of SYMBOLS) compare(s, got.get(s) ?? [], 'roc10', rocRef(prices(s), 10), c);
  expect(c.mismatches.slice(0, 10)).toEqual([]);
  console.log(`ROC: ${c.compared} values, max relative difference ${c.maxRelDiff.toExponential(2)}`);
});

test('rolling VWAP over the last minute (indicators.rollingVwap: OVER RANGE INTERVAL 1 MINUTE) equals the reference', async () => {
  const rows = await cluster.rows(selectOf(indicators.rollingVwap(ticksSource, { price: 'price', qty: 'qty', range: '1 min', by: 'symbol' })));
  expect(rows).toHaveLength(ticks.length);
  const got = bySymbol(rows);
  const c = fresh();
  for (const s of SYMBOLS) compare(s, got.get(s) ?? [], 'vwap', rollingVwapRef(seriesOf(ticks, s), 60_000), c);
  expect(c.mismatches.slice(0, 10)).toEqual([]);
  console.log(`rolling VWAP: ${c.compared} values, max relative difference ${c.maxRelDiff.toExponential(2)}`);
});

test('1-minute OHLC bars with volume and VWAP (indicators.ohlc: TUMBLE window TVF) equal the reference', async () => {
  const rows = await cluster.rows(selectOf(indicators.ohlc(ticksSource, { price: 'price', qty: 'qty', window: '1 min', by: 'symbol' })));
  const c = fresh();
  let bars = 0;
  for (const s of SYMBOLS) {
    const want = barsRef(seriesOf(ticks, s), 60_000);
    const have = rows
      .filter((r) => r.symbol === s)
      .sort((a, b) => (a.window_start as Date).getTime() - (b.window_start as Date).getTime());
    expect(have.map((r) => (r.window_start as Date).getTime())).toEqual(want.map((b) => b.windowStart));
    expect(have.map((r) => r.volume)).toEqual(want.map((b) => b.volume));
    expect(have.map((r) => r.trades)).toEqual(want.map((b) => BigInt(b.trades)));
    compare(s, have, 'open', want.map((b) => b.open), c);
    compare(s, have, 'high', want.map((b) => b.high), c);
    compare(s, have, 'low', want.map((b) => b.low), c);
    compare(s, have, 'close', want.map((b) => b.close), c);
    compare(s, have, 'vwap', want.map((b) => b.vwap), c);
    bars += want.length;
  }
  expect(rows).toHaveLength(bars);
  expect(c.mismatches.slice(0, 10)).toEqual([]);
  console.log(`bars: ${bars} windows, ${c.compared} values, max relative difference ${c.maxRelDiff.toExponential(2)}`);
});

