#!/usr/bin/env node
// npm run bench:e2e (issue 17): the pipeline from a Kafka topic through a deployed signal to a typed row in
// the app, on the local stack (started if needed). One run prints:
//   1. max sustained throughput over a backlog (SLUICE_E2E_BACKLOG ticks, default 2,000,000, SLUICE_E2E_SYMBOLS
//      symbols, default 100), read from Flink's source metric, per signal: Sluice's compiled job and the same
//      signal written by hand with Flink's defaults (sql-client.sh -f), against Kafka's ConsumerPerformance over
//      the same topic (the pipe's limit);
//   2. produce -> consume(signal) latency at 25%, 50% and 80% of the filter's max (or what the typed producer
//      reaches), at-least-once and exactly-once (SLUICE_E2E_CHECKPOINT, default 1 s); the other signals at 50%
//      (VWAP and HOP windows from the watermark passing their end); SLUICE_E2E_LATENCY_SECONDS each (default 60).
// Signals (SLUICE_E2E_SIGNALS, default all): filter, vwap, indicators, cep, hop (see pipeline-bench.ts).
//   3. scale: VWAP over one backlog in max(SLUICE_E2E_SCALE) partitions at each parallelism of SLUICE_E2E_SCALE
//      (default 1,2,4); 4. keys: VWAP at parallelism 1 over a backlog of each symbol count of SLUICE_E2E_KEYS
//      (default 10,100000). Scale and keys runs checkpoint every 5 s, to report the state size; every run
//      reports the TaskManager heap after it.
// SLUICE_E2E_PARALLELISM (default 1) sets parallelism and partitions of parts 1 and 2; SLUICE_E2E_PARTS picks
// parts (default throughput,latency,scale,keys). Asserts nothing.
const { join } = require('node:path');
const os = require('node:os');
const { createJiti } = require('jiti');
const { markdownTable: table } = require('../markdown-table');

const jiti = createJiti(__filename);
const backlog = Number(process.env.SLUICE_E2E_BACKLOG ?? 2_000_000);
const symbols = Number(process.env.SLUICE_E2E_SYMBOLS ?? 100);
const seconds = Number(process.env.SLUICE_E2E_LATENCY_SECONDS ?? 60);
const parallelism = Number(process.env.SLUICE_E2E_PARALLELISM ?? 1);
const checkpoint = process.env.SLUICE_E2E_CHECKPOINT ?? '1 s';
const signals = (process.env.SLUICE_E2E_SIGNALS ?? 'filter,vwap,indicators,cep,hop').split(',');
const parts = (process.env.SLUICE_E2E_PARTS ?? 'throughput,latency,scale,keys').split(',');
const scale = (process.env.SLUICE_E2E_SCALE ?? '1,2,4').split(',').map(Number);
const keyCounts = (process.env.SLUICE_E2E_KEYS ?? '10,100000').split(',').map(Number);

const k = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const x = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : 'n/a');
const log = (line) => process.stderr.write(`[e2e] ${line}\n`);

