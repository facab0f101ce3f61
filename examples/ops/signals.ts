import { avg, count, from, hop, indicators, kafka, max, schema, signal, t, toTimestampLtz } from '@sluice/dsl';
import type { RowOf } from '@sluice/dsl';

/** One served request: service, endpoint, latency and HTTP status. */
export const Request = schema({ service: t.string(), endpoint: t.string(), latency_ms: t.double(), status: t.int(), ts_ms: t.bigint() });

/** One request log line as produced to Kafka. */
export interface RequestEvent {
  service: string;
  endpoint: string;
  latency_ms: number;
  status: number;
  ts_ms: number;
}

/** A request as the typed producer takes it: `RowOf<typeof Request>` (BIGINT columns are `bigint`). */
export type RequestRow = RowOf<typeof Request>;

/** The row of a request event. */
export function requestRow(e: RequestEvent): RequestRow {
  return { service: e.service, endpoint: e.endpoint, latency_ms: e.latency_ms, status: e.status, ts_ms: BigInt(e.ts_ms) };
}

/** Topic names of the ops example. */
export interface OpsTopics {
  readonly requests: string;
  readonly dashboard: string;
}

/** `ops.requests` and `ops.dashboard.latency` (a prefix keeps test runs apart). */
export function opsTopics(prefix = 'ops'): OpsTopics {
  return { requests: `${prefix}.requests`, dashboard: `${prefix}.dashboard.latency` };
}

/** Where the events are produced: the requests topic with the `Request` schema, keyed by `service` (order per key). */
export function requestsTarget(topics: OpsTopics = opsTopics()) {
  return { topic: topics.requests, schema: Request, key: ['service'] } as const;
}

/**
 * `latency_5m`: per service, over 5-minute windows updated every 10 seconds (HOP), the request count,
 * average, 95th percentile (`PERCENTILE`, continuous) and maximum latency -> the dashboard topic.
 * The return type is inferred, so `client.consume(latency)` yields its real row type.
 */
export function opsSignals(topics: OpsTopics = opsTopics()) {
  const requests = kafka.source('requests', Request, {
    topic: topics.requests,
    computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }),
    eventTime: { column: 'ts', watermark: '1 s' },
  });
  const latency = signal('latency_5m', { parallelism: 1 })
    .from(
      from(requests)
        .window(hop('ts', '10 s', '5 min'))
        .groupBy('service')
        .select((r) => ({
          requests: count(),
          avg_latency_ms: avg(r.latency_ms),
          p95_latency_ms: indicators.percentile(r.latency_ms, 0.95),
          max_latency_ms: max(r.latency_ms),
        })),
    )
    .to(kafka.sink(topics.dashboard));
  return { latency };
}
