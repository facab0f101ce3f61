import { count, indicators, kafka, max, schema, signal, sum, t, tumble, upsertKafka, type RowOf } from '@sluice/dsl';
import { isSluiceError } from '@sluice/errors';
import { runSignal } from '@sluice/testing';
import { rsiRef } from '../../../dsl/test/integration/indicators/reference';

// runSignal on the shared stack (the SLUICE_* endpoints jest's globalSetup exports): a windowed
// signal and a Wilder RSI signal (a UDAF from sluice-udfs.jar), each compared with values computed
// here from the same events; every run gets its own topics and job.

const Trade = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), ts: t.timestampLtz(3) });
const trades = kafka.source('trades', Trade, { topic: 'market.trades', key: ['symbol'], eventTime: { column: 'ts', watermark: '1 s' } });

const perTenSeconds = signal('trades_10s')
  .from(trades)
  .window(tumble('ts', '10 s'))
  .groupBy('symbol')
  .select((r) => ({ qty: sum(r.qty), trades: count(), high: max(r.price) }))
  .to(kafka.sink('signals.trades_10s'));

const rsi3 = signal('rsi_3').from(indicators.rsi(trades, { value: 'price', period: 3, by: 'symbol' })).to(kafka.sink('signals.rsi_3'));

const T0 = Date.UTC(2026, 0, 1, 9, 0, 0);
const at = (seconds: number): Date => new Date(T0 + seconds * 1000);


describe('runSignal', () => {
  it('runs a tumbling-window signal to its end and resolves to its typed rows', async () => {
    const events = [
      { symbol: 'ACME', price: 10, qty: 5n, ts: at(1) },
      { symbol: 'ACME', price: 12, qty: 7n, ts: at(4) },
      { symbol: 'INIT', price: 99.5, qty: 1n, ts: at(9) },
      { symbol: 'ACME', price: 11, qty: 3n, ts: at(12) },
      { symbol: 'INIT', price: 98, qty: 2n, ts: at(25) },
    ];
    const started = Date.now();
    const rows: RowOf<typeof perTenSeconds>[] = await runSignal(perTenSeconds, { events: [[trades, events]] });
    process.stdout.write(`runSignal (tumble 10 s, ${events.length} events): ${Date.now() - started} ms\n`);
    const sorted = [...rows].sort((a, b) => a.window_start.getTime() - b.window_start.getTime() || String(a.symbol).localeCompare(String(b.symbol)));
    expect(sorted).toEqual([
      { symbol: 'ACME', window_start: at(0), window_end: at(10), qty: 12n, trades: 2n, high: 12 },
      { symbol: 'INIT', window_start: at(0), window_end: at(10), qty: 1n, trades: 1n, high: 99.5 },
      { symbol: 'ACME', window_start: at(10), window_end: at(20), qty: 3n, trades: 1n, high: 11 },
      { symbol: 'INIT', window_start: at(20), window_end: at(30), qty: 2n, trades: 1n, high: 98 },
    ]);
  });

  it('runs an RSI signal (a Sluice UDAF) and matches Wilder RSI computed here', async () => {
    const prices: Record<string, number[]> = { ACME: [10, 11, 10.5, 12, 13, 12.5, 12.75, 14], INIT: [50, 49, 48, 48, 47.5, 49] };
    const events = Object.entries(prices).flatMap(([symbol, xs]) => xs.map((price, i) => ({ symbol, price, qty: 1n, ts: at(i) })));
    const started = Date.now();
    const rows = await runSignal(rsi3, { events: [[trades, events]] });
    process.stdout.write(`runSignal (RSI 3, ${events.length} events): ${Date.now() - started} ms\n`);
    for (const [symbol, xs] of Object.entries(prices)) {
      const got = rows.filter((r) => r.symbol === symbol).sort((a, b) => (a.ts?.getTime() ?? 0) - (b.ts?.getTime() ?? 0));
      expect(got.map((r) => r.price)).toEqual(xs);
      const want = rsiRef(xs, 3);
      got.forEach((r, i) => {
        const w = want[i];
        if (w === null || w === undefined) expect(r.rsi).toBeNull();
        else expect(r.rsi).toBeCloseTo(w, 9);
      });
    }
  });

  it('refuses events for a source the signal does not read, and creates nothing', async () => {
    const other = kafka.source('quotes', Trade, { topic: 'market.quotes' });
    const error = await runSignal(rsi3, { events: [[other, []]] }).catch((e: unknown) => e);
    expect(isSluiceError(error) && error.code).toBe('TEST_UNKNOWN_SOURCE');
  });

  it('resolves an upsert sink to its final table', async () => {
    const totals = signal('qty_by_symbol')
      .from(trades)
      .groupBy('symbol')
      .select((r) => ({ qty: sum(r.qty) }))
      .to(upsertKafka.sink('signals.qty_by_symbol'));
    const rows = await runSignal(totals, { events: [[trades, [
      { symbol: 'ACME', price: 1, qty: 2n, ts: at(0) },
      { symbol: 'ACME', price: 1, qty: 3n, ts: at(1) },
      { symbol: 'INIT', price: 1, qty: 4n, ts: at(2) },
    ]]] });
    expect([...rows].sort((a, b) => String(a.symbol).localeCompare(String(b.symbol)))).toEqual([
      { symbol: 'ACME', qty: 5n },
      { symbol: 'INIT', qty: 4n },
    ]);
  });
});
