import type { RowOf } from '@sluice/dsl';
import { from } from '@sluice/dsl';
import { customers as customersSrc, customersDb as customersDbSrc, orders as ordersSrc, ordersPt as ordersPtSrc } from '../fixtures/sources';
import type { Equal, Expect } from './type-assert';
import type * as S from '../fixtures/signals';
import type { trades, orders } from '../fixtures/sources';

// The inferred row type of each fixture signal, asserted at compile time (tsc -p tsconfig.test.json).

type W = { window_start: Date; window_end: Date };

export type T01 = Expect<Equal<RowOf<typeof trades>, { symbol: string; price: number | null; qty: bigint | null; ts_ms: bigint | null; ingested_at: Date | null; part: number | null; off: bigint | null; ts: Date | null }>>;
export type T02 = Expect<Equal<RowOf<typeof S.vwap1m>, W & { symbol: string; vwap: number | null; volume: bigint | null; trades: bigint } extends infer R ? { [K in keyof R]: R[K] } : never>>;
export type T03 = Expect<Equal<RowOf<typeof S.hopVolume>, { window_start: Date; window_end: Date; symbol: string; volume: bigint | null; high: number | null; low: number | null }>>;
export type T04 = Expect<Equal<RowOf<typeof S.cumulativeVolume>, { window_start: Date; window_end: Date; volume: bigint | null; symbols: bigint }>>;
export type T05 = Expect<Equal<RowOf<typeof S.sessions>, { window_start: Date; window_end: Date; user_id: string | null; clicks: bigint; first_url: string | null; last_url: string | null }>>;
export type T06 = Expect<Equal<RowOf<typeof S.movingAvg>, { symbol: string; ts: Date | null; price: number | null; ma5: number | null }>>;
export type T07 = Expect<Equal<RowOf<typeof S.priceChange>, { symbol: string; ts: Date | null; prev_price: number | null; n: bigint }>>;
export type T08 = Expect<Equal<RowOf<typeof S.firstLast>, { window_start: Date; window_end: Date; symbol: string; open: number | null; close: number | null }>>;
export type T09 = Expect<Equal<RowOf<typeof S.rangeStats>, { symbol: string; ts: Date | null; n: bigint; total: bigint | null }>>;
export type T10 = Expect<
  Equal<
    RowOf<typeof S.enriched>,
    {
      symbol: string; short: string; len: number; notional: number | null; size: string | null; qty_d: number | null;
      price_txt: string | null; price_or_zero: number; half: bigint | null; rem: bigint | null; neg: number | null;
      is_it: boolean; mid: boolean | null; not_big: boolean | null; tag: string; late: Date | null; part: number | null;
    }
  >
>;
export type T11 = Expect<
  Equal<
    RowOf<typeof S.mathAndTime>,
    {
      a: number | null; s: number | null; p: number | null; l: number | null; rd: number | null; f: number | null; c: number | null;
      hour: bigint | null; day: string | null; lag_s: number | null; next_min: Date | null;
    }
  >
>;
export type T12 = Expect<Equal<RowOf<typeof S.volumeBySymbol>, { symbol: string; volume: bigint | null; avg_price: number | null; sd_pop: number | null; sd_samp: number | null; v_pop: number | null; v_samp: number | null }>>;
export type T13 = Expect<Equal<RowOf<typeof S.bruteForce>, { user_id: string | null; first_at: Date | null; last_at: Date | null; ip: string | null; attempts: bigint }>>;
export type T14 = Expect<Equal<RowOf<typeof S.priceSpike>, { symbol: string; start_price: number | null; top_price: number | null; drop_price: number | null; avg_up: number | null }>>;
export type T15 = Expect<Equal<RowOf<typeof S.orderShipments>, { order_id: bigint; carrier: string | null; ordered_at: Date | null; shipped_at: Date | null; hours: number | null }>>;
export type T16 = Expect<Equal<RowOf<typeof S.ordersWithCustomer>, { order_id: bigint; name: string | null; tier: string; amount: string | null }>>;
export type T17 = Expect<Equal<RowOf<typeof S.ordersInUsd>, { order_id: bigint; usd: string | null; ts: Date | null }>>;
export type T18 = Expect<Equal<RowOf<typeof orders>, { order_id: bigint; customer_id: bigint | null; currency: string | null; amount: string | null; ts: Date | null }>>;
export type T19 = Expect<Equal<RowOf<typeof S.firstOrder>, { order_id: bigint; customer_id: bigint | null; currency: string | null; amount: string | null; ts: Date | null }>>;
export type T20 = Expect<Equal<RowOf<typeof S.topSymbols>, { symbol: string; volume: bigint | null }>>;
export type T21 = Expect<Equal<RowOf<typeof S.allActivity>, { user_id: string | null; kind: string; at: Date | null }>>;
export type T22 = Expect<Equal<RowOf<typeof S.rawSignal>, { symbol: string | null; price: number | null; bucket: bigint | null }>>;
export type T23 = Expect<Equal<RowOf<typeof S.readingsDemo>, { window_start: Date; window_end: Date; sensor: string | null; avg_temp: number | null; n: bigint }>>;
export type T24 = Expect<Equal<RowOf<typeof S.counterDemo>, { id: bigint | null; label: string }>>;
export type T25 = Expect<Equal<RowOf<typeof S.weirdNames>, { 'my`col': string; "it's": number | null }>>;

