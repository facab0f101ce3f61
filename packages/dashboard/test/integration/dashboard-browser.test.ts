import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { apply, createContext, plan, resolveConfig, type DeployContext } from '@sluice/deploy';
import { indicators, kafka, schema, signal, t, toTimestampLtz } from '@sluice/dsl';
import { testStackEndpoints } from '@sluice/stack';
import { dashboard, type Dashboard } from '@sluice/dashboard';

// Issue 19, must-show 1 and 2: two signals on the real stack, the dashboard in Debian's chromium. The page's
// #state (what it drew) must equal what this test computes from the trades it produced, its job numbers
// must equal Flink's REST answers after one refresh, and cancelling a job turns its card red within 5 s.

// The functions passed to page.waitForFunction run in the page; the tests are type-checked without the DOM lib.
declare const document: { getElementById(id: string): { textContent: string | null } | null };

const CHROMIUM = process.env['SLUICE_CHROMIUM'] ?? '/usr/bin/chromium';
const SHOTS = resolve(__dirname, '..', '..', '..', '..', '.sluice', 'screenshots');
const endpoints = testStackEndpoints();
const id = randomBytes(4).toString('hex');

const Trade = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), ts_ms: t.bigint() });
const trades = kafka.source('trades', Trade, {
  topic: `dash-${id}.trades`,
  startup: 'earliest-offset',
  computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }),
  eventTime: { column: 'ts', watermark: '1 s' },
});
const vwapName = `dash_vwap_${id}`;
const lastName = `dash_last_${id}`;
const vwap = signal(vwapName, { parallelism: 1 })
  .from(indicators.vwap(trades, { price: 'price', qty: 'qty', window: '1 min', by: 'symbol' }))
  .to(kafka.sink(`dash-${id}.vwap`));
const last = signal(lastName, { parallelism: 1 })
  .from(trades)
  .where((r) => r.qty.gt(0))
  .to(kafka.sink(`dash-${id}.last`));

interface PageState {
  connected: boolean;
  signals: Record<string, { kind: string; rows: number; keys: number; latest: Record<string, Record<string, unknown>> }>;
  jobs: Record<string, { jobId: string | null; state: string; healthy: boolean; restarts: number | null; recordsIn: number | null; recordsOut: number | null; updatedAt: number }>;
}

const readState = async (page: Page): Promise<PageState> => JSON.parse((await page.textContent('#state')) ?? '{}') as PageState;

let ctx: DeployContext | undefined;
let board: Dashboard | undefined;
let browser: Browser | undefined;
const jobIds: string[] = [];

afterAll(async () => {
  await browser?.close();
  await board?.close();
  for (const jobId of jobIds) await ctx?.flink.cancelJob(jobId).catch(() => undefined);
  await ctx?.close();
});

