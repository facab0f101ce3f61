import type { LoginEvent, OrderEvent, PaymentEvent } from './signals';
import { seededRandom as seeded } from '../shared/seeded-random';


/**
 * Login attempts of `users` users over about an hour from `t0`: mostly successes, bursts of failures
 * (some fast enough for an alert, some too slow), sorted by time. Deterministic for a seed.
 */
export function loginFixture(users: number, t0: number, seed = 3): LoginEvent[] {
  const rnd = seeded(seed);
  const out: LoginEvent[] = [];
  for (let u = 1; u <= users; u++) {
    const user_id = `user${u}`;
    let ts = t0 + u * 997;
    for (let i = 0; i < 60; i++) {
      // gaps: mostly 10 s .. 2 min, sometimes a long pause of 4 .. 9 min
      ts += rnd() < 0.15 ? 240_000 + Math.floor(rnd() * 300_000) : 10_000 + Math.floor(rnd() * 110_000);
      const attacker = u % 3 === 0;
      const success = rnd() < (attacker ? 0.25 : 0.8);
      out.push({ user_id, success, ip: `10.0.${u}.${1 + Math.floor(rnd() * 9)}`, ts_ms: ts });
    }
  }
  return out.sort((a, b) => a.ts_ms - b.ts_ms || a.user_id.localeCompare(b.user_id));
}

/**
 * `count` orders about a minute apart from `t0` and their payments: most paid 1..8 min after the order,
 * some late (11..15 min), some never, some paid 30 s before the order was recorded (which does not answer
 * it). No payment lands within 2 s of the 10 min boundary. Deterministic for a seed.
 */
export function orderFixture(count: number, t0: number, seed = 7): { orders: OrderEvent[]; payments: PaymentEvent[] } {
  const rnd = seeded(seed);
  const orders: OrderEvent[] = [];
  const payments: PaymentEvent[] = [];
  for (let i = 1; i <= count; i++) {
    const ts_ms = t0 + i * 60_000 + Math.floor(rnd() * 20_000);
    const order: OrderEvent = { order_id: `o${String(i).padStart(3, '0')}`, user_id: `user${1 + (i % 5)}`, amount: Math.round(rnd() * 50_000) / 100, ts_ms };
    orders.push(order);
    const fate = rnd();
    const paidAfter = fate < 0.6 ? 60_000 + rnd() * 420_000 : fate < 0.75 ? 660_000 + rnd() * 240_000 : fate < 0.9 ? undefined : -30_000;
    if (paidAfter !== undefined) payments.push({ order_id: order.order_id, amount: order.amount, ts_ms: ts_ms + Math.floor(paidAfter) });
  }
  return { orders, payments: payments.sort((a, b) => a.ts_ms - b.ts_ms) };
}
