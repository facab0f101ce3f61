// `npm run demo`: the finance example live. Starts (or reuses) the local stack, deploys the finance
// signals with @sluice/deploy, produces synthetic trades and shows the live signals in the terminal
// until Ctrl-C (or --duration <seconds>). On exit the demo's jobs are cancelled; the stack keeps running
// (the next demo or `npm test` reuses it; `npm run stack:down` stops it).
import { parseArgs } from 'node:util';
import { cancelJobs, deploySignals } from '../shared/deploy-signals';
import { kafkaFor } from '../shared/kafka-io';
import { exampleStack } from '../shared/stack';
import { renderDemo } from './live-table';
import type { DemoState, SymbolView } from './live-table';
import { financeSignals, financeTopics } from './signals';
import { DEMO_SYMBOLS, SyntheticTrades } from './synthetic-trades';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { duration: { type: 'string' }, rate: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help === true) {
    process.stdout.write('npm run demo [-- --duration <seconds>] [-- --rate <trades per second>]\n');
    return;
  }
  const durationMs = values.duration === undefined ? undefined : Number(values.duration) * 1000;
  const rate = values.rate === undefined ? 20 : Number(values.rate);
  const started = Date.now();
  const say = (text: string): void => void process.stdout.write(`${text}\n`);

  const { endpoints, local } = await exampleStack(say);

  say('Deploying the finance signals (vwap_1m, momentum) with @sluice/deploy...');
  const topics = financeTopics();
  const { vwap1m, momentum } = financeSignals(topics, { startup: 'latest-offset' });
  const deployed = await deploySignals('finance', [vwap1m, momentum], endpoints, (p) => say(`  ${p.message}`));
  say(`Jobs running ${((Date.now() - started) / 1000).toFixed(1)} s after the start of the demo.`);

  const kafka = kafkaFor(endpoints.kafkaBrokers, 'sluice-finance-demo');
  const state: DemoState = {
    symbols: Object.keys(DEMO_SYMBOLS),
    views: new Map(),
    jobs: deployed.jobIds.map((id) => id.slice(0, 8)).join(', '),
    produced: 0,
    momentumRows: 0,
    vwapRows: 0,
    flinkUi: endpoints.flinkRestUrl,
  };
  const view = (symbol: string): SymbolView => {
    let v = state.views.get(symbol);
    if (v === undefined) state.views.set(symbol, (v = { prices: [], rsis: [] }));
    return v;
  };

  const consumer = kafka.consumer({ groupId: `sluice-finance-demo-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topics.momentum, topics.vwap], fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      if (message.value === null) return;
      const row = JSON.parse(message.value.toString()) as Record<string, number | string | null>;
      const v = view(String(row.symbol));
      if (topic === topics.momentum) {
        state.momentumRows += 1;
        state.firstSignalAfterMs ??= Date.now() - started;
        v.price = Number(row.price);
        v.rsi = row.rsi as number | null;
        v.macd = row.macd as number | null;
        v.macdSignal = row.macd_signal as number | null;
        v.macdHist = row.macd_hist as number | null;
        v.bbUpper = row.bb_upper as number | null;
        v.bbLower = row.bb_lower as number | null;
        v.prices = [...v.prices, Number(row.price)].slice(-30);
        if (typeof row.rsi === 'number') v.rsis = [...v.rsis, row.rsi].slice(-30);
      } else {
        state.vwapRows += 1;
        v.vwap1m = Number(row.vwap);
        v.volume1m = Number(row.volume);
        v.windowEnd = String(row.window_end);
      }
    },
  });

  const producer = kafka.producer();
  await producer.connect();
  const trades = new SyntheticTrades();
  const tick = setInterval(() => {
    const batch = trades.next(Math.max(1, Math.round(rate / 4)));
    state.produced += batch.length;
    producer
      .send({ topic: topics.trades, messages: batch.map((t) => ({ key: t.symbol, value: JSON.stringify(t) })) })
      .catch((e: Error) => process.stderr.write(`produce failed: ${e.message}\n`));
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
    await producer.disconnect().catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
    await cancelJobs(deployed.ctx, deployed.jobIds);
    await deployed.ctx.close();
    if (local) say('The local stack is still running (the next demo or npm test reuses it). Stop it with: npm run stack:down');
  };
  process.once('SIGINT', () => void stop());
  if (durationMs !== undefined) setTimeout(() => void stop(), durationMs);
}

main().catch((error: { code?: string; message?: string; suggestion?: string }) => {
  process.stderr.write(`demo failed: ${error.code === undefined ? '' : `${error.code}: `}${error.message ?? String(error)}\n`);
  if (error.suggestion !== undefined) process.stderr.write(`  what to do: ${error.suggestion}\n`);
  process.exitCode = 1;
});
