import { randomBytes } from 'node:crypto';
import { testStackEndpoints } from '@sluice/stack';
import { udfStatements } from '@sluice/deploy';
import { TestCluster, relDiff } from './cluster';
import type { Row } from './cluster';
import { seriesOf, tickFixture } from './fixture';
import { barsRef, bollingerRef, emaRef, macdRef, rocRef, rollingVwapRef, rsiRef, smaRef, zscoreRef } from './reference';
import type { Series } from './reference';

// Parity of every indicator on the real cluster: 1,200 ticks over 4 symbols go to Kafka, Flink runs the
// indicator SQL over a bounded Kafka source (the job ends at the latest offset, and the final watermark
// flushes every OVER row and window), the rows come back through the SQL Gateway and are compared to the
// TypeScript references (reference.ts) within 1e-9 relative.

const SFX = randomBytes(4).toString('hex');
const TOPIC = `sluice.it.indicators.${SFX}`;
const SYMBOLS = ['AAA', 'BBB', 'CCC', 'DDD'];
const T0 = Date.UTC(2024, 0, 2, 9, 30, 0);
const ticks = tickFixture(SYMBOLS, 300, T0);
const TOLERANCE = 1e-9;

const cluster = new TestCluster(testStackEndpoints());

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

test('EMA(10), Wilder RSI(14), MACD(12,26,9) (UDAFs over an unbounded OVER window) equal the reference', async () => {
  const rows = await cluster.rows(`SELECT symbol, ts_ms,
  SLUICE_EMA(price, 10) OVER w AS ema10,
  SLUICE_RSI(price, 14) OVER w AS rsi14,
  SLUICE_MACD(price, 12, 26, 9) OVER w AS macd,
  SLUICE_MACD_SIGNAL(price, 12, 26, 9) OVER w AS macd_signal,
  SLUICE_MACD_HIST(price, 12, 26, 9) OVER w AS macd_hist,
  price AS price
FROM ticks
WINDOW w AS (PARTITION BY symbol ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`);
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

test('SMA(20), Bollinger(20, 2) and the z-score(20) anomaly flag (built-in OVER ROWS 19 PRECEDING) equal the reference', async () => {
  const rows = await cluster.rows(`SELECT symbol, ts_ms,
  CASE WHEN n >= 20 THEN sma END AS sma20,
  CASE WHEN n >= 20 THEN sma + 2 * sd END AS upper_band,
  CASE WHEN n >= 20 THEN sma - 2 * sd END AS lower_band,
  CASE WHEN n >= 20 AND sd > 0 THEN (price - sma) / sd END AS z,
  CASE WHEN n >= 20 AND sd > 0 THEN ABS(price - sma) / sd >= 2.0 END AS anomaly
FROM (
  SELECT symbol, ts_ms, price, COUNT(price) OVER w AS n, AVG(price) OVER w AS sma, STDDEV_POP(price) OVER w AS sd
  FROM ticks
  WINDOW w AS (PARTITION BY symbol ORDER BY ts ROWS BETWEEN 19 PRECEDING AND CURRENT ROW)
)`);
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
    compare(s, r, 'upper_band', b.upper, c);
    compare(s, r, 'lower_band', b.lower, c);
    compare(s, r, 'z', z.z, c);
    // the flag is exact; no reference z lies so close to the threshold that rounding could flip it
    expect(z.z.filter((v) => v !== null && Math.abs(Math.abs(v) - 2) < 1e-6)).toEqual([]);
    expect(r.map((row) => row.anomaly)).toEqual(z.flag);
    anomalies += z.flag.filter((f) => f === true).length;
  }
  expect(anomalies).toBeGreaterThan(0);
  expect(c.mismatches.slice(0, 10)).toEqual([]);
  console.log(`SMA/Bollinger/z-score: ${c.compared} values, ${anomalies} anomalies, max relative difference ${c.maxRelDiff.toExponential(2)}`);
});

test('rate of change ROC(10) (built-in OVER ROWS 10 PRECEDING, FIRST_VALUE) equals the reference', async () => {
  const rows = await cluster.rows(`SELECT symbol, ts_ms,
  CASE WHEN COUNT(price) OVER w = 11 THEN 100 * (price - FIRST_VALUE(price) OVER w) / FIRST_VALUE(price) OVER w END AS roc10
FROM ticks
WINDOW w AS (PARTITION BY symbol ORDER BY ts ROWS BETWEEN 10 PRECEDING AND CURRENT ROW)`);
  expect(rows).toHaveLength(ticks.length);
  const got = bySymbol(rows);
  const c = fresh();
  for (const s of SYMBOLS) compare(s, got.get(s) ?? [], 'roc10', rocRef(prices(s), 10), c);
  expect(c.mismatches.slice(0, 10)).toEqual([]);
  console.log(`ROC: ${c.compared} values, max relative difference ${c.maxRelDiff.toExponential(2)}`);
});

test('rolling VWAP over the last minute (OVER RANGE INTERVAL 1 MINUTE) equals the reference', async () => {
  const rows = await cluster.rows(`SELECT symbol, ts_ms,
  SUM(price * qty) OVER w / SUM(qty) OVER w AS vwap
FROM ticks
WINDOW w AS (PARTITION BY symbol ORDER BY ts RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW)`);
  expect(rows).toHaveLength(ticks.length);
  const got = bySymbol(rows);
  const c = fresh();
  for (const s of SYMBOLS) compare(s, got.get(s) ?? [], 'vwap', rollingVwapRef(seriesOf(ticks, s), 60_000), c);
  expect(c.mismatches.slice(0, 10)).toEqual([]);
  console.log(`rolling VWAP: ${c.compared} values, max relative difference ${c.maxRelDiff.toExponential(2)}`);
});

test('1-minute OHLC bars with volume and VWAP (TUMBLE window TVF) equal the reference', async () => {
  const rows = await cluster.rows(`SELECT symbol, window_start,
  FIRST_VALUE(price) AS open_price, MAX(price) AS high_price, MIN(price) AS low_price, LAST_VALUE(price) AS close_price,
  SUM(qty) AS volume, SUM(price * qty) / SUM(qty) AS vwap, COUNT(*) AS trades
FROM TABLE(TUMBLE(TABLE ticks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY symbol, window_start, window_end`);
  const c = fresh();
  let bars = 0;
  for (const s of SYMBOLS) {
    const want = barsRef(seriesOf(ticks, s), 60_000);
    const have = rows
      .filter((r) => r.symbol === s)
      .sort((a, b) => Date.parse(`${String(a.window_start)}Z`) - Date.parse(`${String(b.window_start)}Z`));
    expect(have.map((r) => Date.parse(`${String(r.window_start)}Z`))).toEqual(want.map((b) => b.windowStart));
    expect(have.map((r) => r.volume)).toEqual(want.map((b) => BigInt(b.volume)));
    expect(have.map((r) => r.trades)).toEqual(want.map((b) => BigInt(b.trades)));
    compare(s, have, 'open_price', want.map((b) => b.open), c);
    compare(s, have, 'high_price', want.map((b) => b.high), c);
    compare(s, have, 'low_price', want.map((b) => b.low), c);
    compare(s, have, 'close_price', want.map((b) => b.close), c);
    compare(s, have, 'vwap', want.map((b) => b.vwap), c);
    bars += want.length;
  }
  expect(rows).toHaveLength(bars);
  expect(c.mismatches.slice(0, 10)).toEqual([]);
  console.log(`bars: ${bars} windows, ${c.compared} values, max relative difference ${c.maxRelDiff.toExponential(2)}`);
});