test('the page shows what the signals computed, the jobs as Flink reports them, and a cancelled job in red', async () => {
  expect({ chromium: CHROMIUM, installed: existsSync(CHROMIUM) }).toEqual({ chromium: CHROMIUM, installed: true });
  const stateDir = mkdtempSync(join(tmpdir(), 'sluice-dashboard-'));
  const config = resolveConfig(
    { project: `dash_${id}`, signals: '.', flink: { restUrl: endpoints.flinkRestUrl, sqlGatewayUrl: endpoints.sqlGatewayUrl, version: '2.2' }, kafka: { brokers: [...endpoints.kafkaBrokers] }, stateDir, deploy: { timeoutMs: 120_000 } },
    { configFile: join(stateDir, 'sluice.config.ts') },
  );
  const project = { config, signals: [last, vwap], modules: {} };
  ctx = createContext(project);
  // One partition: the trades keep the order they were produced in (the watermark follows it).
  await ctx.kafka().topics.apply([{ name: `dash-${id}.trades`, partitions: 1 }]);
  const applied = await apply(ctx, await plan(ctx));
  jobIds.push(...applied.jobs.map((j) => j.jobId).filter((j): j is string => j !== undefined));
  const jobOf = (name: string): string => applied.jobs.find((j) => j.signal === name)?.jobId ?? '';
  expect(jobIds).toHaveLength(2);

  board = await dashboard(project, { context: ctx, from: 'earliest', refreshMs: 1000 });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  await page.goto(board.url);
  await page.waitForFunction(() => JSON.parse(document.getElementById('state')?.textContent ?? '{}').connected === true);

  // 20 trades of each symbol in the first minute of a window, in time order across symbols, then one
  // ACME trade 75 s later: its watermark closes the window, and it is ACME's last trade.
  const base = Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000;
  const symbols = ['ACME', 'INIT', 'ZETA'];
  const events = symbols.flatMap((symbol, j) => Array.from({ length: 20 }, (_, i) => ({ symbol, price: 100 + j * 10 + i * 0.25, qty: 1 + (i % 5), ts_ms: base + i * 1000 + j * 10 })));
  events.sort((a, b) => a.ts_ms - b.ts_ms);
  events.push({ symbol: 'ACME', price: 999, qty: 1, ts_ms: base + 75_000 });
  const producer = await ctx.kafka().producer({ topic: `dash-${id}.trades`, schema: Trade, key: ['symbol'] });
  await producer.send(events.map((e) => ({ symbol: e.symbol, price: e.price, qty: BigInt(e.qty), ts_ms: BigInt(e.ts_ms) })));
  await producer.close();

  // What the page must show: each symbol's last trade, and its VWAP over the closed window.
  const lastPrice = Object.fromEntries(symbols.map((s) => [s, events.filter((e) => e.symbol === s).at(-1)?.price]));
  const windowed = (s: string) => events.filter((e) => e.symbol === s && e.ts_ms < base + 60_000);
  const expectedVwap = Object.fromEntries(symbols.map((s) => [s, windowed(s).reduce((a, e) => a + e.price * e.qty, 0) / windowed(s).reduce((a, e) => a + e.qty, 0)]));

  await page.waitForFunction(
    ({ lastName, vwapName }) => {
      const s = JSON.parse(document.getElementById('state')?.textContent ?? '{}');
      return s.signals?.[lastName]?.latest?.ACME?.price === 999 && s.signals?.[lastName]?.keys === 3 && s.signals?.[vwapName]?.keys === 3;
    },
    { lastName, vwapName },
    { timeout: 120_000 },
  );
  const shown = await readState(page);
  expect(shown.signals[lastName]?.rows).toBe(events.length);
  expect(Object.fromEntries(symbols.map((s) => [s, shown.signals[lastName]?.latest[s]?.['price']]))).toEqual(lastPrice);
  for (const s of symbols) {
    const row = shown.signals[vwapName]?.latest[s] ?? {};
    expect({ s, vwap: row['vwap'] }).toEqual({ s, vwap: expect.closeTo(expectedVwap[s] as number, 9) });
    expect({ s, volume: row['volume'], trades: row['trades'], window_end: row['window_end'] }).toEqual({ s, volume: windowed(s).reduce((a, e) => a + e.qty, 0), trades: 20, window_end: base + 60_000 });
  }
  // The charts are drawn (once a second, after the rows arrive): uPlot's canvas per series signal, and the latest table.
  for (const name of [lastName, vwapName]) await page.waitForSelector(`.signal[data-signal="${name}"] canvas`, { timeout: 10_000 });
  await page.waitForSelector(`.signal[data-signal="${lastName}"] tr[data-key="ACME"] td[data-column="price"]:text-is("999")`, { timeout: 10_000 });

  // Job numbers: once the last signal's job has read every trade, Flink's REST and the page (one refresh later) agree.
  const lastJob = jobOf(lastName);
  await page.waitForFunction(
    ({ lastName, n }) => JSON.parse(document.getElementById('state')?.textContent ?? '{}').jobs?.[lastName]?.recordsIn === n,
    { lastName, n: events.length },
    { timeout: 60_000 },
  );
  for (const name of [lastName, vwapName]) {
    const jobId = jobOf(name);
    const details = await ctx.flink.getJobDetails(jobId);
    const restarts = Number((await ctx.flink.getJobMetrics(jobId, { get: ['numRestarts'] })).find((m) => m.id === 'numRestarts')?.value);
    const fed = new Set(details.plan.nodes.flatMap((n) => (Array.isArray(n['inputs']) ? (n['inputs'] as { id: string }[]).map((i) => i.id) : [])));
    const sources = details.vertices.filter((v) => !details.plan.nodes.some((n) => n.id === v.id && Array.isArray(n['inputs']) && (n['inputs'] as unknown[]).length > 0));
    const sinks = details.vertices.filter((v) => !fed.has(v.id) && !sources.includes(v));
    const recordsIn = sources.reduce((a, v) => a + Math.max(Number(v.metrics['read-records']), Number(v.metrics['write-records'])), 0);
    const recordsOut = sinks.length === 0 ? null : sinks.reduce((a, v) => a + Number(v.metrics['read-records']), 0);
    const askedAt = Date.now();
    await page.waitForFunction(({ name, askedAt }) => (JSON.parse(document.getElementById('state')?.textContent ?? '{}').jobs?.[name]?.updatedAt ?? 0) > askedAt, { name, askedAt }, { timeout: 10_000 });
    const job = (await readState(page)).jobs[name];
    expect({ name, jobId: job?.jobId, state: job?.state, restarts: job?.restarts, recordsIn: job?.recordsIn, recordsOut: job?.recordsOut }).toEqual({ name, jobId, state: details.state, restarts, recordsIn, recordsOut });
  }
  expect(await page.locator(`.job-card[data-signal="${lastName}"]`).getAttribute('data-healthy')).toBe('true');
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'dashboard-two-signals.png'), fullPage: true });

  // Cancel one job through Flink's REST API: its card turns red within 5 s, the other stays green.
  await ctx.flink.cancelJob(lastJob);
  await page.waitForSelector(`.job-card[data-signal="${lastName}"][data-healthy="false"]`, { timeout: 5_000 });
  const after = await readState(page);
  expect(['CANCELLING', 'CANCELED']).toContain(after.jobs[lastName]?.state);
  expect(after.jobs[vwapName]?.healthy).toBe(true);
  await page.screenshot({ path: join(SHOTS, 'dashboard-cancelled-job.png'), fullPage: true });
  // Nothing of the config reaches the page: not the state directory, nor the brokers' addresses.
  const html = await page.content();
  expect(html).not.toContain(stateDir);
  expect(html).not.toContain(endpoints.kafkaBrokers[0] ?? 'no broker');
}, 300_000);
