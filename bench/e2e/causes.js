// Measured causes for bench:e2e (issue 17): while a job reads its backlog, what its vertices spend their time
// on, from Flink's REST API: busy / backpressured / idle ms per second per vertex (the max of the polls, as
// Flink's gauges average over a few seconds), and the on-CPU flame graph of the bottleneck vertex
// (/jobs/:jobid/vertices/:vertexid/flamegraph?type=ON_CPU, needs rest.flamegraph.enabled, which the stack
// sets), reduced to the frames with the most self samples: the code the vertex's threads were running.
// Asked through the project's own FlinkRestClient (ctx.flink). Also CPU seconds per process (from /proc),
// to show where the cores went.
const { readFileSync } = require('node:fs');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const TIME_METRICS = ['busyTimeMsPerSecond', 'backPressuredTimeMsPerSecond', 'idleTimeMsPerSecond'];

/** Busy/backpressured/idle ms per second of each vertex now (max over its subtasks). */
async function vertexTimes(flink, jobId) {
  const job = await flink.jobs.getJobDetails(jobId);
  const out = [];
  for (const vertex of job.vertices ?? []) {
    const metrics = await flink.vertices.getAggregatedSubtaskMetrics(jobId, vertex.id, { get: TIME_METRICS, agg: ['max'] }).catch(() => []);
    const value = (name) => {
      const m = metrics.find((x) => x.id === name);
      return typeof m?.max === 'number' && Number.isFinite(m.max) ? m.max : Number.NaN;
    };
    out.push({ id: vertex.id, name: vertex.name, parallelism: vertex.parallelism, busy: value('busyTimeMsPerSecond'), backpressured: value('backPressuredTimeMsPerSecond'), idle: value('idleTimeMsPerSecond') });
  }
  return out;
}

/** Self samples per frame name over a flame graph tree; the top `n` with their share of all samples. */
function topSelfFrames(root, n = 5) {
  const self = new Map();
  const total = root?.value ?? 0;
  const walk = (node) => {
    const children = node.children ?? [];
    const own = node.value - children.reduce((s, c) => s + c.value, 0);
    if (own > 0 && node !== root) self.set(node.name, (self.get(node.name) ?? 0) + own);
    for (const c of children) walk(c);
  };
  if (root !== undefined) walk(root);
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([frame, samples]) => ({ frame, samples, share: total > 0 ? samples / total : Number.NaN }));
}

/** Waits for a vertex's ON_CPU flame graph (Flink samples for a few seconds after the first request). */
async function flameGraph(flink, jobId, vertexId, until) {
  let last;
  while (Date.now() < until) {
    last = await flink.vertices.getJobVertexFlameGraph(jobId, vertexId, { type: 'ON_CPU' }).catch((e) => ({ error: String(e) }));
    if (last.endTimestamp === -2) return { status: 'disabled (rest.flamegraph.enabled is off: restart the stack)' };
    if (last.endTimestamp === -1) return { status: 'job terminated before samples' };
    if (typeof last.endTimestamp === 'number' && last.endTimestamp > 0 && last.data !== undefined) return { status: 'ok', samples: last.data.value, top: topSelfFrames(last.data) };
    await sleep(500);
  }
  return { status: `no flame graph in time (${last?.error ?? `endTimestamp ${String(last?.endTimestamp)}`})` };
}

/**
 * The vertex that limits the job: the busiest of those not back-pressured half the time or more (a
 * back-pressured vertex is busy because one downstream cannot keep up: the indicators' source was 100% busy
 * and 100% back-pressured while its OVER aggregation was the limit); the busiest of all when every one is.
 */
function bottleneck(vertices) {
  const busy = vertices.filter((v) => Number.isFinite(v.busy)).sort((a, b) => b.busy - a.busy);
  return busy.find((v) => !(v.backpressured >= 500)) ?? busy[0];
}

/**
 * Starts probing a job: vertex times every second; once the job has run `flameAfterMs` and `steady()` says
 * so (e.g. a fifth of the backlog read: the first seconds of a job are class loading and code generation),
 * the flame graph of the bottleneck vertex so far. `stop()` ends the polls and waits (at most `graceMs`) for it.
 */
