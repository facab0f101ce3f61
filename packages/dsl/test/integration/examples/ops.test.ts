import { randomBytes } from 'node:crypto';
import { createKafkaClient } from '@sluice/kafka';
import { testStackEndpoints } from '@sluice/stack';
import { requestFixture } from '../../../../../examples/ops/fixture';
import { opsSignals, opsTopics, requestRow, requestsTarget } from '../../../../../examples/ops/signals';
import type { RequestEvent } from '../../../../../examples/ops/signals';
import { cancelJobs, deploySignals } from '../../../../../examples/shared/deploy-signals';
import type { DeployedExample } from '../../../../../examples/shared/deploy-signals';
import { firstRows } from '../../../../../examples/shared/first-rows';

// examples/ops end to end: the latency dashboard signal (HOP 5 min every 10 s per service: count, avg,
// p95, max) deployed with @sluice/deploy, 10 minutes of request logs produced with the typed producer, every
// dashboard row read back as a typed row with consume(signal) and compared with the windows computed here.

const SFX = randomBytes(4).toString('hex');
const topics = opsTopics(`sluice.it.ops.${SFX}`);
const endpoints = testStackEndpoints();
const kafka = createKafkaClient({ brokers: [...endpoints.kafkaBrokers], clientId: 'sluice-ops-e2e' });
const T0 = Date.UTC(2024, 0, 5, 12, 0, 0);
const requests = requestFixture(10, T0);
const flush: RequestEvent = { service: 'zz-flush', endpoint: '/', latency_ms: 0, status: 200, ts_ms: T0 + 10 * 3_600_000 };
const SIZE = 300_000;
const SLIDE = 10_000;

let deployed: DeployedExample | undefined;
afterAll(async () => {
  if (deployed !== undefined) {
    await cancelJobs(deployed.ctx, deployed.jobIds);
    await deployed.ctx.close();
  }
  await kafka.topics.delete(Object.values(topics)).catch(() => undefined);
  await kafka.close();
});

interface Window {
  service: string;
  end: number;
  requests: number;
  avg: number;
  p95: number;
  max: number;
}

/** Continuous percentile: linear interpolation between the ranks around p * (n - 1). */
function percentileCont(values: readonly number[], p: number): number {
  const xs = [...values].sort((a, b) => a - b);
  const pos = p * (xs.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = xs[lo] as number;
  const b = xs[hi] as number;
  return a + (pos - lo) * (b - a);
}

function expectedWindows(): Window[] {
  const out: Window[] = [];
  for (const service of [...new Set(requests.map((r) => r.service))].sort()) {
    const rs = requests.filter((r) => r.service === service);
    const first = (rs[0] as RequestEvent).ts_ms;
    const last = (rs[rs.length - 1] as RequestEvent).ts_ms;
    for (let start = first - (first % SLIDE) - SIZE + SLIDE; start <= last; start += SLIDE) {
      const w = rs.filter((r) => r.ts_ms >= start && r.ts_ms < start + SIZE).map((r) => r.latency_ms);
      if (w.length === 0) continue;
      out.push({ service, end: start + SIZE, requests: w.length, avg: w.reduce((a, b) => a + b, 0) / w.length, p95: percentileCont(w, 0.95), max: Math.max(...w) });
    }
  }
  return out;
}

function close(a: number, b: number): boolean {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 || Math.abs(a - b) / scale <= 1e-9;
}

test('ops: average and p95 latency per service over 5-minute windows every 10 s equal the windows computed from the fixture', async () => {
  const want = expectedWindows();
  expect(requests.length).toBeGreaterThan(500);
  const { latency } = opsSignals(topics);
  deployed = await deploySignals(`it_ops_${SFX}`, [latency], endpoints);
  const producer = await kafka.producer(requestsTarget(topics));
  await producer.send([...requests, flush].map(requestRow));
  await producer.close();
  // RowOf<typeof latency>: window_end is a Date, requests a bigint, the latencies numbers.
  const rows = await firstRows(kafka.consume(latency), want.length, 120_000);
  expect(rows).toHaveLength(want.length);
  for (const service of [...new Set(want.map((w) => w.service))]) {
    // window_end is a TIMESTAMP in the session time zone: compare the sequence, and the spacing of the ends
    const have = rows.filter((r) => r.service === service).sort((a, b) => a.window_end.getTime() - b.window_end.getTime());
    const exp = want.filter((w) => w.service === service);
    expect(have.map((r) => r.requests)).toEqual(exp.map((w) => BigInt(w.requests)));
    const ends = have.map((r) => r.window_end.getTime());
    expect(ends.map((e) => e - (ends[0] as number))).toEqual(exp.map((w) => w.end - (exp[0] as Window).end));
    const bad = have
      .map((r, i) => ({ i, r, w: exp[i] as Window }))
      .filter(({ r, w }) => r.avg_latency_ms === null || r.p95_latency_ms === null || !close(r.avg_latency_ms, w.avg) || !close(r.p95_latency_ms, w.p95) || r.max_latency_ms !== w.max);
    expect(bad.slice(0, 3)).toEqual([]);
  }
});
