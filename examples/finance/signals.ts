import { indicators, kafka, schema, signal, t, toTimestampLtz } from '@sluice/dsl';
import type { Signal } from '@sluice/dsl';

/** A trade: symbol, price, quantity and the event time in epoch milliseconds. */
export const Trade = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), ts_ms: t.bigint() });

/** One trade as produced to Kafka. */
export interface TradeEvent {
  symbol: string;
  price: number;
  qty: number;
  ts_ms: number;
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

/**
 * The finance signals over synthetic trades:
 * - `vwap_1m`: VWAP, volume and trade count per symbol over 1-minute tumbling event-time windows;
 * - `momentum`: per trade, Bollinger(20, 2) bands, Wilder RSI(14) and MACD(12, 26, 9) per symbol
 *   (RSI and MACD run Sluice's UDAFs; deploy registers them from the built jar).
 * `startup: 'latest-offset'` (the live demo) ignores trades produced before the job started.
 */
export function financeSignals(topics: FinanceTopics = financeTopics(), options: { startup?: 'earliest-offset' | 'latest-offset' } = {}): { vwap1m: Signal; momentum: Signal } {
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
