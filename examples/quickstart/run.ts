// The quickstart, for teams with hand-written Flink SQL: starts (or reuses) the local stack, runs a live
// VWAP (5-second tumbling windows per symbol, event time) written as plain SQL through the SQL Gateway with
// @sluice/flink-client, produces synthetic ticks with @sluice/kafka's typed producer, reads the VWAP rows
// with `consume({ topic, schema })` (the typed target for SQL that is not a DSL signal) and shows them
// until Ctrl-C. The stack stays up afterwards (npm run stack:down).
//
// Options: --duration <seconds>  stop by itself after that long (for scripts and CI)
//          --rate <ticks/s>      ticks produced per second (default 20)
import { schema, t } from '@sluice/dsl';
import type { RowOf } from '@sluice/dsl';
import { FlinkRestClient, SqlGatewayClient } from '@sluice/flink-client';
import { createKafkaClient } from '@sluice/kafka';
import { exampleStack } from '../shared/stack';
import { liveOptions, runLive, stopOnCtrlCOrAfter } from '../shared/live-options';

const JOB_NAME = 'sluice.quickstart.vwap_5s';
const TRADES = 'quickstart.trades';
const VWAP = 'quickstart.vwap_5s';
const SYMBOLS: Readonly<Record<string, number>> = { AAPL: 231.4, MSFT: 468.2, NVDA: 141.9, ASML: 702.5 };

// The rows of the two hand-written tables, column for column as in the DDL below: what the typed producer
// encodes and what `consume` decodes (BIGINT as bigint, TIMESTAMP as Date).
const Tick = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), epoch_ms: t.bigint() });
const Vwap5s = schema({ symbol: t.string(), window_end: t.timestamp(3), vwap: t.double(), volume: t.bigint(), trades: t.bigint() });
type VwapRow = RowOf<typeof Vwap5s>;

function quoted(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function statements(brokers: string): string[] {
  const kafka = (topic: string, extra: string): string => `'connector' = 'kafka', 'topic' = ${quoted(topic)}, 'properties.bootstrap.servers' = ${quoted(brokers)}, 'format' = 'json'${extra}`;
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

/** Runs the statements in one gateway session; returns the job id of the INSERT. */
async function runStatements(gateway: SqlGatewayClient, sql: readonly string[]): Promise<string | undefined> {
  const { sessionHandle } = await gateway.openSession({ sessionName: 'sluice-quickstart' });
  let jobId: string | undefined;
  try {
    for (const statement of sql) {
      const { operationHandle } = await gateway.executeStatement(sessionHandle, { statement });
      for await (const page of gateway.readPages(sessionHandle, operationHandle)) jobId = page.jobId ?? jobId;
    }
  } finally {
    await gateway.closeSession(sessionHandle).catch(() => undefined);
  }
  return jobId;
}

const SPARKS = '▁▂▃▄▅▆▇█';
function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((v) => SPARKS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (SPARKS.length - 1))]).join('');
}

interface State {
  readonly jobId: string;
  readonly flinkRestUrl: string;
  produced: number;
  received: number;
  readonly prices: Record<string, number>;
  readonly latest: Map<string, VwapRow>;
  readonly history: Map<string, number[]>;
}

function render(state: State, live: boolean): void {
  const lines: string[] = [];
  lines.push(`Sluice quickstart — VWAP per symbol over 5 s event-time windows   job ${state.jobId} RUNNING`);
  lines.push(`ticks produced: ${state.produced}   windows received: ${state.received}   Flink UI: ${state.flinkRestUrl}   Ctrl-C to stop`);
  lines.push('');
  lines.push(`${'symbol'.padEnd(8)}${'last price'.padStart(12)}${'VWAP 5s'.padStart(12)}${'volume'.padStart(10)}${'trades'.padStart(8)}  window end                VWAP history`);
  for (const symbol of Object.keys(SYMBOLS)) {
    const row = state.latest.get(symbol);
    // window_end is a TIMESTAMP (no zone): shown as Flink wrote it, in the session time zone
    const end = row?.window_end?.toISOString().replace('T', ' ').replace('Z', '') ?? '-';
    lines.push(
      `${symbol.padEnd(8)}${(state.prices[symbol] ?? 0).toFixed(2).padStart(12)}${(row?.vwap?.toFixed(3) ?? '-').padStart(12)}${String(row?.volume ?? '-').padStart(10)}${String(row?.trades ?? '-').padStart(8)}  ${end.padEnd(24)}  ${sparkline(state.history.get(symbol) ?? [])}`,
    );
  }
  if (state.received === 0) lines.push('', 'waiting for the first window to close (about 6 s after the first tick)...');
  process.stdout.write(live ? `\u001b[H\u001b[2J${lines.join('\n')}\n` : `${lines.join('\n')}\n\n`);
}

