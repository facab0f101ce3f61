// `node examples/ops/run.js`: deploys the latency dashboard signal, produces 10 minutes of request logs
// of 3 services and prints the last dashboard rows of each service (5-minute windows every 10 s), read as
// typed rows.
import { runExample } from '../shared/run-example';
import { requestFixture, windowCount } from './fixture';
import { opsSignals, opsTopics, requestRow, requestsTarget } from './signals';
import type { RequestEvent } from './signals';

const t0 = Date.now() - 3_600_000;
const requests = requestFixture(10, t0);
const flush: RequestEvent = { service: 'zz-flush', endpoint: '/', latency_ms: 0, status: 200, ts_ms: t0 + 10 * 3_600_000 };
const fixed = (v: number | null): string => (v === null ? '-' : v.toFixed(1));

void runExample({
  title: 'Sluice ops example: average and p95 latency per service over 5-minute windows every 10 s -> dashboard topic',
  project: 'ops',
  setup: (prefix) => {
    const topics = opsTopics(prefix);
    return { signal: opsSignals(topics).latency, input: requestsTarget(topics) };
  },
  events: [...requests, flush].map(requestRow),
  expected: windowCount(requests),
  render: (rows) => {
    const lines = [`${'service'.padEnd(10)}${'window end'.padEnd(26)}${'requests'.padStart(9)}${'avg ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}`];
    for (const service of [...new Set(rows.map((r) => r.service ?? '-'))].sort()) {
      const mine = rows.filter((r) => (r.service ?? '-') === service).sort((a, b) => a.window_end.getTime() - b.window_end.getTime());
      for (const r of mine.filter((_, i) => i % 12 === 0)) {
        // window_end is a TIMESTAMP (no zone): shown as Flink wrote it, in the session time zone
        const end = r.window_end.toISOString().replace('T', ' ').replace('Z', '');
        lines.push(`${service.padEnd(10)}${end.padEnd(26)}${String(r.requests).padStart(9)}${fixed(r.avg_latency_ms).padStart(9)}${fixed(r.p95_latency_ms).padStart(9)}${fixed(r.max_latency_ms).padStart(9)}`);
      }
    }
    lines.push('(every 12th window of each service: one per 2 minutes)');
    return lines;
  },
});
