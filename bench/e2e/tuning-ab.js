#!/usr/bin/env node
// Candidate job settings compared pairwise and interleaved (issue 17, "fast by default"): one backlog, then per
// signal and candidate A, B, A, B ... (SLUICE_AB_PAIRS pairs, default 3) over the same topic from earliest,
// each run's records/s from Flink's source metric and the CPU its threads used per record (pipeline-bench.ts's
// jobCpu, from 20% of the read to its end: steadier than records/s when other processes share the cores). Prints median, spread (max - min) and
// the load average beside every run, so a gain smaller than the spread is visible as such.
//   SLUICE_AB_BACKLOG (default 3,000,000) ticks, SLUICE_AB_SYMBOLS (100); SLUICE_AB_READ (default: the backlog)
//   caps how many records a run reads (slow signals); SLUICE_AB_CASES: signal:A:B,... with A and B named below.
// Asserts nothing.
const { join } = require('node:path');
const os = require('node:os');
const { createJiti } = require('jiti');
const { markdownTable: table } = require('../markdown-table');

const jiti = createJiti(__filename);
const backlog = Number(process.env.SLUICE_AB_BACKLOG ?? 3_000_000);
const symbols = Number(process.env.SLUICE_AB_SYMBOLS ?? 100);
const pairs = Number(process.env.SLUICE_AB_PAIRS ?? 3);
const readCap = (which) => Number(process.env[`SLUICE_AB_READ_${which.toUpperCase()}`] ?? process.env.SLUICE_AB_READ ?? backlog);
const cases = (process.env.SLUICE_AB_CASES ?? 'filter:none:default,vwap:none:default,indicators:none:default').split(',').map((c) => c.split(':'));

/** Candidates: options of benchProject. `none` is Flink's defaults (Sluice's own options turned back); `default` is what Sluice emits. */
const FLINK_DEFAULTS = { 'pipeline.object-reuse': 'false' };
const CANDIDATES = {
  none: { tuning: 'throughput', flinkOptions: FLINK_DEFAULTS },
  default: {},
  latency: { tuning: 'latency' },
  throughput: { tuning: 'throughput' },
  reuse: { tuning: 'throughput', flinkOptions: { 'pipeline.object-reuse': 'true' } },
  minibatch: {
    tuning: 'throughput',
    flinkOptions: { ...FLINK_DEFAULTS, 'table.exec.mini-batch.enabled': 'true', 'table.exec.mini-batch.allow-latency': '100 ms', 'table.exec.mini-batch.size': '5000' },
  },
  sinkbatch: { tuning: 'throughput', flinkOptions: FLINK_DEFAULTS, sinkProperties: { 'linger.ms': '20', 'batch.size': '262144', 'compression.type': 'lz4' } },
  fetch: { tuning: 'throughput', flinkOptions: FLINK_DEFAULTS, sourceProperties: { 'max.partition.fetch.bytes': '8388608', 'fetch.max.bytes': '52428800' } },
  ...(process.env.SLUICE_AB_EXTRA ? JSON.parse(process.env.SLUICE_AB_EXTRA) : {}),
};

const k = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const load = () => os.loadavg()[0].toFixed(2);
const log = (line) => process.stderr.write(`[ab] ${line}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const { stackUp } = require('@sluice/stack');
  const h = await jiti.import(join(__dirname, '..', '..', 'packages', 'deploy', 'test', 'integration', 'e2e', 'pipeline-bench.ts'));
  const { endpoints } = await stackUp();
  const cleanups = [];
  const rows = [];
  const runs = [];
  try {
    // SLUICE_AB_INPUT: a topic an earlier run produced (its SLUICE_AB_BACKLOG ticks), instead of a new backlog.
    const base = await h.benchProject({ endpoints, which: 'filter', startup: 'earliest-offset', ...(process.env.SLUICE_AB_INPUT ? { input: process.env.SLUICE_AB_INPUT } : {}) });
    cleanups.push(base);
    if (!process.env.SLUICE_AB_INPUT) {
      log(`producing ${k(backlog)} ticks of ${symbols} symbols into ${base.input} ...`);
      const produced = await h.produceBacklog(base, backlog, symbols, 1);
      log(`produced at ${k(produced.perSecond)}/s`);
    }
    const once = async (which, name) => {
      const project = await h.benchProject({ endpoints, which, startup: 'earliest-offset', input: base.input, ...CANDIDATES[name] });
      try {
        const started = Date.now();
        const jobId = await h.deploy(project);
        const loadBefore = load();
        // CPU per record between 20% of the read and its end: startup (code generation, JIT warm-up) left out.
        const cap = readCap(which);
        while ((await h.sourceRecordsOut(project.ctx, jobId).catch(() => 0)) < cap * 0.2) await new Promise((r) => setTimeout(r, 100));
        const cpuFrom = await h.jobCpu(project, jobId);
        const t = await h.measureThroughput(project.ctx, jobId, cap, started);
        const cpuTo = await h.jobCpu(project, jobId);
        await project.ctx.flink.cancelJob(jobId).catch(() => undefined);
        const us = ((cpuTo.cpuMs - cpuFrom.cpuMs) * 1000) / (cpuTo.records - cpuFrom.records);
        log(`${which} ${name}: ${k(t.perSecond)}/s, ${us.toFixed(2)} us CPU/record (load ${loadBefore} -> ${load()})`);
        runs.push([which, name, k(t.perSecond), us.toFixed(2), `${loadBefore} -> ${load()}`]);
        return { rate: t.perSecond, us };
      } finally {
        await project.close().catch(() => undefined);
      }
    };
    for (const [which, a, b] of cases) {
      const ra = [];
      const rb = [];
      for (let i = 0; i < pairs; i++) {
        ra.push(await once(which, a));
        rb.push(await once(which, b));
      }
      const stat = (xs, f) => {
        const v = xs.map(f);
        return [median(v), Math.max(...v) - Math.min(...v)];
      };
      const [ma, sa] = stat(ra, (r) => r.rate);
      const [mb, sb] = stat(rb, (r) => r.rate);
      const [ca, csa] = stat(ra, (r) => r.us);
      const [cb, csb] = stat(rb, (r) => r.us);
      rows.push([which, a, k(ma), k(sa), ca.toFixed(2), csa.toFixed(2), b, k(mb), k(sb), cb.toFixed(2), csb.toFixed(2), `${(mb / ma).toFixed(2)}x`, `${(ca / cb).toFixed(2)}x`]);
    }
    const machine = `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
    process.stdout.write(
      [
        `backlog ${k(backlog)} ticks, ${symbols} symbols, 1 partition, parallelism 1, ${pairs} interleaved pairs`,
        table(['signal', 'A', 'A median/s', 'spread', 'A us CPU/rec', 'spread', 'B', 'B median/s', 'spread', 'B us CPU/rec', 'spread', 'rate B / A', 'CPU A / B'], rows),
        '',
        table(['signal', 'candidate', 'records/s', 'us CPU/record (job threads)', 'load (1 min) before -> after'], runs),
        machine,
        '',
      ].join('\n'),
    );
  } finally {
    for (const p of cleanups) await p.close().catch(() => undefined);
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