function probeJob(flink, jobId, { flame: withFlame = true, flameAfterMs = 1500, graceMs = 30_000, steady = async () => true } = {}) {
  const started = Date.now();
  const peaks = new Map();
  let stopped = false;
  let flame;
  const poll = (async () => {
    while (!stopped) {
      const times = await vertexTimes(flink, jobId).catch(() => []);
      for (const t of times) {
        const p = peaks.get(t.id) ?? { ...t, busy: Number.NaN, backpressured: Number.NaN, idle: Number.NaN };
        const max = (a, b) => (Number.isFinite(b) && !(a >= b) ? b : a);
        peaks.set(t.id, { ...p, busy: max(p.busy, t.busy), backpressured: max(p.backpressured, t.backpressured), idle: max(p.idle, t.idle) });
      }
      const limit = bottleneck([...peaks.values()]);
      if (withFlame && flame === undefined && limit !== undefined && limit.busy > 0 && Date.now() - started >= flameAfterMs && (await steady().catch(() => false))) {
        flame = flameGraph(flink, jobId, limit.id, Date.now() + 60_000).then((f) => ({ vertex: limit.name, ...f }));
      }
      await sleep(1000);
    }
  })();
  return {
    async stop() {
      stopped = true;
      await poll;
      const vertices = [...peaks.values()];
      const limit = bottleneck(vertices);
      const graph = !withFlame ? { status: 'not sampled' } : flame === undefined ? { status: 'no busy vertex seen' } : await Promise.race([flame, sleep(graceMs).then(() => ({ status: 'flame graph not ready in time' }))]);
      return { vertices, bottleneck: limit, flame: graph };
    },
  };
}

/** `Source: ticks[1] -> Calc[2] -> ...` shortened to its first and last operators. */
function shortVertex(name) {
  const ops = String(name ?? '?').split(' -> ').map((s) => s.replace(/\[\d+\]/g, '').replace(/\(.*$/, '').trim());
  return ops.length <= 2 ? ops.join(' -> ') : `${ops[0]} -> ... -> ${ops[ops.length - 1]} (${ops.length} ops)`;
}

/** A Java frame shortened to Class.method. */
function shortFrame(frame) {
  const m = /([A-Za-z0-9_$/]+)\.([A-Za-z0-9_$<>]+)(?::-?\d+)?$/.exec(frame);
  return m === null ? frame : `${m[1]}.${m[2]}`;
}

const pct = (msPerSecond) => (Number.isFinite(msPerSecond) ? `${Math.round(msPerSecond / 10)}%` : 'n/a');

/** One table row of a probe's result. */
function causeRow(label, result) {
  const b = result.bottleneck;
  const top = result.flame.status === 'ok' ? result.flame.top.map((f) => `${shortFrame(f.frame)} ${(f.share * 100).toFixed(0)}%`).join('; ') : result.flame.status;
  // The flame graph is of the bottleneck when it was asked for (a fifth into the backlog); say so when that differs.
  const frames = result.flame.vertex !== undefined && result.flame.vertex !== b?.name ? `(of ${shortVertex(result.flame.vertex)}) ${top}` : top;
  return [label, b === undefined ? 'n/a' : shortVertex(b.name), b === undefined ? 'n/a' : pct(b.busy), b === undefined ? 'n/a' : pct(b.backpressured), result.flame.samples ?? '', frames];
}

const CAUSE_HEADER = ['job', 'bottleneck vertex (busiest not back-pressured)', 'busy (max)', 'backpressured (max)', 'on-CPU samples', 'top on-CPU frames (self samples / all)'];

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; NaN without /proc. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after "pid (comm) ".
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Total CPU seconds of the machine (all cores, busy and idle) and its busy part, from /proc/stat. */
function machineCpu() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = (line[3] ?? 0) + (line[4] ?? 0);
    const total = line.reduce((s, v) => s + v, 0);
    return { total: total / 100, busy: (total - idle) / 100 };
  } catch {
    return { total: Number.NaN, busy: Number.NaN };
  }
}

/**
 * CPU use of named processes between `start()` and `stop()`: cores used by each (CPU s / wall s), and the
 * machine's busy share, so a run that stops scaling shows whether the cores ran out.
 */
function cpuMeter(processes) {
  let before;
  return {
    start() {
      before = { at: Date.now(), machine: machineCpu(), per: processes.map((p) => cpuSeconds(p.pid)) };
    },
    stop() {
      const wall = (Date.now() - before.at) / 1000;
      const machine = machineCpu();
      const per = processes.map((p, i) => ({ name: p.name, cores: (cpuSeconds(p.pid) - (before.per[i] ?? Number.NaN)) / wall }));
      const machineBusy = (machine.busy - before.machine.busy) / (machine.total - before.machine.total);
      return { wall, per, machineBusy };
    },
  };
}

module.exports = { probeJob, causeRow, CAUSE_HEADER, topSelfFrames, shortVertex, shortFrame, cpuMeter, cpuSeconds, vertexTimes };
