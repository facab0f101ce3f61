import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { testStackEndpoints } from '@sluice/stack';
import { flinkRestClientOf, gatewayRunner, jarRunner, sqlGatewayClientOf, statementsOfRawSql, submitScriptJar } from '@sluice/deploy';

// Bounded Kafka sources ('scan.bounded.mode' = 'latest-offset') make both jobs FINISH once they have read
// the fixture: the whole output is then in the sink topics, and no slot stays taken.

interface Trade {
  symbol: string;
  price: number;
  qty: number;
  ts: string;
}

interface WindowRow {
  symbol: string;
  window_start: string;
  trades: number;
  volume: number;
  notional: number;
}

async function httpJson<T>(method: string, url: string): Promise<T> {
  const response = await fetch(url, { method, signal: AbortSignal.timeout(30_000) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url} -> HTTP ${response.status}: ${text.slice(0, 500)}`);
  return (text === '' ? {} : JSON.parse(text)) as T;
}

async function waitForState(restUrl: string, jobId: string, wanted: string): Promise<string> {
  const deadline = Date.now() + 120_000;
  let state = 'unknown';
  while (Date.now() < deadline) {
    state = (await httpJson<{ state: string }>('GET', `${restUrl}/jobs/${jobId}`)).state;
    if (state === wanted || state === 'FAILED' || state === 'CANCELED') return state;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return state;
}

describe('sql-runner jar vs SQL Gateway', () => {
  const { kafkaBrokers, flinkRestUrl, sqlGatewayUrl } = testStackEndpoints();
  const kafka = new Kafka({ clientId: 'deploy-it-jar', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  const id = randomUUID().slice(0, 8);
  const sourceTopic = `deploy-it-trades-${id}`;
  const jobs: string[] = [];

  // Prices are exact binary fractions, so sums are exact whatever the order.
  const minute = (m: number, s: number) => `2024-03-01 10:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  const input: Trade[] = [
    { symbol: 'ACME', price: 10.5, qty: 100, ts: minute(0, 5) },
    { symbol: 'ACME', price: 11.25, qty: 50, ts: minute(0, 40) },
    { symbol: 'BOLT', price: 3.75, qty: 400, ts: minute(0, 41) },
    { symbol: 'ACME', price: 9.5, qty: 0, ts: minute(0, 59) },
    { symbol: 'ACME', price: 12, qty: 10, ts: minute(1, 2) },
    { symbol: 'BOLT', price: 4, qty: 100, ts: minute(1, 30) },
    { symbol: 'BOLT', price: 4.25, qty: 300, ts: minute(1, 31) },
    { symbol: 'CORE', price: 100.125, qty: 8, ts: minute(2, 0) },
  ];

  const script = (sinkTopic: string, jobName: string) => `
SET 'pipeline.name' = '${jobName}';
SET 'parallelism.default' = '1';
-- trades; per symbol and minute: count, volume, notional (rows with qty 0 are ignored)
CREATE TABLE trades (
  symbol STRING, price DOUBLE, qty BIGINT, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kafka', 'topic' = '${sourceTopic}', 'properties.bootstrap.servers' = '${kafkaBrokers.join(',')}',
  'properties.group.id' = '${jobName}', 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',
  'format' = 'json'
);
CREATE TABLE minute_bars (symbol STRING, window_start TIMESTAMP(3), trades BIGINT, volume BIGINT, notional DOUBLE) WITH (
  'connector' = 'kafka', 'topic' = '${sinkTopic}', 'properties.bootstrap.servers' = '${kafkaBrokers.join(',')}', 'format' = 'json'
);
INSERT INTO minute_bars
SELECT symbol, window_start, COUNT(*), SUM(qty), SUM(price * qty)
FROM TABLE(TUMBLE(TABLE trades, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
WHERE qty > 0 AND symbol <> 'it''s; not a symbol'
GROUP BY symbol, window_start, window_end;
`;

  // The same rules as the SQL, in TypeScript.
  function expectedRows(): WindowRow[] {
    const groups = new Map<string, WindowRow>();
    for (const trade of input.filter((t) => t.qty > 0)) {
      const windowStart = `${trade.ts.slice(0, 16)}:00`;
      const key = `${trade.symbol}|${windowStart}`;
      const row = groups.get(key) ?? { symbol: trade.symbol, window_start: windowStart, trades: 0, volume: 0, notional: 0 };
      row.trades += 1;
      row.volume += trade.qty;
      row.notional += trade.price * trade.qty;
      groups.set(key, row);
    }
    return sortRows([...groups.values()]);
  }

  function sortRows(rows: WindowRow[]): WindowRow[] {
    return [...rows].sort((a, b) => `${a.symbol}|${a.window_start}`.localeCompare(`${b.symbol}|${b.window_start}`));
  }

  async function readAll(topic: string): Promise<WindowRow[]> {
    const admin = kafka.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(topic);
    await admin.disconnect();
    const total = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
    const rows: WindowRow[] = [];
    if (total === 0) return rows;
    const consumer = kafka.consumer({ groupId: `deploy-it-read-${topic}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${rows.length} of ${total} rows of ${topic}`)), 60_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const row = JSON.parse(message.value?.toString() ?? 'null') as WindowRow;
          // Flink writes TIMESTAMP(3) as "yyyy-MM-dd HH:mm:ss[.fff]"; the fraction is zero here.
          rows.push({ ...row, window_start: row.window_start.slice(0, 19) });
          if (rows.length >= total) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    return sortRows(rows);
  }

  beforeAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [sourceTopic, `deploy-it-jar-out-${id}`, `deploy-it-jar-json-out-${id}`, `deploy-it-gw-out-${id}`].map((topic) => ({ topic })), waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: sourceTopic, messages: input.map((row) => ({ key: row.symbol, value: JSON.stringify(row) })) });
    await producer.disconnect();
  });

  afterAll(async () => {
    for (const jobId of jobs) {
      const state = await httpJson<{ state: string }>('GET', `${flinkRestUrl}/jobs/${jobId}`).then((j) => j.state).catch(() => 'unknown');
      if (state !== 'FINISHED' && state !== 'CANCELED' && state !== 'FAILED') await httpJson('PATCH', `${flinkRestUrl}/jobs/${jobId}?mode=cancel`).catch(() => undefined);
    }
  });

  it('runs the same script through /jars (as text, and as statements) and through the gateway, with the same output rows, computed from the fixture', async () => {
    const jarJobName = `sluice.it.jar-${id}`;
    const jarTopic = `deploy-it-jar-out-${id}`;
    const { jobId: jarJob } = await submitScriptJar(script(jarTopic, jarJobName), { flinkRestUrl, parallelism: 1 });
    jobs.push(jarJob);
    expect(jarJob).toMatch(/^[0-9a-f]{32}$/);

    // deploy's statement runner on both adapters: the same statements, as JSON to the sql-runner jar, and one by one in a gateway session.
    const jsonJobName = `sluice.it.jar-json-${id}`;
    const jsonTopic = `deploy-it-jar-json-out-${id}`;
    const { jobId: jsonJob = '' } = await jarRunner(flinkRestClientOf({ restUrl: flinkRestUrl }), { restUrl: flinkRestUrl, parallelism: 1 }).run(statementsOfRawSql(script(jsonTopic, jsonJobName)));
    jobs.push(jsonJob);
    expect(jsonJob).toMatch(/^[0-9a-f]{32}$/);
    const gwJobName = `sluice.it.gateway-${id}`;
    const gwTopic = `deploy-it-gw-out-${id}`;
    const { jobId: gwJob = '' } = await gatewayRunner(sqlGatewayClientOf({ sqlGatewayUrl }, { timeoutMs: 120_000 })).run(statementsOfRawSql(script(gwTopic, gwJobName)));
    jobs.push(gwJob);
    expect(gwJob).toMatch(/^[0-9a-f]{32}$/);

    expect(await waitForState(flinkRestUrl, jarJob, 'FINISHED')).toBe('FINISHED');
    expect(await waitForState(flinkRestUrl, jsonJob, 'FINISHED')).toBe('FINISHED');
    expect(await waitForState(flinkRestUrl, gwJob, 'FINISHED')).toBe('FINISHED');
    // SET 'pipeline.name' reached the job's configuration on both paths.
    expect((await httpJson<{ name: string }>('GET', `${flinkRestUrl}/jobs/${jarJob}`)).name).toBe(jarJobName);
    expect((await httpJson<{ name: string }>('GET', `${flinkRestUrl}/jobs/${jsonJob}`)).name).toBe(jsonJobName);
    expect((await httpJson<{ name: string }>('GET', `${flinkRestUrl}/jobs/${gwJob}`)).name).toBe(gwJobName);

    const viaJar = await readAll(jarTopic);
    const viaGateway = await readAll(gwTopic);
    const expected = expectedRows();
    expect(expected).toHaveLength(5);
    expect(viaJar).toEqual(expected);
    expect(await readAll(jsonTopic)).toEqual(viaJar);
    expect(viaGateway).toEqual(viaJar);
  });

  it('fails the jar run with the root cause line when the script is invalid', async () => {
    await expect(submitScriptJar(`SET 'pipeline.name' = 'sluice.it.bad-${id}';\nCREATE TABLE t (a INT) WITH ('connector' = 'datagen');\nCREATE TABLE s (a INT) WITH ('connector' = 'blackhole');\nINSERT INTO s SELECT b FROM t`, { flinkRestUrl, parallelism: 1 })).rejects.toMatchObject({
      code: 'DEPLOY_JAR_RUN_FAILED',
      message: expect.stringContaining("Column 'b' not found in any table"),
    });
  });
});
