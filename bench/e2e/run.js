#!/usr/bin/env node
// npm run bench:e2e (issue 17): the pipeline from a Kafka topic through a deployed signal to a typed row in
// the app, on the local stack (started if needed). One run prints:
//   1. max sustained throughput over a backlog (SLUICE_E2E_BACKLOG ticks, default 2,000,000, SLUICE_E2E_SYMBOLS
//      symbols, default 100), read from Flink's source metric, per signal: Sluice's compiled job and the same
//      signal written by hand with Flink's defaults (sql-client.sh -f), against Kafka's ConsumerPerformance over
//      the same topic (the pipe's limit);
//   2. produce -> consume(signal) latency, the live load produced by a process of its own
//      (live-load-process.js), at a share of min(the signal's own max from part 1, what that load reaches
//      alone): the filter at 25%, 50% and 80% at-least-once and at 50% exactly-once with each checkpoint
//      interval of SLUICE_E2E_CHECKPOINTS (default '1 s,5 s'); the other signals at 50% at-least-once, HOP also
//      exactly-once (VWAP and HOP from the watermark passing their windows' end); SLUICE_E2E_LATENCY_SECONDS
//      each (default 60).
// Signals (SLUICE_E2E_SIGNALS, default all): filter, vwap, indicators, cep, hop (see pipeline-bench.ts).
//      Windowed latency (bench/e2e/windowed-latency.js) runs until SLUICE_E2E_WINDOW_CLOSINGS window ends
//      (default 3) passed after the warm-up, so VWAP 1 min runs longer than SLUICE_E2E_LATENCY_SECONDS.
//      Every job reads the backlog twice: the first run for its causes, the second for its records/s.
//      Per throughput job, the measured causes (bench/e2e/causes.js): busy/backpressured ms/s of its
//      bottleneck vertex (the busiest not back-pressured) and the top on-CPU frames of that vertex's flame
//      graph, sampled from a fifth of the backlog on (needs rest.flamegraph.enabled: the stack sets it; a
//      stack started before needs a restart).
//   3. scale: VWAP over one backlog in max(SLUICE_E2E_SCALE) partitions at each parallelism of SLUICE_E2E_SCALE
//      (default 1,2,4), SLUICE_E2E_SCALE_ROUNDS rounds interleaved (default 2: 1,2,4,1,2,4), on a Flink of its
//      own with two TaskManagers (JobManager, SQL Gateway and 2 TaskManagers of SLUICE_E2E_SCALE_SLOTS slots,
//      default 2, and SLUICE_E2E_SCALE_TM_MEMORY, default 2048m, on free ports, reading the main stack's
//      Kafka; SLUICE_E2E_SCALE_STACK=main uses the main stack instead, which must then run with
//      `sluice-stack up --taskmanagers 2`), with the cores each process used (CPU s / wall s from /proc);
//      4. keys: VWAP at parallelism 1 over a backlog of each symbol count of SLUICE_E2E_KEYS
//      (default 10,100000). Scale and keys runs checkpoint every 5 s, to report the state size; every run
//      reports the TaskManager heap after it.
// SLUICE_E2E_PARALLELISM (default 1) sets parallelism and partitions of parts 1 and 2; SLUICE_E2E_PARTS picks
// parts (default throughput,latency,scale,keys). Asserts nothing.
const { join } = require('node:path');
const os = require('node:os');
const { createJiti } = require('jiti');
const { markdownTable: table } = require('../markdown-table');
const { probeJob, causeRow, CAUSE_HEADER, cpuMeter } = require('./causes');
const { measureWindowedLatency, windowedRunSeconds } = require('./windowed-latency');
const { liveLoadInChild } = require('./live-load-process');

