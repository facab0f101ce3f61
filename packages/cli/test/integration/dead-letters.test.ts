import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { testStackEndpoints } from '@sluice/stack';
import { FlinkRestClient } from '@sluice/flink-client';
import { createKafkaClient, type SluiceKafka } from '@sluice/kafka';
import { schema, t } from '@sluice/dsl';
import { sluice, writeUserProject } from './cli-harness';

// N events (10,000 by default) with 1% garbage (truncated JSON, wrong types, invalid UTF-8, empty) through a signal
// whose source routes records that do not parse to a dead-letter topic, in the same job.
jest.setTimeout(300_000);

// 10,000 in npm test; SLUICE_DEAD_LETTER_EVENTS=100000 for the full run (a multiple of 100).
const N = Number(process.env.SLUICE_DEAD_LETTER_EVENTS ?? 10_000);
const Total = schema({ id: t.bigint().notNull(), account: t.string(), total: t.double() });
const DeadLetter = schema({ partition: t.int(), offset: t.bigint(), timestamp: t.timestampLtz(3), raw_value: t.bytes(), reason: t.string() });

type Garbage = { bytes: Buffer; reason: string };
const GARBAGE: readonly ((i: number) => Garbage)[] = [
  (i) => ({ bytes: Buffer.from(`{"id": ${i}, "account": "acct-${i}", "amo`), reason: 'not a JSON object' }),
  (i) => ({ bytes: Buffer.from(JSON.stringify({ id: i, account: 'x', amount: 'not-a-number', qty: 1 })), reason: 'field amount: not a DOUBLE' }),
  (i) => ({ bytes: Buffer.concat([Buffer.from(`{"id": ${i}, "account": "`), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('", "amount": 1.5, "qty": 1}')]), reason: 'invalid UTF-8' }),
  () => ({ bytes: Buffer.alloc(0), reason: 'empty' }),
];

/** Event i: 1% (every 100th, from 37 on) is garbage of one of the four kinds in turn. */
function event(i: number): { bytes: Buffer; garbage?: string; valid?: { id: bigint; account: string; total: number } } {
  if (i % 100 === 37) {
    const g = (GARBAGE[Math.floor(i / 100) % GARBAGE.length] as (i: number) => Garbage)(i);
    return { bytes: g.bytes, garbage: g.reason };
  }
  const account = `acct-ü-${i % 7}`;
  const amount = (i % 50) * 0.5;
  const qty = (i % 3) + 1;
  return { bytes: Buffer.from(JSON.stringify({ id: i, account, amount, qty })), valid: { id: BigInt(i), account, total: amount * qty } };
}

