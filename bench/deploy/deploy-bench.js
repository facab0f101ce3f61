#!/usr/bin/env node
// `sluice deploy` and `sluice validate` vs Flink's own SQL client on the same cluster and the same
// script: medians of 5 runs each, interleaved, with ratios (ours / anchor; < 1 means sluice is faster).
//
//   deploy:   `sluice deploy` (plan + submit + wait for RUNNING) vs `sql-client.sh gateway -f script.sql`
//             plus waiting for the same job to be RUNNING (the client returns once the job is submitted;
//             its submit-only time is printed too).
//   validate: `sluice validate` (SQL Gateway EXPLAIN) vs `sql-client.sh gateway -f` with the script's INSERT
//             as EXPLAIN PLAN FOR; `sluice validate --offline` (plan tool, no cluster) as an extra row.
//
// Both sides are cold processes (node vs JVM), as a user or CI runs them. The Flink home comes from
// @sluice/stack (its artifact cache). Needs a running stack (npm run stack:up) and npm run build.
// Usage: npm run bench:deploy   [SLUICE_BENCH_RUNS=5]
'use strict';

const { spawn } = require('node:child_process');
const { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { randomBytes } = require('node:crypto');

const REPO = resolve(__dirname, '..', '..');
const stack = require(join(REPO, 'packages', 'stack', 'dist'));
const { FlinkRestClient } = require(join(REPO, 'packages', 'flink-client', 'dist'));
const BIN = join(REPO, 'packages', 'cli', 'dist', 'bin', 'sluice.js');
const RUNS = Number(process.env.SLUICE_BENCH_RUNS || 5);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(cmd, args, options = {}) {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
  });
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function liveJob(flink, name) {
  const { jobs } = await flink.getJobsOverview();
  return jobs.find((j) => j.name === name && !['CANCELED', 'FINISHED', 'FAILED'].includes(j.state));
}

// Polls /jobs/overview, as `sluice deploy` does: GET /jobs/:id is served from a cache that lives
// web.refresh-interval (3 s), which would add up to 3 s to the anchor's time.
async function waitRunning(flink, name, deadline = Date.now() + 120_000) {
  for (;;) {
    const job = await liveJob(flink, name);
    if (job !== undefined && job.state === 'RUNNING' && job.tasks.total > 0 && job.tasks.running === job.tasks.total) return job.jid;
    if (Date.now() > deadline) throw new Error(`${name} not RUNNING after 120 s`);
    await sleep(50);
  }
}

async function cancelNamed(flink, name) {
  const job = await liveJob(flink, name);
  if (job === undefined) return;
  await flink.cancelJob(job.jid);
  await flink.waitForJobStatus(job.jid, ['CANCELED', 'FAILED', 'FINISHED'], { timeoutMs: 60_000 });
  // A slot is freed a little after the job reads CANCELED; without this pause whichever side runs
  // right after a cancel would wait for it (node starts faster than the JVM, so that would be sluice).
  await sleep(3000);
}

