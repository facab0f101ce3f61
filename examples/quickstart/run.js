#!/usr/bin/env node
'use strict';
// The quickstart demo (the README's main command): starts the local stack, deploys a live VWAP signal
// (5-second tumbling windows per symbol, event time) through the SQL Gateway, produces synthetic ticks
// and shows the signal in the terminal until Ctrl-C. The stack stays up afterwards (npm run stack:down).
//
// Options: --duration <seconds>  stop by itself after that long (for scripts and CI)
//          --rate <ticks/s>      ticks produced per second (default 20)

const { parseArgs } = require('node:util');
const { Kafka, logLevel, Partitioners } = require('kafkajs');
const { stackUp } = require('@sluice/stack');
const { runStatements, jobsNamed, jobState, cancelJob } = require('./sql-gateway');

const JOB_NAME = 'sluice.quickstart.vwap_5s';
const TRADES = 'quickstart.trades';
const VWAP = 'quickstart.vwap_5s';
const SYMBOLS = { AAPL: 231.4, MSFT: 468.2, NVDA: 141.9, ASML: 702.5 };

const { values } = parseArgs({ options: { duration: { type: 'string' }, rate: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  process.stdout.write('npm run demo [-- --duration <seconds>] [-- --rate <ticks per second>]\n');
  process.exit(0);
}
const durationMs = values.duration === undefined ? undefined : Number(values.duration) * 1000;
const rate = values.rate === undefined ? 20 : Number(values.rate);

function quoted(text) {
  return `'${String(text).replace(/'/g, "''")}'`;
}

function statements(brokers) {
  const kafka = (topic, extra) => `'connector' = 'kafka', 'topic' = ${quoted(topic)}, 'properties.bootstrap.servers' = ${quoted(brokers)}, 'format' = 'json'${extra}`;
  return [
    `CREATE TABLE trades (
  symbol STRING,
  price DOUBLE,
  qty BIGINT,
  epoch_ms BIGINT,
  ts AS TO_TIMESTAMP_LTZ(epoch_ms, 3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (${kafka(TRADES, ", 'scan.startup.mode' = 'latest-offset', 'properties.group.id' = 'sluice-quickstart'")})`,
    `CREATE TABLE vwap_5s (
  symbol STRING,
  window_end TIMESTAMP(3),
  vwap DOUBLE,
  volume BIGINT,
  trades BIGINT
) WITH (${kafka(VWAP, '')})`,
    `SET 'pipeline.name' = ${quoted(JOB_NAME)}`,
    `INSERT INTO vwap_5s
SELECT symbol, window_end, SUM(price * qty) / SUM(qty) AS vwap, SUM(qty) AS volume, COUNT(*) AS trades
FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '5' SECOND))
GROUP BY symbol, window_start, window_end`,
  ];
}

const SPARKS = '▁▂▃▄▅▆▇█';
function sparkline(values) {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((v) => SPARKS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (SPARKS.length - 1))]).join('');
}

function render(state, live) {
  const lines = [];
  lines.push(`Sluice quickstart — VWAP per symbol over 5 s event-time windows   job ${state.jobId} ${state.jobState}`);
  lines.push(`ticks produced: ${state.produced}   windows received: ${state.received}   Flink UI: ${state.flinkRestUrl}   Ctrl-C to stop`);
  lines.push('');
  lines.push(`${'symbol'.padEnd(8)}${'last price'.padStart(12)}${'VWAP 5s'.padStart(12)}${'volume'.padStart(10)}${'trades'.padStart(8)}  window end                VWAP history`);
  for (const symbol of Object.keys(SYMBOLS)) {
    const row = state.latest.get(symbol);
    const history = state.history.get(symbol) ?? [];
    lines.push(
      `${symbol.padEnd(8)}${state.prices[symbol].toFixed(2).padStart(12)}${(row ? row.vwap.toFixed(3) : '-').padStart(12)}${String(row ? row.volume : '-').padStart(10)}${String(row ? row.trades : '-').padStart(8)}  ${(row ? row.window_end : '-').padEnd(24)}  ${sparkline(history)}`,
    );
  }
  if (state.received === 0) lines.push('', 'waiting for the first window to close (about 6 s after the first tick)...');
  if (live) process.stdout.write(`\u001b[H\u001b[2J${lines.join('\n')}\n`);
  else process.stdout.write(`${lines.join('\n')}\n\n`);
}