describe('dead letters: a source with onParseError: { deadLetter } on the real stack', () => {
  const endpoints = testStackEndpoints();
  const id = randomBytes(4).toString('hex');
  const project = `deadletters_${id}`;
  const input = `dl-${id}.payments`;
  const output = `dl-${id}.totals`;
  const dead = `dl-${id}.payments.dead`;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-dl-'));
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  let kafka: SluiceKafka;
  let jobId = '';

  beforeAll(() => {
    kafka = createKafkaClient({ brokers: endpoints.kafkaBrokers, clientId: `it-dl-${id}` });
    writeUserProject(dir, { project, endpoints });
    writeFileSync(
      join(dir, 'signals.ts'),
      [
        "import { kafka, schema, signal, t } from '@sluice/dsl';",
        'const Payment = schema({ id: t.bigint().notNull(), account: t.string(), amount: t.double(), qty: t.int() });',
        `const payments = kafka.source('payments', Payment, { topic: '${input}', onParseError: { deadLetter: '${dead}' } });`,
        `export const totals = signal('totals').from(payments).select((r) => ({ id: r.id, account: r.account, total: r.amount.times(r.qty) })).to(kafka.sink('${output}'));`,
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    if (jobId !== '') await flink.cancelJob(jobId).catch(() => undefined);
    await kafka.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('0 valid events lost, exactly the garbage in the dead-letter topic with its offsets and reasons, no restart, status counts them', async () => {
    const deploy = await sluice(['deploy', '--json'], dir);
    expect(deploy.stderr).toBe('');
    expect({ code: deploy.code, out: deploy.code === 0 ? '' : deploy.stdout }).toEqual({ code: 0, out: '' });
    jobId = (JSON.parse(deploy.stdout) as { result: { jobs: { jobId?: string }[] } }).result.jobs[0]?.jobId ?? '';
    // The topics deploy made: the input has one partition, so event i is at offset i.
    expect((await kafka.topics.describe([input, output, dead])).size).toBe(3);

    const events = Array.from({ length: N }, (_, i) => event(i));
    const raw = new Kafka({ brokers: [...endpoints.kafkaBrokers], clientId: `it-dl-raw-${id}`, logLevel: logLevel.NOTHING });
    const producer = raw.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let from = 0; from < N; from += 1000) {
      await producer.send({ topic: input, messages: events.slice(from, from + 1000).map((e) => ({ value: e.bytes })) });
    }
    await producer.disconnect();
    const expected = events.flatMap((e) => (e.valid === undefined ? [] : [e.valid]));
    const garbage = events.flatMap((e, i) => (e.garbage === undefined ? [] : [{ offset: BigInt(i), reason: e.garbage, bytes: e.bytes }]));
    expect(garbage).toHaveLength(N / 100);

    const totals: { id: bigint; account: string | null; total: number | null }[] = [];
    const stream = kafka.consume({ topic: output, schema: Total }, { from: 'earliest' });
    for await (const row of stream) {
      totals.push({ id: row.id, account: row.account, total: row.total });
      if (totals.length === expected.length) break;
    }
    await stream.close();
    expect(totals.sort((a, b) => Number(a.id - b.id))).toEqual(expected);

    const letters: { partition: number | null; offset: bigint | null; reason: string | null; bytes: Buffer }[] = [];
    const deadStream = kafka.consume({ topic: dead, schema: DeadLetter }, { from: 'earliest' });
    for await (const row of deadStream) {
      letters.push({ partition: row.partition, offset: row.offset, reason: row.reason, bytes: Buffer.from(row.raw_value ?? new Uint8Array()) });
      if (letters.length === garbage.length) break;
    }
    await deadStream.close();
    expect(letters.sort((a, b) => Number((a.offset ?? 0n) - (b.offset ?? 0n)))).toEqual(garbage.map((g) => ({ partition: 0, offset: g.offset, reason: g.reason, bytes: g.bytes })));

    // Flink samples the restart metric every few seconds: read status until it has one.
    type Status = { state: string; restarts: number | null; deadLetters: { topic: string; count: number | null }[] };
    let s: Status | undefined;
    for (let attempt = 0; attempt < 60; attempt++) {
      const out = JSON.parse((await sluice(['status', '--json'], dir)).stdout) as Status[] | { error: unknown };
      s = Array.isArray(out) ? out[0] : undefined;
      if (s !== undefined && s.restarts !== null) break;
      await new Promise((done) => setTimeout(done, 1000));
    }
    expect(s?.state).toBe('RUNNING');
    const exceptions = (await fetch(`${endpoints.flinkRestUrl}/jobs/${jobId}/exceptions`).then((r) => r.json())) as { exceptionHistory: { entries: unknown[] } };
    expect(exceptions.exceptionHistory.entries).toEqual([]);
    expect(s?.restarts).toBe(0);
    expect(s?.deadLetters).toEqual([{ topic: dead, count: garbage.length }]);
    const text = await sluice(['status'], dir);
    expect(text.stdout).toContain('DEAD LETTERS');
    expect(text.stdout).toContain(`${dead}=${garbage.length}`);
    // The stack's slots are shared: free this one before the next test deploys.
    await flink.cancelJob(jobId);
    jobId = '';
  });
});

describe('dead letters on an event-time source: the watermark comes from the parsed records, windows close', () => {
  const endpoints = testStackEndpoints();
  const id = randomBytes(4).toString('hex');
  const project = `deadletters_evt_${id}`;
  const input = `dlevt-${id}.trades`;
  const output = `dlevt-${id}.volume`;
  const dead = `dlevt-${id}.trades.dead`;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-dl-evt-'));
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  let kafka: SluiceKafka;
  let jobId = '';

  beforeAll(() => {
    kafka = createKafkaClient({ brokers: endpoints.kafkaBrokers, clientId: `it-dlevt-${id}` });
    writeUserProject(dir, { project, endpoints });
    writeFileSync(
      join(dir, 'signals.ts'),
      [
        "import { kafka, schema, signal, sum, t, toTimestampLtz, tumble } from '@sluice/dsl';",
        'const Trade = schema({ symbol: t.string(), price: t.double(), ts_ms: t.bigint() });',
        `const trades = kafka.source('trades', Trade, { topic: '${input}', onParseError: { deadLetter: '${dead}' }, computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' } });`,
        `export const volume = signal('volume').from(trades).window(tumble('ts', '1 min')).groupBy('symbol').select((r) => ({ total: sum(r.price) })).to(kafka.sink('${output}'), { parallelism: 1 });`,
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    if (jobId !== '') await flink.cancelJob(jobId).catch(() => undefined);
    await kafka.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('window sums equal the reference over the valid records; the garbage is in the dead-letter topic', async () => {
    const deploy = await sluice(['deploy', '--json'], dir);
    expect({ code: deploy.code, out: deploy.code === 0 ? '' : deploy.stdout }).toEqual({ code: 0, out: '' });
    jobId = (JSON.parse(deploy.stdout) as { result: { jobs: { jobId?: string }[] } }).result.jobs[0]?.jobId ?? '';
    const base = Date.UTC(2024, 0, 1, 12, 0, 0);
    const records: Buffer[] = [];
    const sums = new Map<string, number>();
    const garbage: number[] = [];
    for (let i = 0; i < 1000; i++) {
      if (i % 100 === 37) {
        records.push(Buffer.from(i % 200 === 37 ? `{"symbol": "A", "price": 1, "ts_ms": ` : JSON.stringify({ symbol: 'A', price: 'x', ts_ms: base })));
        garbage.push(i);
        continue;
      }
      const symbol = i % 2 === 0 ? 'A' : 'B';
      const ts = base + i * 100; // two one-minute windows
      const price = i % 10;
      records.push(Buffer.from(JSON.stringify({ symbol, price, ts_ms: ts })));
      const key = `${symbol}@${Math.floor((ts - base) / 60_000)}`;
      sums.set(key, (sums.get(key) ?? 0) + price);
    }
    // A record three minutes on moves the watermark past both windows.
    records.push(Buffer.from(JSON.stringify({ symbol: 'A', price: 0, ts_ms: base + 180_000 })));
    const raw = new Kafka({ brokers: [...endpoints.kafkaBrokers], clientId: `it-dlevt-raw-${id}`, logLevel: logLevel.NOTHING });
    const producer = raw.producer();
    await producer.connect();
    await producer.send({ topic: input, messages: records.map((value) => ({ value })) });
    await producer.disconnect();

    const rows: number[] = [];
    const stream = kafka.consume({ topic: output, schema: schema({ symbol: t.string(), total: t.double() }) }, { from: 'earliest' });
    for await (const row of stream) {
      rows.push(row.total ?? NaN);
      if (rows.length === sums.size) break;
    }
    await stream.close();
    expect(rows.sort((a, b) => a - b)).toEqual([...sums.values()].sort((a, b) => a - b));

    const offsets: bigint[] = [];
    const deadStream = kafka.consume({ topic: dead, schema: DeadLetter }, { from: 'earliest' });
    for await (const row of deadStream) {
      offsets.push(row.offset ?? -1n);
      if (offsets.length === garbage.length) break;
    }
    await deadStream.close();
    expect(offsets.sort((a, b) => Number(a - b))).toEqual(garbage.map(BigInt));
  });
});
