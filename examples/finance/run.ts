// `npm run demo`: the finance example live. Starts (or reuses) the local stack, deploys the finance
// signals with @sluice/deploy, produces synthetic trades with @sluice/kafka's typed producer, reads the
// signals back as typed rows with consume(signal) and shows them live in the terminal
// until Ctrl-C (or --duration <seconds>), and serves the same signals and their jobs as a web page
// (@sluice/dashboard, on 127.0.0.1; its URL is printed with the table). On exit the demo's jobs are cancelled; the stack keeps running
// (the next demo or `npm test` reuses it; `npm run stack:down` stops it).
import { dashboard, type Dashboard } from '@sluice/dashboard';
import { isSluiceError } from '@sluice/errors';
import { liveOptions, runLive, stopOnCtrlCOrAfter } from '../shared/live-options';
import { cancelJobs, deploySignals } from '../shared/deploy-signals';
import { exampleStack } from '../shared/stack';
import { renderDemo } from './live-table';
import type { DemoState, SymbolView } from './live-table';
import { financeSignals, financeTopics, tradeRow, tradesTarget } from './signals';
import { DEMO_SYMBOLS, SyntheticTrades } from './synthetic-trades';

async function main(): Promise<void> {
  const options = liveOptions('npm run demo [-- --duration <seconds>] [-- --rate <trades per second>]');
  if (options === undefined) return;
  const { durationMs, rate } = options;
  const started = Date.now();
  const say = (text: string): void => void process.stdout.write(`${text}\n`);

  const { endpoints, local } = await exampleStack(say);

  say('Deploying the finance signals (vwap_1m, momentum) with @sluice/deploy...');
  const topics = financeTopics();
  const { vwap1m, momentum } = financeSignals(topics, { startup: 'latest-offset' });
  const deployed = await deploySignals('finance', [vwap1m, momentum], endpoints, (p) => say(`  ${p.message}`));
  say(`Jobs running ${((Date.now() - started) / 1000).toFixed(1)} s after the start of the demo.`);

  // The dashboard on its usual port, or any free one when another dashboard holds it.
  const board: Dashboard = await dashboard(deployed.ctx.project, { context: deployed.ctx, port: 4180 }).catch((e: unknown) => {
    if (isSluiceError(e) && e.code === 'DASHBOARD_PORT_BUSY') return dashboard(deployed.ctx.project, { context: deployed.ctx });
    throw e;
  });
  say(`Dashboard (VWAP, RSI, MACD, Bollinger and the jobs, live): ${board.url}`);

  // The deploy context's Kafka client (the project's brokers and auth): typed producer and typed readers.
  const kafka = deployed.ctx.kafka();
  const state: DemoState = {
    symbols: Object.keys(DEMO_SYMBOLS),
    views: new Map(),
    jobs: deployed.jobIds.map((id) => id.slice(0, 8)).join(', '),
    produced: 0,
    momentumRows: 0,
    vwapRows: 0,
    flinkUi: endpoints.flinkRestUrl,
    dashboard: board.url,
  };
  const view = (symbol: string | null): SymbolView => {
    const key = symbol ?? '-';
    let v = state.views.get(key);
    if (v === undefined) state.views.set(key, (v = { prices: [], rsis: [] }));
    return v;
  };

  // consume(signal) reads each signal's sink topic with the codec of its output row: `row` is
  // RowOf<typeof momentum> / RowOf<typeof vwap1m> (numbers, bigint counts, Date window bounds).
  // 'latest': the topics stay between runs; only this run's signals are shown.
  const momentumRows = kafka.consume(momentum, { from: 'latest' });
  const vwapRows = kafka.consume(vwap1m, { from: 'latest' });
  const failed = (error: unknown): void => void process.stderr.write(`reading signals failed: ${error instanceof Error ? error.message : String(error)}\n`);
  void (async () => {
    for await (const row of momentumRows) {
      const v = view(row.symbol);
      state.momentumRows += 1;
      state.firstSignalAfterMs ??= Date.now() - started;
      if (row.price !== null) {
        v.price = row.price;
        v.prices = [...v.prices, row.price].slice(-30);
      }
      v.rsi = row.rsi;
      v.macd = row.macd;
      v.macdSignal = row.macd_signal;
      v.macdHist = row.macd_hist;
      v.bbUpper = row.bb_upper;
      v.bbLower = row.bb_lower;
      if (row.rsi !== null) v.rsis = [...v.rsis, row.rsi].slice(-30);
    }
  })().catch(failed);
  void (async () => {
    for await (const row of vwapRows) {
      const v = view(row.symbol);
      state.vwapRows += 1;
      v.vwap1m = row.vwap;
      v.volume1m = row.volume;
      v.windowEnd = row.window_end;
    }
  })().catch(failed);
  await Promise.all([momentumRows.ready, vwapRows.ready]);

  // The typed producer validates and encodes each trade (TradeRow: BIGINT columns as bigint) before sending.
  const producer = await kafka.producer(tradesTarget(topics));
  const trades = new SyntheticTrades();
  let sending: Promise<void> = Promise.resolve();
  const tick = setInterval(() => {
    const batch = trades.next(Math.max(1, Math.round(rate / 4))).map(tradeRow);
    // One send at a time, in order (an idempotent producer keeps per-partition order that way).
    sending = sending.then(
      () =>
        producer.send(batch).then(
          (r) => void (state.produced += r.count),
          (e: Error) => void process.stderr.write(`produce failed: ${e.message}\n`),
        ),
    );
  }, 250);

  const live = process.stdout.isTTY === true;
  const draw = (): void => {
    const text = renderDemo(state).join('\n');
    process.stdout.write(live ? `\u001b[H\u001b[2J${text}\n` : `${text}\n\n`);
  };
  const screen = setInterval(draw, live ? 1000 : 5000);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(tick);
    clearInterval(screen);
    if (live) draw();
    say(`Stopping: cancelling the demo's jobs (${deployed.jobIds.join(', ')})...`);
    await sending;
    await producer.close().catch(() => undefined);
    await Promise.all([momentumRows.close(), vwapRows.close()]).catch(() => undefined);
    await board.close().catch(() => undefined);
    await cancelJobs(deployed.ctx, deployed.jobIds);
    await deployed.ctx.close();
    if (local) say('The local stack is still running (the next demo or npm test reuses it). Stop it with: npm run stack:down');
  };
  stopOnCtrlCOrAfter(durationMs, stop);
}

runLive('demo', main);
