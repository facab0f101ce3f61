import type { RowOf } from '@sluice/dsl';
import { indicators, kafka, schema, signal, t, toTimestampLtz } from '@sluice/dsl';
import type { Equal, Expect } from './type-assert';

// Row types of indicator signals, asserted at compile time (tsc -p tsconfig.test.json).

const Tick = schema({ symbol: t.string().notNull(), price: t.double(), qty: t.bigint(), ts_ms: t.bigint() });
const ticks = kafka.source('ticks', Tick, { topic: 'ticks', computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' } });
type Base = { symbol: string; price: number | null; qty: bigint | null; ts_ms: bigint | null; ts: Date | null };
type Flat<T> = { [K in keyof T]: T[K] };

const momentum = signal('momentum').from(indicators.macd(indicators.rsi(ticks, { value: 'price', period: 14, by: 'symbol', as: 'rsi14' }), { value: 'price', by: 'symbol' })).to(kafka.sink('m'));
export type I1 = Expect<Equal<RowOf<typeof momentum>, Flat<Base & { rsi14: number | null; macd: number | null; macd_signal: number | null; macd_hist: number | null }>>>;

const bands = signal('bands').from(indicators.zscore(indicators.bollinger(ticks, { value: 'price', period: 20 }), { value: 'price', period: 20 })).to(kafka.sink('b'));
export type I2 = Expect<Equal<RowOf<typeof bands>, Flat<Base & { bb_middle: number | null; bb_upper: number | null; bb_lower: number | null; zscore: number | null; anomaly: boolean | null }>>>;

const vwap = signal('vwap').from(indicators.vwap(ticks, { price: 'price', qty: 'qty', window: '1 min', by: 'symbol' })).to(kafka.sink('v'));
export type I3 = Expect<Equal<RowOf<typeof vwap>, { window_start: Date; window_end: Date; symbol: string; vwap: number | null; volume: number | null; trades: bigint }>>;
