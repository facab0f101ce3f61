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
}

/** `fraud.logins` and `fraud.alerts.brute_force` (a prefix keeps test runs apart). */
export function fraudTopics(prefix = 'fraud'): FraudTopics {
  return { logins: `${prefix}.logins`, alerts: `${prefix}.alerts.brute_force` };
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
export function fraudSignals(topics: FraudTopics = fraudTopics()) {
  const logins = kafka.source('logins', Login, {
    topic: topics.logins,
    computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }),
    eventTime: { column: 'ts', watermark: '1 s' },
  });
  const bruteForce = signal('brute_force', { parallelism: 1 })
    .from(indicators.countWithin(logins, { when: (e) => e.success.eq(false), count: 3, within: '5 min', by: 'user_id', last: ['ip'] }))
    .to(kafka.sink(topics.alerts));
  return { bruteForce };
}
