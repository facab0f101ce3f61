import { indicators, kafka, schema, signal, t, toTimestampLtz } from '@sluice/dsl';
import type { Signal } from '@sluice/dsl';

/** A login attempt. */
export const Login = schema({ user_id: t.string(), success: t.boolean(), ip: t.string(), ts_ms: t.bigint() });

/** One login attempt as produced to Kafka. */
export interface LoginEvent {
  user_id: string;
  success: boolean;
  ip: string;
  ts_ms: number;
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

/**
 * `brute_force`: 3 failed logins of one user within 5 minutes (other attempts may come between) give one
 * alert with the time of the first and third failure and the IP of the third (the "N events of kind X
 * within T per key" template, MATCH_RECOGNIZE).
 */
export function fraudSignals(topics: FraudTopics = fraudTopics()): { bruteForce: Signal } {
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
