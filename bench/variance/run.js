#!/usr/bin/env node
// npm run bench:variance (issue 17 item 4): Bollinger's and z-score's standard deviation over a long run.
// On the local stack (started if needed), one key of SLUICE_VARIANCE_ROWS rows (default 2,000,000) of a
// deterministic price series near 10,000 goes through a 20-row sliding window:
//   1. accuracy: Flink's STDDEV_POP and Sluice's SLUICE_STDDEV_POP against a two-pass reference (every
//      1000th row and the last 1000 rows), max relative error;
//   2. cost: the same window computing only one of the two into a blackhole sink, SLUICE_VARIANCE_PAIRS
//      pairs (default 3, order alternating), job duration from Flink's REST API, and the ratio of medians.
// Prints tables; asserts nothing.
const { join } = require('node:path');
const os = require('node:os');
const { createJiti } = require('jiti');
const { markdownTable: table } = require('../markdown-table');

const jiti = createJiti(__filename);
const rows = Number(process.env.SLUICE_VARIANCE_ROWS ?? 2_000_000);
const pairs = Number(process.env.SLUICE_VARIANCE_PAIRS ?? 3);
const dir = join(__dirname, '..', '..', 'packages', 'dsl', 'test', 'integration', 'indicators');


const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function finished(flink, jobId) {
  for (;;) {
    const details = await flink.getJobDetails(jobId);
    if (details.state === 'FINISHED') return details.duration;
    if (['FAILED', 'CANCELED'].includes(details.state)) throw new Error(`job ${jobId} ended ${details.state}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function main() {
  const { stackUp } = require('@sluice/stack');
  const { udfStatements } = require('@sluice/deploy');
  const { TestCluster } = await jiti.import(join(dir, 'cluster.ts'));
  const { measureStddevErrors, sequenceTableDdl, costInsert } = await jiti.import(join(dir, 'long-run-stddev.ts'));
  const log = (line) => process.stderr.write(`[variance] ${line}\n`);
  const up = await stackUp();
  const cluster = new TestCluster(up.endpoints);
  await cluster.open(udfStatements({ functions: ['SLUICE_STDDEV_POP'] }));
  try {
    log(`accuracy over ${rows.toLocaleString('en-US')} rows ...`);
    const errors = await measureStddevErrors(cluster, rows);
    const table1 = table(
      ['function', 'rows of one key', 'rows compared', 'max relative error'],
      [
        ['STDDEV_POP (Flink)', rows, errors.compared, errors.builtin.toExponential(2)],
        ['SLUICE_STDDEV_POP', rows, errors.compared, errors.ours.toExponential(2)],
        ['AVG (Flink; the middle band)', rows, errors.compared, errors.mean.toExponential(2)],
        ['z-score (AVG, SLUICE_STDDEV_POP)', rows, errors.compared, `${errors.zscore.toExponential(2)} (of max(1, |z|))`],
      ],
    );
    const source = `cost_ticks_${rows}`;
    await cluster.rows(sequenceTableDdl(source, rows));
    await cluster.rows("CREATE TEMPORARY TABLE `cost_sink` (seq BIGINT, sd DOUBLE) WITH ('connector' = 'blackhole')");
    const durations = { STDDEV_POP: [], SLUICE_STDDEV_POP: [] };
    for (let i = 0; i < pairs; i++) {
      const order = i % 2 === 0 ? ['STDDEV_POP', 'SLUICE_STDDEV_POP'] : ['SLUICE_STDDEV_POP', 'STDDEV_POP'];
      for (const fn of order) {
        const jobId = await cluster.submit(costInsert(source, 'cost_sink', fn));
        const ms = await finished(cluster.flink, jobId);
        durations[fn].push(ms);
        log(`pair ${i + 1}: ${fn} ${(ms / 1000).toFixed(1)} s`);
      }
    }
    const body = Object.entries(durations).map(([fn, ms]) => [fn, ms.map((m) => (m / 1000).toFixed(1)).join(', '), (median(ms) / 1000).toFixed(1), Math.round(rows / (median(ms) / 1000)).toLocaleString('en-US')]);
    const ratio = median(durations.SLUICE_STDDEV_POP) / median(durations.STDDEV_POP);
    const load = os.loadavg().map((l) => l.toFixed(2)).join(' ');
    process.stdout.write(
      `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${load}\n\n` +
        `Accuracy: 20-row sliding window, one key, prices near 10,000 in cents\n${table1}\n\n` +
        `Cost: the same window into a blackhole sink, job duration (${pairs} pairs, order alternating)\n` +
        `${table(['function', 'durations s', 'median s', 'rows/s'], body)}\n` +
        `SLUICE_STDDEV_POP / STDDEV_POP duration: ${ratio.toFixed(2)}x\n`,
    );
  } finally {
    await cluster.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