async function main() {
  const { stackUp } = require('@sluice/stack');
  const { javaConsumerPerf } = require('../kafka/java-perf');
  const h = await jiti.import(join(__dirname, '..', '..', 'packages', 'deploy', 'test', 'integration', 'e2e', 'pipeline-bench.ts'));
  const up = await stackUp();
  const endpoints = up.endpoints;
  const machine = () => `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
  const out = [machine(), `backlog ${k(backlog)} ticks, ${symbols} symbols, parallelism ${parallelism} (${parallelism} partitions)`, ''];
  const cleanups = [];
  const cancel = async (ctx, jobId) => ctx.flink.cancelJob(jobId).catch(() => undefined);
  let filterMax = Number.NaN;
  try {
    if (parts.includes('throughput')) {
      const first = await h.benchProject({ endpoints, which: 'filter', startup: 'earliest-offset', partitions: parallelism, parallelism });
      cleanups.push(first);
      log(`producing ${k(backlog)} ticks ...`);
      const produced = await h.produceBacklog(first, backlog, symbols, parallelism);
      log(`produced at ${k(produced.perSecond)}/s`);
      const pipe = await javaConsumerPerf(first.input, backlog, endpoints.kafkaBrokers);
      const pipeRate = pipe.rowsPerSecond ?? Number.NaN;
      log(pipe.skipped ? `ConsumerPerformance skipped: ${pipe.skipped}` : `ConsumerPerformance ${k(pipeRate)}/s`);
      const rows = [['Kafka ConsumerPerformance (pipe limit)', k(pipeRate), '', '1.00x', '', '']];
      for (const which of signals) {
        const project = which === 'filter' ? first : await h.benchProject({ endpoints, which, startup: 'earliest-offset', input: first.input, partitions: parallelism, parallelism });
        if (project !== first) cleanups.push(project);
        const started = Date.now();
        const jobId = await h.deploy(project);
        const ours = await h.measureThroughput(project.ctx, jobId, backlog, started);
        const oursHeap = await h.taskManagerHeapMiB(project.ctx);
        await cancel(project.ctx, jobId);
        log(`${which} (Sluice): ${k(ours.perSecond)}/s`);
        if (which === 'filter') filterMax = ours.perSecond;
        let hand;
        if (which === 'filter' || which === 'vwap') {
          const handStarted = Date.now();
          const submitted = await h.submitHandWritten({}, endpoints, which, first.input, parallelism);
          hand = await h.measureThroughput(project.ctx, submitted.jobId, backlog, handStarted);
          await cancel(project.ctx, submitted.jobId);
          log(`${which} (hand-written): ${k(hand.perSecond)}/s`);
        }
        rows.push([`${which}: Sluice`, k(ours.perSecond), `${(ours.totalMs / 1000).toFixed(1)} s`, x(ours.perSecond, pipeRate), hand ? x(ours.perSecond, hand.perSecond) : '', k(oursHeap)]);
        if (hand) rows.push([`${which}: hand-written, Flink defaults`, k(hand.perSecond), `${(hand.totalMs / 1000).toFixed(1)} s`, x(hand.perSecond, pipeRate), '1.00x', '']);
      }
      out.push(`Throughput over the backlog (records/s read by the job's Kafka source, 10%..90% of the backlog)`);
      out.push(table(['job', 'records/s', 'deploy to last record', '/ pipe limit', 'Sluice / hand-written', 'TM heap after, MiB'], rows), '');
    }
    if (parts.includes('latency')) {
      const rows = [];
      const maxRate = Number.isFinite(filterMax) ? filterMax : Number(process.env.SLUICE_E2E_MAX_RATE ?? 100_000);
      const runs = [
        { which: 'filter', share: 0.25, delivery: 'at-least-once' },
        { which: 'filter', share: 0.5, delivery: 'at-least-once' },
        { which: 'filter', share: 0.8, delivery: 'at-least-once' },
        { which: 'filter', share: 0.5, delivery: 'exactly-once' },
        { which: 'vwap', share: 0.5, delivery: 'at-least-once' },
        { which: 'hop', share: 0.5, delivery: 'at-least-once' },
        { which: 'indicators', share: 0.5, delivery: 'at-least-once' },
        { which: 'cep', share: 0.5, delivery: 'at-least-once' },
      ].filter((r) => signals.includes(r.which));
      for (const run of runs) {
        const project = await h.benchProject({ endpoints, which: run.which, startup: 'latest-offset', partitions: parallelism, parallelism, delivery: run.delivery, checkpointInterval: run.delivery === 'exactly-once' ? checkpoint : undefined });
        cleanups.push(project);
        await project.ctx.kafka().topics.apply([{ name: project.input, partitions: parallelism }]);
        const jobId = await h.deploy(project);
        const rate = Math.round(maxRate * run.share);
        log(`latency ${run.which} ${run.delivery} at ${k(rate)}/s for ${seconds} s ...`);
        const lat = await h.measureLatency(project, { rate, seconds, symbols, warmupSeconds: 5 });
        await cancel(project.ctx, jobId);
        const achieved = lat.produced / seconds;
        rows.push([
          run.which,
          run.delivery + (run.delivery === 'exactly-once' ? ` (checkpoint ${checkpoint})` : ''),
          `${Math.round(run.share * 100)}% = ${k(rate)}/s`,
          k(achieved),
          k(lat.samples),
          k(lat.p50),
          k(lat.p95),
          k(lat.p99),
          k(lat.max),
        ]);
      }
      out.push(`Latency in ms: per event, produce -> typed row from consume(signal); vwap, watermark past the window's end -> typed row`);
      out.push(table(['signal', 'sink', 'target rate (of filter max)', 'produced/s', 'samples', 'p50', 'p95', 'p99', 'max'], rows), '');
    }
    // One VWAP run over an existing backlog: throughput, state size of its last checkpoint, heap after.
    const vwapRun = async (input, p, count, partitions) => {
      const project = await h.benchProject({ endpoints, which: 'vwap', startup: 'earliest-offset', input, partitions, parallelism: p, checkpointInterval: '5 s' });
      cleanups.push(project);
      const started = Date.now();
      const jobId = await h.deploy(project);
      const through = await h.measureThroughput(project.ctx, jobId, count, started);
      // Let one more checkpoint complete with the whole backlog's state in it.
      await new Promise((r) => setTimeout(r, 6000));
      const state = await h.latestCheckpointMiB(project.ctx, jobId);
      const heap = await h.taskManagerHeapMiB(project.ctx);
      await cancel(project.ctx, jobId);
      return { through, state, heap };
    };
    if (parts.includes('scale')) {
      const maxP = Math.max(...scale);
      const base = await h.benchProject({ endpoints, which: 'vwap', startup: 'earliest-offset', partitions: maxP, parallelism: 1 });
      cleanups.push(base);
      log(`scale: producing ${k(backlog)} ticks into ${maxP} partitions ...`);
      await h.produceBacklog(base, backlog, symbols, maxP);
      const rows = [];
      let first;
      for (const p of scale) {
        const r = await vwapRun(base.input, p, backlog, maxP);
        first ??= r.through.perSecond;
        log(`scale: parallelism ${p}: ${k(r.through.perSecond)}/s`);
        rows.push([p, maxP, k(r.through.perSecond), x(r.through.perSecond, first), r.state.toFixed(2), k(r.heap)]);
      }
      out.push(`Scale: VWAP 1 min, ${symbols} symbols, one TaskManager (${os.cpus().length} cores on the machine)`);
      out.push(table(['parallelism', 'partitions', 'records/s', '/ parallelism 1', 'state MiB (last checkpoint)', 'TM heap after, MiB'], rows), '');
    }
    if (parts.includes('keys')) {
      const rows = [];
      for (const keys of keyCounts) {
        const base = await h.benchProject({ endpoints, which: 'vwap', startup: 'earliest-offset', partitions: 1, parallelism: 1 });
        cleanups.push(base);
        log(`keys: producing ${k(backlog)} ticks of ${k(keys)} symbols ...`);
        await h.produceBacklog(base, backlog, keys, 1);
        const r = await vwapRun(base.input, 1, backlog, 1);
        log(`keys: ${k(keys)} symbols: ${k(r.through.perSecond)}/s`);
        rows.push([k(keys), k(r.through.perSecond), r.state.toFixed(2), k(r.heap)]);
      }
      out.push('Keys: VWAP 1 min, parallelism 1');
      out.push(table(['symbols', 'records/s', 'state MiB (last checkpoint)', 'TM heap after, MiB'], rows), '');
    }
    out.push(machine());
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    for (const p of cleanups) await p.close().catch(() => undefined);
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
