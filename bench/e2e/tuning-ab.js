#!/usr/bin/env node
// Candidate job settings compared pairwise and interleaved (issue 17, "fast by default"): one backlog, then per
// signal and candidate A, B, A, B ... (SLUICE_AB_PAIRS pairs, default 3) over the same topic from earliest,
// each run's records/s from Flink's source metric (pipeline-bench.ts). Prints median, spread (max - min) and
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

/** Candidates: options of benchProject. `none` is Flink's defaults (tuning 'latency' without Sluice's throughput options). */
const CANDIDATES = {
  none: { tuning: 'latency' },
  default: {},
  latency: { tuning: 'latency' },
  throughput: { tuning: 'throughput' },
  reuse: { tuning: 'latency', flinkOptions: { 'pipeline.object-reuse': 'true' } },
  minibatch: {
    tuning: 'latency',
    flinkOptions: { 'table.exec.mini-batch.enabled': 'true', 'table.exec.mini-batch.allow-latency': '100 ms', 'table.exec.mini-batch.size': '5000' },
  },
  sinkbatch: { tuning: 'latency', sinkProperties: { 'linger.ms': '20', 'batch.size': '262144', 'compression.type': 'lz4' } },
  linger: { tuning: 'latency', sinkProperties: { 'linger.ms': '20', 'batch.size': '262144' } },
  fetch: { tuning: 'latency', sourceProperties: { 'max.partition.fetch.bytes': '8388608', 'fetch.max.bytes': '52428800' } },
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
    const base = await h.benchProject({ endpoints, which: 'filter', startup: 'earliest-offset' });
    cleanups.push(base);
    log(`producing ${k(backlog)} ticks of ${symbols} symbols ...`);
    const produced = await h.produceBacklog(base, backlog, symbols, 1);
    log(`produced at ${k(produced.perSecond)}/s`);
    const once = async (which, name) => {
      const project = await h.benchProject({ endpoints, which, startup: 'earliest-offset', input: base.input, ...CANDIDATES[name] });
      try {
        const started = Date.now();
        const jobId = await h.deploy(project);
        const loadBefore = load();
        const t = await h.measureThroughput(project.ctx, jobId, readCap(which), started);
        await project.ctx.flink.cancelJob(jobId).catch(() => undefined);
        log(`${which} ${name}: ${k(t.perSecond)}/s (load ${loadBefore} -> ${load()})`);
        runs.push([which, name, k(t.perSecond), `${loadBefore} -> ${load()}`]);
        return t.perSecond;
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
      const ma = median(ra);
      const mb = median(rb);
      rows.push([which, a, k(ma), k(Math.max(...ra) - Math.min(...ra)), b, k(mb), k(Math.max(...rb) - Math.min(...rb)), `${(mb / ma).toFixed(2)}x`]);
    }
    const machine = `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`;
    process.stdout.write(
      [
        `backlog ${k(backlog)} ticks, ${symbols} symbols, 1 partition, parallelism 1, ${pairs} interleaved pairs`,
        table(['signal', 'A', 'A median/s', 'A spread', 'B', 'B median/s', 'B spread', 'B / A'], rows),
        '',
        table(['signal', 'candidate', 'records/s', 'load (1 min) before -> after'], runs),
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