async function main() {
  const options = stack.resolveStackOptions({});
  const endpoints = process.env.SLUICE_FLINK_REST_URL ? { kafkaBrokers: process.env.SLUICE_KAFKA_BROKERS.split(','), flinkRestUrl: process.env.SLUICE_FLINK_REST_URL, sqlGatewayUrl: process.env.SLUICE_SQL_GATEWAY_URL } : stack.endpointsOf(options);
  const { flinkHome } = await stack.fetchArtifacts(options);
  const sqlClient = join(flinkHome, 'bin', 'sql-client.sh');
  const gatewayEndpoint = new URL(endpoints.sqlGatewayUrl).host;
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });

  // The example project with one signal (the stateful running count), unique names on the shared stack.
  const id = randomBytes(3).toString('hex');
  const project = `bench_${id}`;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  cpSync(join(REPO, 'examples', 'cli-demo', 'signals'), join(dir, 'signals'), { recursive: true });
  unlinkSync(join(dir, 'signals', 'pages-per-minute.ts'));
  for (const f of ['clicks.ts', 'clicks-per-user.ts']) {
    const p = join(dir, 'signals', f);
    writeFileSync(p, readFileSync(p, 'utf8').replace(/cli-demo\./g, `bench-${id}.`).replace(/sluice\.cli_demo\./g, `sluice.${project}.`));
  }
  writeFileSync(join(dir, 'sluice.yaml'), `project: ${project}\nsignals: [signals]\nflink:\n  restUrl: ${endpoints.flinkRestUrl}\n  sqlGatewayUrl: ${endpoints.sqlGatewayUrl}\nkafka:\n  brokers: ${endpoints.kafkaBrokers.join(',')}\n`);
  const sluice = (...args) => run(process.execPath, [BIN, ...args], { cwd: dir });
  const jobName = `sluice.${project}.clicks_per_user`;

  try {
    // Warm-up (not timed): creates the topics, so every timed run does the same work.
    const warm = await sluice('deploy');
    if (warm.code !== 0) throw new Error(`sluice deploy failed:\n${warm.out}`);
    await cancelNamed(flink, jobName);
    const script = (await sluice('sql', 'clicks_per_user')).out;
    const scriptFile = join(dir, 'script.sql');
    writeFileSync(scriptFile, script);
    const explainFile = join(dir, 'explain.sql');
    writeFileSync(explainFile, script.replace(/^INSERT INTO/m, 'EXPLAIN PLAN FOR INSERT INTO'));

    const t = { deploy: [], client: [], clientSubmit: [], validate: [], explain: [], offline: [] };
    for (let i = 0; i < RUNS; i++) {
      const d = await sluice('deploy');
      if (d.code !== 0) throw new Error(`sluice deploy failed:\n${d.out}`);
      t.deploy.push(d.ms);
      await cancelNamed(flink, jobName);

      const started = Date.now();
      const c = await run(sqlClient, ['gateway', '--endpoint', gatewayEndpoint, '-f', scriptFile], { cwd: dir });
      if (c.code !== 0 || /\[ERROR\]/.test(c.out)) throw new Error(`sql-client failed:\n${c.out}`);
      t.clientSubmit.push(c.ms);
      await waitRunning(flink, jobName);
      t.client.push(Date.now() - started);
      await cancelNamed(flink, jobName);

      const v = await sluice('validate');
      if (v.code !== 0) throw new Error(`sluice validate failed:\n${v.out}`);
      t.validate.push(v.ms);
      const e = await run(sqlClient, ['gateway', '--endpoint', gatewayEndpoint, '-f', explainFile], { cwd: dir });
      if (e.code !== 0 || !/Optimized Execution Plan/.test(e.out)) throw new Error(`sql-client EXPLAIN failed:\n${e.out}`);
      t.explain.push(e.ms);
      const o = await sluice('validate', '--offline');
      if (o.code !== 0) throw new Error(`sluice validate --offline failed:\n${o.out}`);
      t.offline.push(o.ms);
    }

    const row = (name, ours, anchorName, anchor) => [name, `${median(ours).toFixed(0)} ms`, anchorName, `${median(anchor).toFixed(0)} ms`, `${(median(ours) / median(anchor)).toFixed(2)}x`];
    const rows = [
      ['what', 'sluice (median)', 'anchor', 'anchor (median)', 'ratio'],
      row('deploy -> RUNNING', t.deploy, 'sql-client -f + RUNNING', t.client),
      row('deploy -> RUNNING', t.deploy, 'sql-client -f (submit only)', t.clientSubmit),
      row('validate (gateway)', t.validate, 'sql-client -f EXPLAIN', t.explain),
      row('validate --offline', t.offline, 'sql-client -f EXPLAIN', t.explain),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    console.log(`\nsluice vs Flink ${flinkHome.split('/').pop()} sql-client (gateway mode, ${gatewayEndpoint}); medians of ${RUNS}; one signal (clicks_per_user)\n`);
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
    console.log(`\nraw ms: ${JSON.stringify(Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.map((x) => Math.round(x))])))}`);
  } finally {
    await cancelNamed(flink, jobName).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