async function main(): Promise<void> {
  const options = liveOptions('node examples/quickstart/run.js [--duration <seconds>] [--rate <ticks per second>]');
  if (options === undefined) return;
  const { durationMs, rate } = options;
  const started = Date.now();
  const say = (text: string): void => void process.stdout.write(`${text}\n`);

  const { endpoints, local } = await exampleStack(say);
  const { kafkaBrokers, flinkRestUrl, sqlGatewayUrl } = endpoints;
  const flink = new FlinkRestClient({ baseUrl: flinkRestUrl });
  const gateway = new SqlGatewayClient({ baseUrl: sqlGatewayUrl });
  const kafka = createKafkaClient({ brokers: [...kafkaBrokers], clientId: 'sluice-quickstart' });

  await kafka.topics.apply([
    { name: TRADES, partitions: 1 },
    { name: VWAP, partitions: 1 },
  ]);

  // Stable job identity: a quickstart job left over from an earlier run is replaced, never duplicated.
  for (const job of (await flink.getJobsOverview()).jobs.filter((j) => j.name === JOB_NAME && ['RUNNING', 'CREATED', 'INITIALIZING', 'RESTARTING'].includes(j.state))) {
    say(`  cancelling the previous quickstart job ${job.jid}`);
    await flink.cancelJob(job.jid);
  }
  say('Deploying the hand-written VWAP SQL through the SQL Gateway...');
  const jobId = await runStatements(gateway, statements(kafkaBrokers.join(',')));
  if (jobId === undefined) throw new Error('the INSERT statement started no job');
  await flink.waitForJobStatus(jobId, ['RUNNING'], { timeoutMs: 60_000 });
  say(`Job ${jobId} RUNNING, ${((Date.now() - started) / 1000).toFixed(1)} s after the start of the quickstart.`);

  const state: State = { jobId, flinkRestUrl, produced: 0, received: 0, prices: { ...SYMBOLS }, latest: new Map(), history: new Map() };
  // A typed target for SQL that is not a DSL signal: the topic and the schema of its rows.
  const windows = kafka.consume({ topic: VWAP, schema: Vwap5s }, { from: 'latest' });
  void (async () => {
    for await (const row of windows) {
      const symbol = row.symbol ?? '-';
      state.received += 1;
      state.latest.set(symbol, row);
      if (row.vwap !== null) state.history.set(symbol, [...(state.history.get(symbol) ?? []), row.vwap].slice(-24));
    }
  })().catch((error: Error) => void process.stderr.write(`reading ${VWAP} failed: ${error.message}\n`));
  await windows.ready;

  const producer = await kafka.producer({ topic: TRADES, schema: Tick, key: ['symbol'] });
  let sending: Promise<void> = Promise.resolve();
  const tick = setInterval(() => {
    const symbols = Object.keys(SYMBOLS);
    const rows: RowOf<typeof Tick>[] = [];
    for (let i = 0; i < Math.max(1, Math.round(rate / 4)); i += 1) {
      const symbol = symbols[Math.floor(Math.random() * symbols.length)] as string;
      const price = Math.max(1, (state.prices[symbol] ?? 1) * (1 + (Math.random() - 0.5) * 0.002));
      state.prices[symbol] = price;
      rows.push({ symbol, price: Number(price.toFixed(2)), qty: BigInt(1 + Math.floor(Math.random() * 500)), epoch_ms: BigInt(Date.now()) });
    }
    // One send at a time, in order.
    sending = sending.then(() =>
      producer.send(rows).then(
        (r) => void (state.produced += r.count),
        (e: Error) => void process.stderr.write(`produce failed: ${e.message}\n`),
      ),
    );
  }, 250);

  const live = process.stdout.isTTY === true;
  const screen = setInterval(() => render(state, live), live ? 1000 : 5000);

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(tick);
    clearInterval(screen);
    render(state, false);
    say(`Stopping: cancelling job ${jobId}...`);
    await sending;
    await flink.cancelJob(jobId).catch(() => undefined);
    await kafka.close();
    if (local) say('The local stack is still running (reused by the next demo or npm test). Stop it with: npm run stack:down');
  };
  stopOnCtrlCOrAfter(durationMs, stop);
}

runLive('quickstart', main);
