#!/usr/bin/env node
// npm run bench:dashboard (issue 19, must-show 3): the dashboard with 20 signals and 1,000 rows/s in.
// On the local stack (started if needed), the output topics of 20 signals (10 keys each) get 50 rows/s
// each, produced by this script with each signal's own row schema: the stack has 4 task slots, not 20, and
// the dashboard reads a signal's topic the same whoever writes it (its job cards read NOT_DEPLOYED). The
// dashboard (in this process) consumes them with consume(signal) and pushes them to a page in Debian's
// chromium (playwright-core). Every minute it prints: rows the dashboard consumed, points it holds (capped),
// this process's RSS and heap, and the page's JS heap (CDP Performance.getMetrics) and frame times
// (requestAnimationFrame intervals over the last 5 s: median, p95, max). Asserts nothing.
//
//   SLUICE_DASHBOARD_BENCH_MINUTES (default 10), SLUICE_DASHBOARD_BENCH_RATE (rows/s, default 1000),
//   SLUICE_DASHBOARD_BENCH_SIGNALS (default 20), SLUICE_CHROMIUM (default /usr/bin/chromium)
'use strict';
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');
const { markdownTable: table } = require('../markdown-table');

const minutes = Number(process.env.SLUICE_DASHBOARD_BENCH_MINUTES ?? 10);
const rate = Number(process.env.SLUICE_DASHBOARD_BENCH_RATE ?? 1000);
const count = Number(process.env.SLUICE_DASHBOARD_BENCH_SIGNALS ?? 20);
const chromiumPath = process.env.SLUICE_CHROMIUM ?? '/usr/bin/chromium';
const KEYS = 10;

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
const pct = (xs, p) => (xs.length === 0 ? 0 : [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]);

async function main() {
  const { stackUp } = require('@sluice/stack');
  const { createContext, resolveConfig } = require('@sluice/deploy');
  const { kafka, schema, signal, t } = require('@sluice/dsl');
  const { dashboard } = require('@sluice/dashboard');
  const { chromium } = require('playwright-core');
  const log = (line) => process.stderr.write(`[dashboard bench] ${line}\n`);

  const up = await stackUp();
  const id = randomBytes(3).toString('hex');
  const Row = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), ts: t.timestampLtz(3) });
  const signals = Array.from({ length: count }, (_, i) => {
    const src = kafka.source(`in_${i}`, Row, { topic: `dashbench-${id}.in${i}` });
    return signal(`bench_${i}`).from(src).to(kafka.sink(`dashbench-${id}.out${i}`));
  });
  const stateDir = mkdtempSync(join(tmpdir(), 'sluice-dashboard-bench-'));
  const config = resolveConfig(
    { project: `dashbench_${id}`, signals: '.', flink: { restUrl: up.endpoints.flinkRestUrl, sqlGatewayUrl: up.endpoints.sqlGatewayUrl, version: '2.2' }, kafka: { brokers: [...up.endpoints.kafkaBrokers] }, stateDir },
    { configFile: join(stateDir, 'sluice.config.ts') },
  );
  const project = { config, signals, modules: {} };
  const ctx = createContext(project);
  await ctx.kafka().topics.apply(signals.map((s) => ({ name: s.sink.topic, partitions: 1 })));
  const board = await dashboard(project, { context: ctx, from: 'latest' });
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(board.url);
  await page.waitForFunction(() => JSON.parse(document.getElementById('state').textContent).connected === true);
  await page.evaluate(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (now) => {
      window.__frames.push(now - last);
      if (window.__frames.length > 2000) window.__frames.splice(0, 1000);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });

  const producers = await Promise.all(signals.map((s) => ctx.kafka().producer({ topic: s.sink.topic, schema: Row, key: ['symbol'] })));
  log(`${count} signals, ${rate} rows/s for ${minutes} min; page ${board.url}`);
  let produced = 0;
  let sending = Promise.resolve();
  const perTick = rate / 10; // every 100 ms
  let carry = 0;
  const price = Array.from({ length: count * KEYS }, () => 100);
  const tick = setInterval(() => {
    carry += perTick;
    const n = Math.floor(carry);
    carry -= n;
    const now = Date.now();
    const batches = signals.map(() => []);
    for (let k = 0; k < n; k++) {
      const i = (produced + k) % count;
      const key = Math.floor((produced + k) / count) % KEYS;
      const p = (price[i * KEYS + key] += Math.sin(produced + k) * 0.1);
      batches[i].push({ symbol: `K${key}`, price: p, qty: BigInt(1 + (k % 7)), ts: new Date(now) });
    }
    produced += n;
    sending = sending.then(() => Promise.all(producers.map((pr, i) => (batches[i].length === 0 ? undefined : pr.send(batches[i]))))).catch((e) => log(`produce failed: ${e.message}`));
  }, 100);

  const rows = [];
  const sample = async (minute) => {
    const frames = await page.evaluate(() => window.__frames.splice(0));
    const recent = frames.slice(-300); // about the last 5 s at 60 frames/s
    const metrics = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const snap = board.snapshot();
    const consumed = snap.signals.reduce((a, s) => a + s.rows, 0);
    const held = snap.signals.reduce((a, s) => a + Object.values(s.series).reduce((b, pts) => b + pts.length, 0), 0);
    const mem = process.memoryUsage();
    const row = [minute, produced, consumed, held, mb(mem.rss), mb(mem.heapUsed), mb(metrics.JSHeapUsedSize ?? 0), pct(recent, 0.5).toFixed(1), pct(recent, 0.95).toFixed(1), Math.max(0, ...recent).toFixed(1), metrics.Nodes ?? '-'];
    rows.push(row);
    log(row.join('  '));
  };
  for (let m = 1; m <= minutes; m++) {
    await new Promise((r) => setTimeout(r, 60_000));
    await sample(m);
  }
  clearInterval(tick);
  await sending;
  await page.screenshot({ path: join(__dirname, '..', '..', '.sluice', 'screenshots', 'dashboard-bench.png') }).catch(() => undefined);
  await Promise.all(producers.map((p) => p.close().catch(() => undefined)));
  await browser.close();
  await board.close();
  await ctx.kafka().topics.delete(signals.map((s) => s.sink.topic)).catch(() => undefined);
  await ctx.close();
  process.stdout.write(
    `\nDashboard with ${count} signals x ${KEYS} keys, ${rate} rows/s in (history cap 500 points per key: at most ${count * KEYS * 500} points)\n` +
      table(['min', 'rows produced', 'rows consumed', 'points held', 'server RSS MB', 'server heap MB', 'page JS heap MB', 'frame p50 ms', 'frame p95 ms', 'frame max ms', 'DOM nodes'], rows) +
      '\n',
  );
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
