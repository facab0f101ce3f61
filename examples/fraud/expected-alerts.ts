import type { LoginEvent, OrderEvent, PaymentEvent } from './signals';

/** One expected alert: the user, first and last failure of the match, the IP of the last. */
export interface ExpectedAlert {
  user_id: string;
  first_ms: number;
  last_ms: number;
  ip: string;
}

/**
 * The alerts of "n failures within `withinMs` per user", by scanning each user's failures in time order:
 * a match is n consecutive failures (successes between them do not matter) with the last at most
 * `withinMs` after the first; after a match the scan continues after its last failure.
 */
export function bruteForceAlerts(events: readonly LoginEvent[], n: number, withinMs: number): ExpectedAlert[] {
  const out: ExpectedAlert[] = [];
  const users = [...new Set(events.map((e) => e.user_id))].sort();
  for (const user_id of users) {
    const failures = events.filter((e) => e.user_id === user_id && !e.success).sort((a, b) => a.ts_ms - b.ts_ms);
    let i = 0;
    while (i + n - 1 < failures.length) {
      const first = failures[i] as LoginEvent;
      const last = failures[i + n - 1] as LoginEvent;
      if (last.ts_ms - first.ts_ms <= withinMs) {
        out.push({ user_id, first_ms: first.ts_ms, last_ms: last.ts_ms, ip: last.ip });
        i += n;
      } else {
        i += 1;
      }
    }
  }
  return out;
}

/**
 * Orders no payment answered within `withinMs` (a payment of the same order at or after the order's time,
 * at most `withinMs` later), raised once the watermark `watermarkMs` has passed the order's time + `withinMs`.
 */
export function unpaidOrderAlerts(orders: readonly OrderEvent[], payments: readonly PaymentEvent[], withinMs: number, watermarkMs: number): OrderEvent[] {
  return orders
    .filter((o) => o.ts_ms + withinMs < watermarkMs)
    .filter((o) => !payments.some((p) => p.order_id === o.order_id && p.ts_ms >= o.ts_ms && p.ts_ms <= o.ts_ms + withinMs))
    .sort((a, b) => a.order_id.localeCompare(b.order_id));
}
