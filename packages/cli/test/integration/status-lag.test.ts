import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { testStackEndpoints } from '@sluice/stack';
import { FlinkRestClient } from '@sluice/flink-client';
import { sluice, writeUserProject } from './cli-harness';

// Lag you can see (issue 17 item 3): a backlog waits in the source topic before the signal starts; status shows
// it as records behind under the signal's own consumer group (no group.id in the definition), then 0 once the
// job has read it and committed its offsets on a checkpoint.
jest.setTimeout(300_000);

const N = 20_000;

type Status = {
  state: string;
  recordsBehind: number | null;
  recordsBehindFrom: string | null;
  sourceLag: { topic: string; groupId: string; lag: number | null }[];
  watermarkLagMs: number | null;
  lastCheckpoint: { id: number; ageMs: number; durationMs: number | null } | null;
  load: { pendingRecords: number | null; busyRatio: number | null; backPressuredRatio: number | null } | null;
};

describe('status: records behind per signal on the real stack', () => {
  const endpoints = testStackEndpoints();
  const id = randomBytes(4).toString('hex');
  const project = `lag_${id}`;
  const input = `lag-${id}.ticks`;
  const output = `lag-${id}.big`;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-lag-'));
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  const raw = new Kafka({ brokers: [...endpoints.kafkaBrokers], clientId: `it-lag-${id}`, logLevel: logLevel.NOTHING });
  let jobId = '';

  beforeAll(() => {
    writeUserProject(dir, { project, endpoints });
    writeFileSync(
      join(dir, 'signals.ts'),
      [
        "import { kafka, schema, signal, t, toTimestampLtz } from '@sluice/dsl';",
        'const Tick = schema({ symbol: t.string(), price: t.double(), ts_ms: t.bigint() });',
        `const ticks = kafka.source('ticks', Tick, { topic: '${input}', computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' } });`,
        `export const big = signal('big').from(ticks).where((r) => r.price.gt(90)).select((r) => ({ symbol: r.symbol, price: r.price })).to(kafka.sink('${output}'), { parallelism: 1, checkpointInterval: '1 s' });`,
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    if (jobId !== '') await flink.cancelJob(jobId).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Ticks first … first + count - 1, event time base + i ms. */
  async function produce(first: number, count: number, base: number): Promise<void> {
    const producer = raw.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    for (let from = first; from < first + count; from += 2000) {
      const messages = Array.from({ length: Math.min(2000, first + count - from) }, (_, k) => {
        const i = from + k;
        return { value: JSON.stringify({ symbol: `S${i % 10}`, price: i % 100, ts_ms: base + i }) };
      });
      await producer.send({ topic: input, messages });
    }
    await producer.disconnect();
  }

  async function caughtUp(): Promise<Status> {
    let s = await statusOf();
    const deadline = Date.now() + 120_000;
    while (!(s.recordsBehind === 0 && s.sourceLag[0]?.lag === 0 && s.lastCheckpoint !== null && s.watermarkLagMs !== null) && Date.now() < deadline) {
      await new Promise((done) => setTimeout(done, 1000));
      s = await statusOf();
    }
    return s;
  }

  async function deploy(): Promise<void> {
    const run = await sluice(['deploy', '--json'], dir);
    expect({ code: run.code, out: run.code === 0 ? '' : run.stdout + run.stderr }).toEqual({ code: 0, out: '' });
    jobId = (JSON.parse(run.stdout) as { result: { jobs: { jobId?: string }[] } }).result.jobs[0]?.jobId ?? '';
  }

  async function statusOf(): Promise<Status> {
    const run = await sluice(['status', '--json', 'big'], dir);
    const rows = JSON.parse(run.stdout) as Status[];
    const s = rows[0];
    if (s === undefined) throw new Error(`status printed no row: ${run.stdout} ${run.stderr}`);
    return s;
  }

  it('a backlog before the start, and one produced while stopped, is records behind; it falls to 0 once the job has read it and committed', async () => {
    const admin = raw.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: input, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const base = Date.now() - 60_000;
    await produce(0, N, base);

    // Not running: the backlog is behind the signal's own group, which has committed nothing yet.
    const group = `sluice-${project}-big-ticks`;
    const before = await statusOf();
    expect(before).toEqual(
      expect.objectContaining({ state: 'NOT_DEPLOYED', recordsBehind: N, recordsBehindFrom: 'committed-offsets', sourceLag: [{ topic: input, groupId: group, lag: N }], load: null }),
    );

    await deploy();
    // Caught up: Flink's sources have nothing pending, and a checkpoint committed the group's offsets to the end.
    const s = await caughtUp();
    expect(s).toEqual(expect.objectContaining({ state: 'RUNNING', recordsBehind: 0, recordsBehindFrom: 'flink', sourceLag: [{ topic: input, groupId: group, lag: 0 }] }));
    expect(s.load?.pendingRecords).toBe(0);
    expect(typeof s.load?.busyRatio).toBe('number');
    expect(typeof s.load?.backPressuredRatio).toBe('number');
    expect(typeof s.lastCheckpoint?.durationMs).toBe('number');
    expect(s.lastCheckpoint?.ageMs).toBeGreaterThanOrEqual(0);
    // The newest tick was 40 s old when produced: the watermark (1 s out of order) lags now by more than that.
    expect(s.watermarkLagMs).toBeGreaterThanOrEqual(40_000);

    const text = await sluice(['status', 'big'], dir);
    expect(text.stdout).toMatch(/BUSY +BEHIND/);

    // Stopped, then 5,000 more: behind by exactly those, as the group's offsets were committed at the old end.
    expect((await sluice(['cancel', 'big'], dir)).code).toBe(0);
    jobId = '';
    await produce(N, 5000, base);
    expect(await statusOf()).toEqual(expect.objectContaining({ state: 'NOT_DEPLOYED', recordsBehind: 5000, recordsBehindFrom: 'committed-offsets', sourceLag: [{ topic: input, groupId: group, lag: 5000 }] }));
    await deploy();
    expect(await caughtUp()).toEqual(expect.objectContaining({ state: 'RUNNING', recordsBehind: 0, sourceLag: [{ topic: input, groupId: group, lag: 0 }] }));
  });
});