const jiti = createJiti(__filename);
const backlog = Number(process.env.SLUICE_E2E_BACKLOG ?? 2_000_000);
const symbols = Number(process.env.SLUICE_E2E_SYMBOLS ?? 100);
const seconds = Number(process.env.SLUICE_E2E_LATENCY_SECONDS ?? 60);
const parallelism = Number(process.env.SLUICE_E2E_PARALLELISM ?? 1);
const checkpoints = (process.env.SLUICE_E2E_CHECKPOINTS ?? '1 s,5 s').split(',');
const signals = (process.env.SLUICE_E2E_SIGNALS ?? 'filter,vwap,indicators,cep,hop').split(',');
const parts = (process.env.SLUICE_E2E_PARTS ?? 'throughput,latency,scale,keys').split(',');
const scale = (process.env.SLUICE_E2E_SCALE ?? '1,2,4').split(',').map(Number);
const keyCounts = (process.env.SLUICE_E2E_KEYS ?? '10,100000').split(',').map(Number);
const windowClosings = Number(process.env.SLUICE_E2E_WINDOW_CLOSINGS ?? 3);
const scaleRounds = Number(process.env.SLUICE_E2E_SCALE_ROUNDS ?? 2);
const scaleStack = process.env.SLUICE_E2E_SCALE_STACK ?? 'own';
/** Window slide in seconds of the windowed bench signals: a window end passes that often. */
const SLIDE_SECONDS = { vwap: 60, hop: 10 };

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
  const { stackStatus, stackDown, freeStackPorts } = require('@sluice/stack');
  // A Flink of its own with two TaskManagers (free ports, own state dir, flame graphs on) reading the main
  // stack's Kafka: for the scale part, and for every part with SLUICE_E2E_FLINK=own.
  let ownStarted;
  const ownFlink = () => {
    ownStarted ??= (async () => {
      const fs = require('node:fs/promises');
      const stateDir = await fs.mkdtemp(join(os.tmpdir(), 'sluice-e2e-flink-'));
      const options = {
        stateDir,
        ports: await freeStackPorts(),
        parts: ['jobmanager', 'taskmanager', 'sql-gateway'],
        taskManagers: 2,
        taskSlots: Number(process.env.SLUICE_E2E_SCALE_SLOTS ?? 2),
        memory: { jobmanager: '1024m', taskmanager: process.env.SLUICE_E2E_SCALE_TM_MEMORY ?? '2048m', sqlGateway: '512m' },
      };
      log(`starting a Flink with 2 TaskManagers in ${stateDir} ...`);
      cleanups.push({ close: async () => { await stackDown(options).catch(() => undefined); await fs.rm(stateDir, { recursive: true, force: true }); } });
      const started = await stackUp(options);
      return { options, endpoints: { ...endpoints, flinkRestUrl: started.endpoints.flinkRestUrl, sqlGatewayUrl: started.endpoints.sqlGatewayUrl } };
    })();
    return ownStarted;
  };
  // Flame graphs from a fifth of the backlog on: before, a job's threads load classes and generate code.
  const fifthRead = (ctx, jobId, count) => async () => (await h.sourceRecordsOut(ctx, jobId)) >= count * 0.2;
  const cancel = async (ctx, jobId) => ctx.flink.cancelJob(jobId).catch(() => undefined);
  // Each signal's max over the backlog: its latency runs' rates are shares of it.
  const maxBySignal = new Map();
  const causes = [];
  try {
    const flink = process.env.SLUICE_E2E_FLINK === 'own' ? await ownFlink() : undefined;
    // Where the jobs of the throughput, latency and keys parts run: the main stack's Flink, or SLUICE_E2E_FLINK=own.
    const ep = flink?.endpoints ?? endpoints;
    if (flink !== undefined) out.push(`Flink: a Flink of its own with 2 TaskManagers x ${flink.options.taskSlots} slots (${flink.options.memory.taskmanager} each); Kafka: the main stack's`, '');
    if (parts.includes('throughput')) {
      const first = await h.benchProject({ endpoints: ep, which: 'filter', startup: 'earliest-offset', partitions: parallelism, parallelism });
      cleanups.push(first);
      log(`producing ${k(backlog)} ticks ...`);
      const produced = await h.produceBacklog(first, backlog, symbols, parallelism);
      log(`produced at ${k(produced.perSecond)}/s`);
      const pipe = await javaConsumerPerf(first.input, backlog, endpoints.kafkaBrokers);
      const pipeRate = pipe.rowsPerSecond ?? Number.NaN;
      log(pipe.skipped ? `ConsumerPerformance skipped: ${pipe.skipped}` : `ConsumerPerformance ${k(pipeRate)}/s`);
      const rows = [['Kafka ConsumerPerformance (pipe limit)', k(pipeRate), '', '1.00x', '', '']];
      // Each job reads the backlog twice: first sampled for its causes (flame graph, busy and back-pressure),
      // then measured without flame graphs, whose thread dumps every 20 ms slowed the filter (352k vs 468k/s
      // in one pair); the first pass also warms the TaskManager's JIT for the second.
      const backlogRun = async (ctx, deployJob, flame) => {
        const started = Date.now();
        const jobId = await deployJob();
        const probe = probeJob(ctx.flink, jobId, { steady: fifthRead(ctx, jobId, backlog), flame });
        const through = await h.measureThroughput(ctx, jobId, backlog, started);
        const probed = await probe.stop();
        const heap = await h.taskManagerHeapMiB(ctx);
        await cancel(ctx, jobId);
        return { through, probed, heap };
      };
      const sampled = (label, r) => causes.push(causeRow(`${label} (${k(r.through.perSecond)}/s sampled)`, r.probed));
      for (const which of signals) {
        const project = async () => {
          const p = await h.benchProject({ endpoints: ep, which, startup: 'earliest-offset', input: first.input, partitions: parallelism, parallelism });
          cleanups.push(p);
          return p;
        };
        const a = await project();
        sampled(`${which}: Sluice`, await backlogRun(a.ctx, () => h.deploy(a), true));
        const b = await project();
        const ours = await backlogRun(b.ctx, () => h.deploy(b), false);
        log(`${which} (Sluice): ${k(ours.through.perSecond)}/s`);
        maxBySignal.set(which, ours.through.perSecond);
        let hand;
        if (which === 'filter' || which === 'vwap') {
          const submit = async () => (await h.submitHandWritten(flink?.options ?? {}, ep, which, first.input, parallelism)).jobId;
          sampled(`${which}: hand-written`, await backlogRun(b.ctx, submit, true));
          hand = (await backlogRun(b.ctx, submit, false)).through;
          log(`${which} (hand-written): ${k(hand.perSecond)}/s`);
        }
        rows.push([`${which}: Sluice`, k(ours.through.perSecond), `${(ours.through.totalMs / 1000).toFixed(1)} s`, x(ours.through.perSecond, pipeRate), hand ? x(ours.through.perSecond, hand.perSecond) : '', k(ours.heap)]);
        if (hand) rows.push([`${which}: hand-written, Flink defaults`, k(hand.perSecond), `${(hand.totalMs / 1000).toFixed(1)} s`, x(hand.perSecond, pipeRate), '1.00x', '']);
      }
      out.push(`Throughput over the backlog (records/s read by the job's Kafka source, 10%..90% of the backlog; the second of two runs, without flame graphs)`);
      out.push(table(['job', 'records/s', 'deploy to last record', '/ pipe limit', 'Sluice / hand-written', 'TM heap after, MiB'], rows), '');
      out.push(`Measured causes, from each job's first run over the backlog (its records/s while sampled beside it): the bottleneck vertex's (the busiest not back-pressured half the time) busy and backpressured ms/s (max of 1 s polls; Flink's gauges average a few seconds), and the frames its threads ran most in Flink's ON_CPU flame graph (self samples)`);
      out.push(table(CAUSE_HEADER, causes), '');
    }
    if (parts.includes('latency')) {
      const rows = [];
      const windowedRows = [];
      // What the live load reaches alone, in its own process (full batches back to back for 5 s).
      const probe = await h.benchProject({ endpoints: ep, which: 'filter', startup: 'latest-offset', partitions: parallelism, parallelism });
      cleanups.push(probe);
      await probe.ctx.kafka().topics.apply([{ name: probe.input, partitions: parallelism }]);
      const probeStarted = Date.now();
      const probed = await liveLoadInChild({ brokers: probe.brokers, topic: probe.input, rate: 1e9, seconds: 5, symbols }, () => undefined);
      const loadMax = probed.produced / ((Date.now() - probeStarted) / 1000);
      log(`live load alone: ${k(loadMax)} ticks/s (its own process, 5 s, startup included)`);
      out.push(`Live load: Sluice's typed producer in a process of its own reached ${k(loadMax)} ticks/s alone (5 s, process start included); a latency run's rate is its share of min(the signal's max over the backlog, that)`, '');
      const runs = [
        { which: 'filter', share: 0.25, delivery: 'at-least-once' },
        { which: 'filter', share: 0.5, delivery: 'at-least-once' },
        { which: 'filter', share: 0.8, delivery: 'at-least-once' },
        ...checkpoints.map((interval) => ({ which: 'filter', share: 0.5, delivery: 'exactly-once', interval })),
        { which: 'vwap', share: 0.5, delivery: 'at-least-once' },
        { which: 'hop', share: 0.5, delivery: 'at-least-once' },
        ...checkpoints.slice(0, 1).map((interval) => ({ which: 'hop', share: 0.5, delivery: 'exactly-once', interval })),
        { which: 'indicators', share: 0.5, delivery: 'at-least-once' },
        { which: 'cep', share: 0.5, delivery: 'at-least-once' },
      ].filter((r) => signals.includes(r.which));
      for (const run of runs) {
        const project = await h.benchProject({ endpoints: ep, which: run.which, startup: 'latest-offset', partitions: parallelism, parallelism, delivery: run.delivery, checkpointInterval: run.interval });
        cleanups.push(project);
        await project.ctx.kafka().topics.apply([{ name: project.input, partitions: parallelism }]);
        const jobId = await h.deploy(project);
        // Without part 1 (SLUICE_E2E_PARTS), SLUICE_E2E_MAX_RATE stands in for the signal's max.
        const measured = maxBySignal.get(run.which);
        const signalMax = measured ?? Number(process.env.SLUICE_E2E_MAX_RATE ?? 20_000);
        const base = Math.min(signalMax, loadMax);
        const rate = Math.round(base * run.share);
        const of = base === loadMax ? 'load max' : measured === undefined ? 'SLUICE_E2E_MAX_RATE' : 'signal max';
        const target = `${Math.round(run.share * 100)}% of ${k(base)} (${of}) = ${k(rate)}/s`;
        const sink = run.delivery + (run.interval === undefined ? '' : ` (checkpoint ${run.interval})`);
        const slide = SLIDE_SECONDS[run.which];
        if (slide !== undefined) {
          const runSeconds = windowedRunSeconds(seconds, slide, windowClosings, 5);
          log(`latency ${run.which} ${sink} at ${k(rate)}/s for ${runSeconds} s (${windowClosings} window ends) ...`);
          const lat = await measureWindowedLatency(h, project, { rate, seconds: runSeconds, symbols, warmupSeconds: 5, load: liveLoadInChild });
          await cancel(project.ctx, jobId);
          windowedRows.push([
            run.which,
            sink,
            target,
            k(lat.produced / runSeconds),
            runSeconds,
            lat.closings,
            k(lat.samples),
            k(lat.p50),
            k(lat.p95),
            k(lat.p99),
            k(lat.max),
            `${k(lat.flush.samples)} rows: p50 ${k(lat.flush.p50)}, max ${k(lat.flush.max)}`,
          ]);
          continue;
        }
        log(`latency ${run.which} ${sink} at ${k(rate)}/s for ${seconds} s ...`);
        const lat = await h.measureLatency(project, { rate, seconds, symbols, warmupSeconds: 5, load: liveLoadInChild });
        await cancel(project.ctx, jobId);
        rows.push([run.which, sink, target, k(lat.produced / seconds), k(lat.samples), k(lat.p50), k(lat.p95), k(lat.p99), k(lat.max)]);
      }
      if (rows.length > 0) {
        out.push(`Latency in ms, per event: produce -> typed row from consume(signal), ${seconds} s a run (the first 5 s left out)`);
        out.push(table(['signal', 'sink', 'target rate', 'produced/s', 'samples', 'p50', 'p95', 'p99', 'max'], rows), '');
      }
      if (windowedRows.length > 0) {
        out.push(
          "Windowed latency in ms: the watermark passing the window's end (the send of the first tick with event time >= window_end + 999 ms, as the sources' watermark is ts - 1 s) -> typed row from consume(signal); rows of window ends after a 5 s warm-up; the closing tick (event time 5 min 10 s ahead, sent after the live run) closes the open windows at once: its rows apart",
        );
        out.push(table(['signal', 'sink', 'target rate', 'produced/s', 'run s', 'window ends', 'samples', 'p50', 'p95', 'p99', 'max', 'closed by the closing tick'], windowedRows), '');
      }
    }
    // One VWAP run over an existing backlog: throughput, state size of its last checkpoint, heap after; with
    // `meter`, the cores each process used while the job read, and the bottleneck vertex's busy ratio.
    const vwapRun = async (input, p, count, partitions, ep0 = ep, meter) => {
      const project = await h.benchProject({ endpoints: ep0, which: 'vwap', startup: 'earliest-offset', input, partitions, parallelism: p, checkpointInterval: '5 s' });
      cleanups.push(project);
      const started = Date.now();
      const jobId = await h.deploy(project);
      const probe = probeJob(project.ctx.flink, jobId, { steady: fifthRead(project.ctx, jobId, count) });
      meter?.start();
      const through = await h.measureThroughput(project.ctx, jobId, count, started);
      const cpu = meter?.stop();
      const probed = await probe.stop();
      // Let one more checkpoint complete with the whole backlog's state in it.
      await new Promise((r) => setTimeout(r, 6000));
      const state = await h.latestCheckpointMiB(project.ctx, jobId);
      const heap = await h.taskManagerHeapMiB(project.ctx);
      await cancel(project.ctx, jobId);
      return { through, state, heap, cpu, probed, bottleneck: probed.bottleneck };
    };
    if (parts.includes('scale')) {
      const maxP = Math.max(...scale);
      const own = scaleStack === 'own' ? await ownFlink() : undefined;
      const scaleOptions = own?.options;
      const scaleEndpoints = own?.endpoints ?? endpoints;
      const flinkStatus = await stackStatus(scaleOptions ?? {});
      const mainStatus = await stackStatus({});
      const tms = flinkStatus.parts.filter((q) => q.part === 'taskmanager' && q.running);
      const kafkaPid = mainStatus.parts.find((q) => q.part === 'kafka')?.pid;
      const processes = [...tms.map((q) => ({ name: q.name, pid: q.pid })), ...(kafkaPid === undefined ? [] : [{ name: 'kafka', pid: kafkaPid }]), { name: 'bench (node)', pid: process.pid }];
      const base = await h.benchProject({ endpoints, which: 'vwap', startup: 'earliest-offset', partitions: maxP, parallelism: 1 });
      cleanups.push(base);
      log(`scale: producing ${k(backlog)} ticks into ${maxP} partitions ...`);
      await h.produceBacklog(base, backlog, symbols, maxP);
      const rows = [];
      const scaleCauses = [];
      const byP = new Map();
      // Interleaved rounds (1, 2, 4, 1, 2, 4, ...): drift of the shared machine hits every parallelism alike.
      for (let round = 1; round <= scaleRounds; round++) {
        for (const p of scale) {
          const r = await vwapRun(base.input, p, backlog, maxP, scaleEndpoints, cpuMeter(processes));
          byP.set(p, [...(byP.get(p) ?? []), r.through.perSecond]);
          const load = os.loadavg()[0].toFixed(2);
          log(`scale: round ${round}, parallelism ${p}: ${k(r.through.perSecond)}/s, load ${load}`);
          const cores = r.cpu.per.map((q) => `${q.name} ${q.cores.toFixed(2)}`).join(', ');
          const busy = r.bottleneck === undefined ? 'n/a' : `${Math.round(r.bottleneck.busy / 10)}% / ${Math.round(r.bottleneck.backpressured / 10)}%`;
          scaleCauses.push(causeRow(`round ${round}, parallelism ${p}`, r.probed));
          rows.push([round, p, maxP, k(r.through.perSecond), cores, `${Math.round(r.cpu.machineBusy * 100)}%`, busy, load, r.state.toFixed(2), k(r.heap)]);
        }
      }
      const median = (v) => {
        const sorted = [...v].sort((a, b) => a - b);
        const mid = sorted.length >> 1;
        return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
      };
      const base1 = median(byP.get(scale[0]) ?? []);
      const summary = scale.map((p) => {
        const v = byP.get(p) ?? [];
        return [p, k(median(v)), `${k(Math.min(...v))} .. ${k(Math.max(...v))}`, x(median(v), base1)];
      });
      const where = scaleStack === 'own' ? `a Flink of its own with ${tms.length} TaskManagers x ${scaleOptions.taskSlots} slots (${scaleOptions.memory.taskmanager} each)` : `the main stack's Flink (${tms.length} TaskManager(s))`;
      out.push(`Scale: VWAP 1 min, ${symbols} symbols, ${where}, the main stack's Kafka; ${os.cpus().length} cores on the machine; ${scaleRounds} interleaved rounds`);
      out.push(table(['round', 'parallelism', 'partitions', 'records/s', 'cores used (CPU s / wall s)', 'machine busy', "bottleneck vertex busy / backpressured (max)", 'load 1 min', 'state MiB (last checkpoint)', 'TM heap after, MiB'], rows), '');
      out.push(table(['parallelism', 'median records/s', 'min .. max', `median / parallelism ${scale[0]}`], summary), '');
      out.push('Scale: measured causes (bottleneck vertex, its busy / backpressured ms/s, top ON_CPU frames of its flame graph)');
      out.push(table(CAUSE_HEADER, scaleCauses), '');
    }
    if (parts.includes('keys')) {
      const rows = [];
      for (const keys of keyCounts) {
        const base = await h.benchProject({ endpoints: ep, which: 'vwap', startup: 'earliest-offset', partitions: 1, parallelism: 1 });
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
    // Reverse order: projects close before the Flink they ran on stops.
    for (const p of cleanups.reverse()) await p.close().catch(() => undefined);
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
