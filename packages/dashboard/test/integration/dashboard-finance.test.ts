import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testStackEndpoints } from '@sluice/stack';
import { dashboard, type Dashboard } from '@sluice/dashboard';
import { financeSignals, financeTopics, tradeRow, tradesTarget } from '../../../../examples/finance/signals';
import { SyntheticTrades } from '../../../../examples/finance/synthetic-trades';
import { cancelJobs, deploySignals, type DeployedExample } from '../../../../examples/shared/deploy-signals';

// Issue 19, "the demo shows it" and must-show 2: the finance demo's signals (VWAP 1 min, and per trade
// Bollinger, RSI, MACD) deployed as the demo does, 60 s of its synthetic trades, the dashboard in chromium.
// The page's latest values per symbol must equal the last rows this test reads itself with consume(signal);
// a screenshot of the page after 60 s goes to .sluice/screenshots/finance-demo-60s.png.

declare const document: { getElementById(id: string): { textContent: string | null } | null };

const CHROMIUM = process.env['SLUICE_CHROMIUM'] ?? '/usr/bin/chromium';
const SHOTS = resolve(__dirname, '..', '..', '..', '..', '.sluice', 'screenshots');
const endpoints = testStackEndpoints();
const id = randomBytes(4).toString('hex');
const topics = financeTopics(`dash-${id}.finance`);
const MOMENTUM = ['price', 'rsi', 'macd', 'macd_signal', 'macd_hist', 'bb_upper', 'bb_middle', 'bb_lower'] as const;

interface PageState {
  signals: Record<string, { rows: number; latest: Record<string, Record<string, unknown>> }>;
}

let deployed: DeployedExample | undefined;
let board: Dashboard | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  await board?.close();
  if (deployed !== undefined) {
    await cancelJobs(deployed.ctx, deployed.jobIds);
    await deployed.ctx.kafka().topics.delete(Object.values(topics)).catch(() => undefined);
    await deployed.ctx.close();
  }
});

const readState = async (page: Page): Promise<PageState> => JSON.parse((await page.textContent('#state')) ?? '{}') as PageState;

test('the finance demo on the dashboard: VWAP, RSI, MACD and Bollinger per symbol equal the signals\' last rows', async () => {
  const { vwap1m, momentum } = financeSignals(topics, { startup: 'earliest-offset' });
  deployed = await deploySignals(`dashfin_${id}`, [vwap1m, momentum], endpoints);
  expect(deployed.jobIds).toHaveLength(2);
  const kafka = deployed.ctx.kafka();
  board = await dashboard(deployed.ctx.project, { context: deployed.ctx, from: 'earliest' });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  await page.goto(board.url);
  await page.waitForFunction(() => JSON.parse(document.getElementById('state')?.textContent ?? '{}').connected === true);

  // This test's own readers: the last row per symbol of each signal, and how many rows there were.
  const last: Record<string, Record<string, Record<string, unknown>>> = { momentum: {}, vwap_1m: {} };
  const counts: Record<string, number> = { momentum: 0, vwap_1m: 0 };
  const readers = [kafka.consume(momentum, { from: 'earliest' }), kafka.consume(vwap1m, { from: 'earliest' })] as const;
  const reading = readers.map(async (stream, i) => {
    const name = i === 0 ? 'momentum' : 'vwap_1m';
    for await (const row of stream) {
      const r = row as Record<string, unknown>;
      (last[name] as Record<string, Record<string, unknown>>)[String(r['symbol'])] = r;
      counts[name] = (counts[name] ?? 0) + 1;
    }
  });

  // 60 s of the demo's trades (20 per second, event time now), one send at a time in order.
  const producer = await kafka.producer(tradesTarget(topics));
  const trades = new SyntheticTrades();
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    await producer.send(trades.next(5).map(tradeRow));
    await new Promise((r) => setTimeout(r, 250));
  }
  await producer.close();

  // The producing stopped: once the page has every row this test read, their last rows must be equal.
  let shown: PageState | undefined;
  for (;;) {
    const want = { momentum: counts['momentum'], vwap: counts['vwap_1m'] };
    shown = await readState(page);
    if ((want.momentum ?? 0) > 0 && (want.vwap ?? 0) > 0 && shown.signals['momentum']?.rows === want.momentum && shown.signals['vwap_1m']?.rows === want.vwap) {
      // Nothing more arrives for a refresh: the counts are final.
      await new Promise((r) => setTimeout(r, 3000));
      if (counts['momentum'] === want.momentum && counts['vwap_1m'] === want.vwap) break;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  for (const stream of readers) await stream.close();
  await Promise.all(reading);

  const symbols = Object.keys(last['momentum'] ?? {}).sort();
  expect(symbols).toEqual(['AAPL', 'ASML', 'MSFT', 'NVDA']);
  for (const symbol of symbols) {
    const mine = last['momentum']?.[symbol] ?? {};
    const page = shown.signals['momentum']?.latest[symbol] ?? {};
    expect({ symbol, ...Object.fromEntries(MOMENTUM.map((c) => [c, page[c]])) }).toEqual({ symbol, ...Object.fromEntries(MOMENTUM.map((c) => [c, mine[c]])) });
    // Warmed up after 60 s: every indicator has a value.
    for (const c of MOMENTUM) expect({ symbol, c, type: typeof page[c] }).toEqual({ symbol, c, type: 'number' });
  }
  for (const symbol of Object.keys(last['vwap_1m'] ?? {})) {
    const mine = last['vwap_1m']?.[symbol] ?? {};
    const page = shown.signals['vwap_1m']?.latest[symbol] ?? {};
    expect({ symbol, vwap: page['vwap'], volume: page['volume'], window_end: page['window_end'] }).toEqual({ symbol, vwap: mine['vwap'], volume: mine['volume'], window_end: (mine['window_end'] as Date).getTime() });
  }

  await page.selectOption('.signal[data-signal="momentum"] select', 'rsi');
  await page.waitForSelector('.signal[data-signal="momentum"] canvas');
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'finance-demo-60s.png'), fullPage: true });
}, 300_000);
