import { randomBytes } from 'node:crypto';
import { createKafkaClient } from '@sluice/kafka';
import type { RowOf } from '@sluice/dsl';
import { testStackEndpoints } from '@sluice/stack';
import { financeSignals, financeTopics, tradeRow, tradesTarget } from '../../../../../examples/finance/signals';
import type { TradeEvent } from '../../../../../examples/finance/signals';
import { cancelJobs, deploySignals } from '../../../../../examples/shared/deploy-signals';
import type { DeployedExample } from '../../../../../examples/shared/deploy-signals';
import { firstRows } from '../../../../../examples/shared/first-rows';
import { seriesOf, tickFixture } from '../indicators/fixture';
import { barsRef, bollingerRef, macdRef, rsiRef } from '../indicators/reference';
import type { Series } from '../indicators/reference';

// examples/finance end to end: deployed with @sluice/deploy (topics, UDF registration, two jobs), fed
// with a fixture of 360 trades over 3 symbols (then one trade an hour later so the watermark passes every
// fixture row and window) with @sluice/kafka's typed producer, outputs read back as typed rows with
// consume(signal) and checked against the TS references.

const SFX = randomBytes(4).toString('hex');
const topics = financeTopics(`sluice.it.finance.${SFX}`);
const endpoints = testStackEndpoints();
const kafka = createKafkaClient({ brokers: [...endpoints.kafkaBrokers], clientId: 'sluice-finance-e2e' });
const T0 = Date.UTC(2024, 0, 2, 14, 0, 0);
const SYMBOLS = ['AAA', 'BBB', 'CCC'];
const fixture: TradeEvent[] = tickFixture(SYMBOLS, 120, T0, 11);
const flush: TradeEvent = { symbol: 'ZZZ', price: 1, qty: 1, ts_ms: T0 + 3_600_000 };

let deployed: DeployedExample | undefined;

afterAll(async () => {
  if (deployed !== undefined) {
    await cancelJobs(deployed.ctx, deployed.jobIds);
    await deployed.ctx.close();
  }
  await kafka.topics.delete(Object.values(topics)).catch(() => undefined);
  await kafka.close();
});

function close(a: number | null | undefined, b: number | null): boolean {
  if (a === null || a === undefined || b === null) return (a ?? null) === b;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 || Math.abs(a - b) / scale <= 1e-9;
}

test('finance: VWAP 1 min, RSI 14, MACD 12/26/9 and Bollinger 20 equal the values computed from the fixture', async () => {
  const { vwap1m, momentum } = financeSignals(topics);
  deployed = await deploySignals(`it_finance_${SFX}`, [vwap1m, momentum], endpoints);
  expect(deployed.result.jobs.map((j) => j.action)).toEqual(['create', 'create']);
  const producer = await kafka.producer(tradesTarget(topics));
  await producer.send([...fixture, flush].map(tradeRow));
  await producer.close();

  const wantBars = SYMBOLS.map((s) => barsRef(seriesOf(fixture, s), 60_000));
  const barCount = wantBars.reduce((a, b) => a + b.length, 0);
  // Typed by the signals themselves: RowOf<typeof vwap1m>[] and RowOf<typeof momentum>[].
  const [vwapRows, momentumRows]: [RowOf<typeof vwap1m>[], RowOf<typeof momentum>[]] = await Promise.all([
    firstRows(kafka.consume(vwap1m), barCount, 120_000),
    firstRows(kafka.consume(momentum), fixture.length, 120_000),
  ]);

  expect(vwapRows).toHaveLength(barCount);
  SYMBOLS.forEach((s, i) => {
    const have = vwapRows.filter((r) => r.symbol === s).sort((a, b) => a.window_start.getTime() - b.window_start.getTime());
    const want = wantBars[i] ?? [];
    expect(have.map((r) => [r.trades, r.volume])).toEqual(want.map((b) => [BigInt(b.trades), b.volume]));
    expect(have.filter((r, j) => !close(r.vwap, want[j]?.vwap ?? null))).toEqual([]);
  });

  expect(momentumRows).toHaveLength(fixture.length);
  let compared = 0;
  for (const s of SYMBOLS) {
    const xs = seriesOf(fixture, s).map((t) => t.price);
    const rows = momentumRows.filter((r) => r.symbol === s).sort((a, b) => Number((a.ts_ms ?? 0n) - (b.ts_ms ?? 0n)));
    expect(rows.map((r) => r.price)).toEqual(xs);
    expect(rows.map((r) => r.ts?.getTime())).toEqual(seriesOf(fixture, s).map((t) => t.ts_ms));
    const bb = bollingerRef(xs, 20, 2);
    const m = macdRef(xs, 12, 26, 9);
    const want: Record<'rsi' | 'macd' | 'macd_signal' | 'macd_hist' | 'bb_middle' | 'bb_upper' | 'bb_lower', Series> = {
      rsi: rsiRef(xs, 14),
      macd: m.line,
      macd_signal: m.signal,
      macd_hist: m.hist,
      bb_middle: bb.middle,
      bb_upper: bb.upper,
      bb_lower: bb.lower,
    };
    for (const column of Object.keys(want) as (keyof typeof want)[]) {
      const series = want[column];
      const bad = rows.map((r, i) => [i, r[column], series[i]] as const).filter(([, got, exp]) => !close(got, exp ?? null));
      expect({ symbol: s, column, bad: bad.slice(0, 3) }).toEqual({ symbol: s, column, bad: [] });
      compared += series.filter((v) => v !== null).length;
    }
  }
  expect(compared).toBeGreaterThan(2000);
});
