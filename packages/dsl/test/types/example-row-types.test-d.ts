import type { RowOf } from '@sluice/dsl';
import type { financeSignals, TradeRow } from '../../../../examples/finance/signals';
import type { fraudSignals } from '../../../../examples/fraud/signals';
import type { iotSignals } from '../../../../examples/iot/signals';
import type { opsSignals } from '../../../../examples/ops/signals';
import type { Equal, Expect } from './type-assert';

// The examples' factories keep each signal's row type (not the erased `Signal`), so `consume(signal)` in
// the examples and their tests yields these rows. Checked by `tsc -p tsconfig.test.json`.

type Finance = ReturnType<typeof financeSignals>;

export type E01 = Expect<Equal<TradeRow, { symbol: string | null; price: number | null; qty: bigint | null; ts_ms: bigint | null }>>;
export type E02 = Expect<Equal<RowOf<Finance['vwap1m']>, { window_start: Date; window_end: Date; symbol: string | null; vwap: number | null; volume: number | null; trades: bigint }>>;
export type E03 = Expect<
  Equal<
    RowOf<Finance['momentum']>,
    {
      symbol: string | null;
      price: number | null;
      qty: bigint | null;
      ts_ms: bigint | null;
      ts: Date | null;
      bb_middle: number | null;
      bb_upper: number | null;
      bb_lower: number | null;
      rsi: number | null;
      macd: number | null;
      macd_signal: number | null;
      macd_hist: number | null;
    }
  >
>;
export type E04 = Expect<Equal<RowOf<ReturnType<typeof fraudSignals>['bruteForce']>, { user_id: string | null; first_at: Date | null; last_at: Date | null; ip: string | null }>>;
export type E05 = Expect<Equal<RowOf<ReturnType<typeof iotSignals>['overheat']>, { sensor_id: string | null; started_at: Date | null; alert_at: Date | null; temperature: number | null; pressure: number | null }>>;
export type E06 = Expect<
  Equal<RowOf<ReturnType<typeof opsSignals>['latency']>, { window_start: Date; window_end: Date; service: string | null; requests: bigint; avg_latency_ms: number | null; p95_latency_ms: number | null; max_latency_ms: number | null }>
>;