export type T27 = Expect<Equal<RowOf<typeof S.windowJoined>, { order_id: bigint; carrier: string | null; window_start: Date; window_end: Date }>>;

export type T31 = Expect<Equal<RowOf<typeof S.busySymbols>, { symbol: string; volume: bigint | null; n: bigint }>>;
export type T32 = Expect<Equal<RowOf<typeof S.clicksPerMinute>, { window_start: Date; window_end: Date; user_id: string | null; n: bigint }>>;

// Outer joins make the other side nullable, even for NOT NULL columns.
const leftJoined = from(ordersSrc).join(customersSrc, (l, r) => l.customer_id.eq(r.id), 'left').select((l, r) => ({ order_id: l.order_id, customer: r.id }));
export type T28 = Expect<Equal<RowOf<typeof leftJoined>, { order_id: bigint; customer: bigint | null }>>;
const innerJoined = from(ordersSrc).join(customersSrc, (l, r) => l.customer_id.eq(r.id)).select((l, r) => ({ order_id: l.order_id, customer: r.id }));
export type T29 = Expect<Equal<RowOf<typeof innerJoined>, { order_id: bigint; customer: bigint }>>;
const fullJoined = from(ordersSrc).join(customersSrc, (l, r) => l.customer_id.eq(r.id), 'full').select((l, r) => ({ order_id: l.order_id, customer: r.id }));
export type T30 = Expect<Equal<RowOf<typeof fullJoined>, { order_id: bigint | null; customer: bigint | null }>>;

// Lookup joins: inner keeps the dimension's types; left makes them nullable (even the NOT NULL key).
export type T33 = Expect<Equal<RowOf<typeof S.ordersLookup>, { order_id: bigint; name: string | null; tier: string | null; amount: string | null }>>;
export type T34 = Expect<Equal<RowOf<typeof S.ordersLookupLeft>, { order_id: bigint; customer_id: bigint | null; tier: string; credit: string | null; amount: string | null }>>;
const lookedUp = from(ordersPtSrc).lookupJoin(customersDbSrc, { on: (l, r) => l.customer_id.eq(r.id), proctime: 'proc_time' }).select((l, r) => ({ order_id: l.order_id, customer: r.id, at: l.proc_time }));
export type T35 = Expect<Equal<RowOf<typeof lookedUp>, { order_id: bigint; customer: bigint; at: Date }>>;
const lookedUpLeft = from(ordersPtSrc).lookupJoin(customersDbSrc, { on: (l, r) => l.customer_id.eq(r.id), proctime: 'proc_time', type: 'left' }).select((l, r) => ({ order_id: l.order_id, customer: r.id }));
export type T36 = Expect<Equal<RowOf<typeof lookedUpLeft>, { order_id: bigint; customer: bigint | null }>>;
export type T37 = Expect<Equal<RowOf<typeof customersDbSrc>, { id: bigint; name: string | null; tier: string | null; credit: string | null }>>;

// A wrong expectation must fail: RowOf is not `any`-like.
// @ts-expect-error volume is bigint | null, not number
export type T26 = Expect<Equal<RowOf<typeof S.hopVolume>, { window_start: Date; window_end: Date; symbol: string; volume: number; high: number | null; low: number | null }>>;
