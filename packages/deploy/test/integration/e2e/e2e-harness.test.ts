import { testStackEndpoints } from '@sluice/stack';
import { backlogReference, benchProject, compareVwap, deploy, measureLatency, measureThroughput, percentiles, produceBacklog, readOutput } from './pipeline-bench';
import type { BenchProject } from './pipeline-bench';

// The pipeline bench's harness at a tiny scale (issue 17, must-show 2): its own arithmetic is right —
// the events its Flink metric counts equal the events produced, the signals' results equal the reference
// it computes, and the live phase yields latency samples. `npm run bench:e2e` is the large run.

const endpoints = testStackEndpoints();
const BACKLOG = 130_000; // two closed 1 min windows (1 ms apart) and a bit
const SYMBOLS = 5;
const projects: BenchProject[] = [];

afterAll(async () => {
  for (const p of projects) {
    const jobs = await p.ctx.flink.getJobsOverview().catch(() => ({ jobs: [] as { jid: string; name: string; state: string }[] }));
    for (const j of jobs.jobs) if (j.name === p.jobName && j.state === 'RUNNING') await p.ctx.flink.cancelJob(j.jid).catch(() => undefined);
    await p.close();
  }
});

test('percentiles are nearest-rank', () => {
  expect(percentiles([5, 1, 4, 2, 3, 6, 7, 8, 9, 10])).toEqual({ samples: 10, p50: 5, p95: 10, p99: 10, max: 10 });
});

test('backlog: counted in = produced, and the filter and VWAP results equal the reference', async () => {
  const reference = backlogReference(BACKLOG, SYMBOLS);
  expect(reference.vwapWindows.size).toBe(2 * SYMBOLS);
  const filter = await benchProject({ endpoints, which: 'filter', startup: 'earliest-offset' });
  projects.push(filter);
  const produced = await produceBacklog(filter, BACKLOG, SYMBOLS);
  expect(produced.produced).toBe(BACKLOG);

  const started = Date.now();
  const filterJob = await deploy(filter);
  const through = await measureThroughput(filter.ctx, filterJob, BACKLOG, started, 180_000);
  expect(through.counted).toBe(BACKLOG);
  expect(through.perSecond).toBeGreaterThan(0);
  const filtered = await readOutput(filter, reference.filterRows);
  expect(filtered).toHaveLength(reference.filterRows);
  expect(filtered.every((r) => Number(r['price']) > 107)).toBe(true);
  // Task slots are shared with the other suites: free this one before the next job.
  await filter.ctx.flink.cancelJob(filterJob);

  const vwap = await benchProject({ endpoints, which: 'vwap', startup: 'earliest-offset', input: filter.input });
  projects.push(vwap);
  const vwapJob = await deploy(vwap);
  expect((await measureThroughput(vwap.ctx, vwapJob, BACKLOG, Date.now(), 180_000)).counted).toBe(BACKLOG);
  const windows = await readOutput(vwap, reference.vwapWindows.size);
  expect(compareVwap(windows, reference.vwapWindows)).toEqual({ missing: 0, unexpected: 0, wrong: 0 });
  await vwap.ctx.flink.cancelJob(vwapJob);
}, 300_000);

test('live: a per-event signal yields one latency sample per tick it passes', async () => {
  const live = await benchProject({ endpoints, which: 'filter', startup: 'latest-offset' });
  projects.push(live);
  await live.ctx.kafka().topics.apply([{ name: live.input, partitions: 1 }]);
  const liveJob = await deploy(live);
  // The job is RUNNING; its Kafka source may still be assigning partitions: ticks before that are skipped
  // by 'latest-offset', so the count is checked against what was produced, not equal to it.
  const latency = await measureLatency(live, { rate: 200, seconds: 6, symbols: SYMBOLS });
  expect(latency.produced).toBeGreaterThanOrEqual(1000);
  expect(latency.samples).toBeGreaterThan(0);
  expect(latency.samples).toBeLessThanOrEqual(latency.produced);
  expect(latency.p50).toBeGreaterThanOrEqual(0);
  expect(latency.p50).toBeLessThanOrEqual(latency.max);
  await live.ctx.flink.cancelJob(liveJob);
}, 180_000);
