import { indicators, kafka, schema, signal, t, toTimestampLtz } from '@sluice/dsl';
import type { RowOf } from '@sluice/dsl';

/** A trade: symbol, price, quantity and the event time in epoch milliseconds. */
export const Trade = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), ts_ms: t.bigint() });

/** One trade of a fixture or the synthetic feed (plain numbers, so references can compute with them). */
export interface TradeEvent {
  symbol: string;
  price: number;
  qty: number;
  ts_ms: number;
}

/** A trade as the typed producer takes it: `RowOf<typeof Trade>` (BIGINT columns are `bigint`). */
export type TradeRow = RowOf<typeof Trade>;

/** The row of a trade event. */
export function tradeRow(e: TradeEvent): TradeRow {
  return { symbol: e.symbol, price: e.price, qty: BigInt(e.qty), ts_ms: BigInt(e.ts_ms) };
}

/** Topic names of the finance example (a prefix keeps test runs apart). */
export interface FinanceTopics {
  readonly trades: string;
  readonly vwap: string;
  readonly momentum: string;
}

/** The default topics: `finance.trades`, `finance.vwap_1m`, `finance.momentum`. */
export function financeTopics(prefix = 'finance'): FinanceTopics {
  return { trades: `${prefix}.trades`, vwap: `${prefix}.vwap_1m`, momentum: `${prefix}.momentum` };
}

/** Where trades are produced: the trades topic with the `Trade` schema, keyed by symbol (per-symbol order). */
export function tradesTarget(topics: FinanceTopics = financeTopics()) {
  return { topic: topics.trades, schema: Trade, key: ['symbol'] } as const;
}

/**
 * The finance signals over synthetic trades:
 * - `vwap_1m`: VWAP, volume and trade count per symbol over 1-minute tumbling event-time windows;
 * - `momentum`: per trade, Bollinger(20, 2) bands, Wilder RSI(14) and MACD(12, 26, 9) per symbol
 *   (RSI and MACD run Sluice's UDAFs; deploy registers them from the built jar).
 * `startup: 'latest-offset'` (the live demo) ignores trades produced before the job started.
 *
 * The return type is inferred, not `Signal`: each signal keeps its output row type, so
 * `client.consume(momentum)` yields `RowOf<typeof momentum>` (symbol, price, rsi, macd, ...).
 */
export function financeSignals(topics: FinanceTopics = financeTopics(), options: { startup?: 'earliest-offset' | 'latest-offset' } = {}) {
  const trades = kafka.source('trades', Trade, {
    topic: topics.trades,
    startup: options.startup ?? 'earliest-offset',
    computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }),
    eventTime: { column: 'ts', watermark: '1 s' },
  });
  const vwap1m = signal('vwap_1m', { parallelism: 1 })
    .from(indicators.vwap(trades, { price: 'price', qty: 'qty', window: '1 min', by: 'symbol' }))
    .to(kafka.sink(topics.vwap));
  const bands = indicators.bollinger(trades, { value: 'price', period: 20, k: 2, by: 'symbol' });
  const withRsi = indicators.rsi(bands, { value: 'price', period: 14, by: 'symbol' });
  const momentum = signal('momentum', { parallelism: 1 })
    .from(indicators.macd(withRsi, { value: 'price', fast: 12, slow: 26, signal: 9, by: 'symbol' }))
    .to(kafka.sink(topics.momentum));
  return { vwap1m, momentum };
}
