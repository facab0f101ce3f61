import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { testStackEndpoints } from '@sluice/stack';
import { FlinkRestClient } from '@sluice/flink-client';
import { createKafkaClient, type SluiceKafka } from '@sluice/kafka';
import { schema, t } from '@sluice/dsl';
import { REPO, sluice } from './cli-harness';

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
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(
      join(dir, 'sluice.config.ts'),
      `import { defineConfig } from '@sluice/cli';\nexport default defineConfig({\n  project: '${project}',\n  signals: ['signals.ts'],\n  flink: { restUrl: '${endpoints.flinkRestUrl}', sqlGatewayUrl: '${endpoints.sqlGatewayUrl}' },\n  kafka: { brokers: ${JSON.stringify(endpoints.kafkaBrokers)} },\n  deploy: { timeoutMs: 120000 },\n});\n`,
    );
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
  });
});
