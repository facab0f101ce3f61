import { checkBackfill, requireBackfillable } from '@sluice/dsl';
import { isSluiceError } from '@sluice/errors';
import { ALL_SIGNALS } from './fixtures/signals';
import { iotSignals } from '../../../examples/iot/signals';
import { financeSignals } from '../../../examples/finance/signals';

// Unit side of checkBackfill (the stack test compares every verdict with Flink's batch planner).

const reasonsOf = (s: Parameters<typeof checkBackfill>[0]): readonly string[] => {
  const v = checkBackfill(s);
  return v.ok ? [] : v.reasons;
};

describe('checkBackfill', () => {
  test.each([
    ['click_sessions', ["SESSION window on ts: Flink's batch planner refuses unaligned windows"]],
    ['clicks_per_minute', ['TUMBLE window on the processing-time column pt: batch mode has no processing time']],
    ['orders_in_usd', ["upsert-kafka source 'rates': the upsert-kafka connector cannot bound its reads (no scan.bounded.* options)"]],
    ['readings_demo', ["generator source 'readings' has no row limit: batch mode reads bounded tables only"]],
    [
      'range_stats',
      ["OVER window with RANGE 1 MINUTE ordered by the TIMESTAMP_LTZ column ts: Flink's batch code generation has no such interval arithmetic"],
    ],
  ] as const)('%s is refused, naming each construct', (name, reasons) => {
    expect(reasonsOf(ALL_SIGNALS[name])).toEqual(reasons);
  });

  test.each(['vwap_1m', 'hop_volume', 'cumulative_volume', 'moving_avg', 'price_change', 'brute_force', 'order_shipments', 'window_joined', 'orders_lookup', 'top_symbols'] as const)('%s can be backfilled', (name) => {
    expect(checkBackfill(ALL_SIGNALS[name])).toEqual({ ok: true });
  });

  test('the indicators (roc, sma, bollinger, rsi, macd: OVER ROWS and the Sluice UDAFs) and MATCH_RECOGNIZE can be backfilled', () => {
    expect(checkBackfill(iotSignals().overheat)).toEqual({ ok: true });
    expect(checkBackfill(financeSignals().momentum)).toEqual({ ok: true });
  });

  test('requireBackfillable throws DSL_NOT_BACKFILLABLE with the signal, the reasons and a way out', () => {
    let error: unknown;
    try {
      requireBackfillable(ALL_SIGNALS.click_sessions);
    } catch (e) {
      error = e;
    }
    expect(isSluiceError(error, 'DSL_NOT_BACKFILLABLE')).toBe(true);
    if (!isSluiceError(error)) return;
    expect(error.category).toBe('invalid');
    expect(error.details).toEqual({ signal: 'click_sessions' });
    expect(error.suggestion).toContain('startup: { timestampMillis }');
    expect(() => requireBackfillable(ALL_SIGNALS.vwap_1m)).not.toThrow();
  });
});
