// `node examples/ops/run.js`: deploys the latency dashboard signal, produces 10 minutes of request logs
// of 3 services and prints the last dashboard rows of each service (5-minute windows every 10 s).
import { runExample } from '../shared/run-example';
import { requestFixture, windowCount } from './fixture';
import { opsSignals, opsTopics } from './signals';
import type { RequestEvent } from './signals';

interface DashboardRow {
  window_start: string;
  window_end: string;
  service: string;
  requests: number;
  avg_latency_ms: number;
  p95_latency_ms: number;
  max_latency_ms: number;
}

const t0 = Date.now() - 3_600_000;
const requests = requestFixture(10, t0);
const flush: RequestEvent = { service: 'zz-flush', endpoint: '/', latency_ms: 0, status: 200, ts_ms: t0 + 10 * 3_600_000 };

void runExample<RequestEvent, DashboardRow>({
  title: 'Sluice ops example: average and p95 latency per service over 5-minute windows every 10 s -> dashboard topic',
  project: 'ops',
  signals: (prefix) => {
    const topics = opsTopics(prefix);
    return { signals: [opsSignals(topics).latency], input: topics.requests, output: topics.dashboard };
  },
  events: [...requests, flush],
  key: (e) => e.service,
  expected: windowCount(requests),
  render: (rows) => {
    const lines = [`${'service'.padEnd(10)}${'window end'.padEnd(26)}${'requests'.padStart(9)}${'avg ms'.padStart(9)}${'p95 ms'.padStart(9)}${'max ms'.padStart(9)}`];
    for (const service of [...new Set(rows.map((r) => r.service))].sort()) {
      const mine = rows.filter((r) => r.service === service).sort((a, b) => a.window_end.localeCompare(b.window_end));
      for (const r of mine.filter((_, i) => i % 12 === 0)) {
        lines.push(`${service.padEnd(10)}${r.window_end.padEnd(26)}${String(r.requests).padStart(9)}${r.avg_latency_ms.toFixed(1).padStart(9)}${r.p95_latency_ms.toFixed(1).padStart(9)}${r.max_latency_ms.toFixed(1).padStart(9)}`);
      }
    }
    lines.push('(every 12th window of each service: one per 2 minutes)');
    return lines;
  },
});
