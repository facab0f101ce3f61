import { indicators, kafka, schema, signal, t, toTimestampLtz } from '@sluice/dsl';
import type { RowOf } from '@sluice/dsl';

/** A login attempt. */
export const Login = schema({ user_id: t.string(), success: t.boolean(), ip: t.string(), ts_ms: t.bigint() });

/** One login attempt as produced to Kafka. */
export interface LoginEvent {
  user_id: string;
  success: boolean;
  ip: string;
  ts_ms: number;
}

/** A login as the typed producer takes it: `RowOf<typeof Login>` (BIGINT columns are `bigint`). */
export type LoginRow = RowOf<typeof Login>;

/** The row of a login event. */
export function loginRow(e: LoginEvent): LoginRow {
  return { user_id: e.user_id, success: e.success, ip: e.ip, ts_ms: BigInt(e.ts_ms) };
}

/** Topic names of the fraud example. */
export interface FraudTopics {
  readonly logins: string;
  readonly alerts: string;
  readonly orders: string;
  readonly payments: string;
  readonly unpaid: string;
}

/** `fraud.logins` and `fraud.alerts.brute_force` (a prefix keeps test runs apart). */
export function fraudTopics(prefix = 'fraud'): FraudTopics {
  return { logins: `${prefix}.logins`, alerts: `${prefix}.alerts.brute_force`, orders: `${prefix}.orders`, payments: `${prefix}.payments`, unpaid: `${prefix}.alerts.unpaid` };
}

/** Where the events are produced: the logins topic with the `Login` schema, keyed by `user_id` (order per key). */
export function loginsTarget(topics: FraudTopics = fraudTopics()) {
  return { topic: topics.logins, schema: Login, key: ['user_id'] } as const;
}

/**
 * `brute_force`: 3 failed logins of one user within 5 minutes (other attempts may come between) give one
 * alert with the time of the first and third failure and the IP of the third (the "N events of kind X
 * within T per key" template, MATCH_RECOGNIZE).
 * The return type is inferred, so `client.consume(bruteForce)` yields its real row type.
 */
/** An order and a payment for one (`order_id` links them). */
export const Order = schema({ order_id: t.string(), user_id: t.string(), amount: t.double(), ts_ms: t.bigint() });
export const Payment = schema({ order_id: t.string(), amount: t.double(), ts_ms: t.bigint() });

/** Events of the order fixture (plain numbers, so references can compute with them). */
export interface OrderEvent {
  order_id: string;
  user_id: string;
  amount: number;
  ts_ms: number;
}
export interface PaymentEvent {
  order_id: string;
  amount: number;
  ts_ms: number;
}

/** The row of an order / a payment for the typed producer. */
export function orderRow(e: OrderEvent): RowOf<typeof Order> {
  return { order_id: e.order_id, user_id: e.user_id, amount: e.amount, ts_ms: BigInt(e.ts_ms) };
}
export function paymentRow(e: PaymentEvent): RowOf<typeof Payment> {
  return { order_id: e.order_id, amount: e.amount, ts_ms: BigInt(e.ts_ms) };
}

/** Where orders and payments are produced, keyed by `order_id`. */
export function ordersTarget(topics: FraudTopics = fraudTopics()) {
  return { topic: topics.orders, schema: Order, key: ['order_id'] } as const;
}
export function paymentsTarget(topics: FraudTopics = fraudTopics()) {
  return { topic: topics.payments, schema: Payment, key: ['order_id'] } as const;
}

export function fraudSignals(topics: FraudTopics = fraudTopics()) {
  const logins = kafka.source('logins', Login, {
    topic: topics.logins,
    computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }),
    eventTime: { column: 'ts', watermark: '1 s' },
  });
  const bruteForce = signal('brute_force', { parallelism: 1 })
    .from(indicators.countWithin(logins, { when: (e) => e.success.eq(false), count: 3, within: '5 min', by: 'user_id', last: ['ip'] }))
    .to(kafka.sink(topics.alerts));
  // An order without a payment within 10 minutes (indicators.notFollowedBy: a LEFT interval join keeping the
  // unanswered orders, raised when both inputs' watermarks pass the order's time + 10 min).
  const orders = kafka.source('orders', Order, { topic: topics.orders, computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' } });
  const payments = kafka.source('payments', Payment, { topic: topics.payments, computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' } });
  const unpaidOrders = signal('unpaid_orders', { parallelism: 1 })
    .from(indicators.notFollowedBy(orders, payments, { on: (o, p) => o.order_id.eq(p.order_id), time: ['ts', 'ts'], within: '10 min' }))
    .to(kafka.sink(topics.unpaid));
  return { bruteForce, unpaidOrders };
}
