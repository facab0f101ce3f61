import { schema, t } from '@sluice/dsl';
import type { RowOf } from '@sluice/dsl';

// The pipeline bench's input: one schema and one deterministic tick sequence, shared by the backlog, the
// live load and the reference.

/** A tick: symbol, price, quantity, event time in epoch ms. */
export const Tick = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), ts_ms: t.bigint() });
export type TickRow = RowOf<typeof Tick>;

/** Event time of backlog tick i: 1 ms apart, so a 1 min window holds 60,000 ticks (all symbols). */
export const BASE_MS = Date.UTC(2026, 0, 1);

/** Backlog tick i of `symbols` symbols (deterministic, so the reference needs no copy of what was sent). */
export function backlogTick(i: number, symbols: number): { symbol: string; price: number; qty: number; ts_ms: number } {
  return { symbol: `S${i % symbols}`, price: 100 + (i % 1000) / 100, qty: 1 + (i % 7), ts_ms: BASE_MS + i };
}

/** The typed producer's row of a tick. */
export function toRow(e: { symbol: string; price: number; qty: number; ts_ms: number }): TickRow {
  return { symbol: e.symbol, price: e.price, qty: BigInt(e.qty), ts_ms: BigInt(e.ts_ms) };
}
