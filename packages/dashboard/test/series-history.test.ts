import { kafka, schema, signal, t } from '@sluice/dsl';
import { pointOf, RateMeter, SeriesHistory, viewOf } from '@sluice/dashboard';

describe('SeriesHistory', () => {
  it('keeps the last `cap` points per key however many rows come', () => {
    const h = new SeriesHistory(500, 10);
    for (let i = 0; i < 100_000; i++) h.add(i % 2 === 0 ? 'A' : 'B', { t: i, values: { v: i } });
    expect(h.rows).toBe(100_000);
    expect(h.series('A')).toHaveLength(500);
    expect(h.series('A')[0]?.t).toBe(99_000);
    expect(h.latest('A')?.t).toBe(99_998);
    expect(h.latest('B')?.values).toEqual({ v: 99_999 });
    expect(h.held).toBe(1000);
  });

  it('keeps at most `maxKeys` keys, dropping the one updated longest ago', () => {
    const h = new SeriesHistory(5, 3);
    for (const k of ['a', 'b', 'c']) h.add(k, { t: 0, values: {} });
    h.add('a', { t: 1, values: {} });
    h.add('d', { t: 2, values: {} });
    expect(h.keys()).toEqual(['c', 'a', 'd']);
    expect(h.series('b')).toEqual([]);
  });
});

describe('viewOf / pointOf', () => {
  const Trade = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), ts: t.timestampLtz(3) });
  const trades = kafka.source('trades', Trade, { topic: 'v.trades' });

  it('draws numeric columns per key over the time column, and gives points plain values', () => {
    const s = signal('plain').from(trades).to(kafka.sink('v.out'));
    const view = viewOf(s);
    expect(view).toEqual({ signal: 'plain', topic: 'v.out', kind: 'series', keyColumns: ['symbol'], timeColumn: 'ts', numericColumns: ['price', 'qty'], columns: ['symbol', 'price', 'qty', 'ts'] });
    expect(pointOf(view, { symbol: 'ACME', price: 1.5, qty: 3n, ts: new Date(60_000) }, 5)).toEqual({ key: 'ACME', point: { t: 60_000, values: { symbol: 'ACME', price: 1.5, qty: 3, ts: 60_000 } } });
    // No time in the row: the arrival time.
    expect(pointOf(view, { symbol: 'ACME', price: 1.5, qty: 3n, ts: null }, 5).point.t).toBe(5);
  });

  it('candlesticks for open/high/low/close, a table for rows without numbers', () => {
    const Bar = schema({ symbol: t.string(), open: t.double(), high: t.double(), low: t.double(), close: t.double() });
    expect(viewOf(signal('bars').from(kafka.source('b', Bar, { topic: 'v.b' })).to(kafka.sink('v.bars'))).kind).toBe('ohlc');
    const Alert = schema({ user_id: t.string(), reason: t.string() });
    expect(viewOf(signal('alerts').from(kafka.source('a', Alert, { topic: 'v.a' })).to(kafka.sink('v.alerts')))).toMatchObject({ kind: 'table', keyColumns: ['user_id', 'reason'] });
  });
});

describe('RateMeter', () => {
  it('takes a rate over the readings of its window once they span the minimum, and starts over when a counter goes down', () => {
    const m = new RateMeter(30_000, 5_000);
    expect(m.rate('j/in', 0, 0)).toBeNull();
    expect(m.rate('j/in', 0, 1_500)).toBeNull();
    // Flink's counters move in steps (its metric fetcher): the rate spans the steps.
    expect(m.rate('j/in', 1000, 10_000)).toBe(100);
    expect(m.rate('j/in', 1000, 20_000)).toBe(50);
    expect(m.rate('j/in', 4000, 40_000)).toBe(100);
    expect(m.rate('j/in', 10, 41_000)).toBeNull();
    m.keep(new Set(['other']));
    expect(m.rate('j/in', 20, 50_000)).toBeNull();
  });
});