async function main() {
  const started = Date.now();
  const log = (message) => process.stdout.write(`  ${message}\n`);
  process.stdout.write('Starting the local stack (Kafka + Flink + SQL Gateway)...\n');
  const stack = await stackUp({}, log);
  process.stdout.write(stack.alreadyRunning ? 'Stack already running.\n' : `Stack up in ${(stack.totalMs / 1000).toFixed(1)} s (logs: ${stack.logDir}).\n`);
  const { kafkaBrokers, flinkRestUrl, sqlGatewayUrl } = stack.endpoints;

  const kafka = new Kafka({ clientId: 'sluice-quickstart', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: TRADES, numPartitions: 1 }, { topic: VWAP, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();

  // Stable job identity: a demo job left over from an earlier run is replaced, never duplicated.
  for (const job of await jobsNamed(flinkRestUrl, JOB_NAME)) {
    log(`cancelling the previous quickstart job ${job.jid}`);
    await cancelJob(flinkRestUrl, job.jid);
  }
  process.stdout.write('Deploying the VWAP signal through the SQL Gateway...\n');
  const jobId = await runStatements(sqlGatewayUrl, statements(kafkaBrokers.join(',')));
  for (let i = 0; i < 120 && (await jobState(flinkRestUrl, jobId)) !== 'RUNNING'; i += 1) await new Promise((r) => setTimeout(r, 500));
  process.stdout.write(`Job ${jobId} RUNNING, ${((Date.now() - started) / 1000).toFixed(1)} s after the start of the demo.\n`);

  const state = { jobId, jobState: 'RUNNING', flinkRestUrl, produced: 0, received: 0, prices: { ...SYMBOLS }, latest: new Map(), history: new Map() };
  const consumer = kafka.consumer({ groupId: `sluice-quickstart-${process.pid}-${Date.now()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: VWAP, fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const row = JSON.parse(message.value.toString());
      state.received += 1;
      state.latest.set(row.symbol, row);
      const history = state.history.get(row.symbol) ?? [];
      history.push(row.vwap);
      state.history.set(row.symbol, history.slice(-24));
    },
  });

  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const tick = setInterval(() => {
    const messages = [];
    for (let i = 0; i < Math.max(1, Math.round(rate / 4)); i += 1) {
      const symbols = Object.keys(SYMBOLS);
      const symbol = symbols[Math.floor(Math.random() * symbols.length)];
      state.prices[symbol] = Math.max(1, state.prices[symbol] * (1 + (Math.random() - 0.5) * 0.002));
      messages.push({ key: symbol, value: JSON.stringify({ symbol, price: Number(state.prices[symbol].toFixed(2)), qty: 1 + Math.floor(Math.random() * 500), epoch_ms: Date.now() }) });
    }
    state.produced += messages.length;
    producer.send({ topic: TRADES, messages }).catch((error) => process.stderr.write(`produce failed: ${error.message}\n`));
  }, 250);

  const live = process.stdout.isTTY === true;
  const screen = setInterval(() => render(state, live), live ? 1000 : 5000);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(tick);
    clearInterval(screen);
    render(state, false);
    process.stdout.write(`Stopping: cancelling job ${jobId}...\n`);
    await producer.disconnect().catch(() => undefined);
    await consumer.disconnect().catch(() => undefined);
    await cancelJob(flinkRestUrl, jobId).catch(() => undefined);
    process.stdout.write('The local stack is still running (reused by the next demo or npm test). Stop it with: npm run stack:down\n');
  };
  process.once('SIGINT', () => void stop());
  if (durationMs !== undefined) setTimeout(() => void stop(), durationMs);
}

main().catch((error) => {
  process.stderr.write(`demo failed: ${error.code ? `${error.code}: ` : ''}${error.message}\n`);
  if (error.suggestion) process.stderr.write(`  what to do: ${error.suggestion}\n`);
  process.exitCode = 1;
});
