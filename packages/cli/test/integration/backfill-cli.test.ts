import { randomBytes } from 'node:crypto';
import { testStackEndpoints } from '@sluice/stack';
import { createKafkaClient } from '@sluice/kafka';
import { schema, t } from '@sluice/dsl';
import { demoProject, sluice } from './cli-harness';

// Issue 18 item 1: `sluice backfill` on the real stack (the built binary in a copy of examples/cli-demo).
// Clicks are produced in two batches with a time T between them; a backfill bounded by T (a Kafka record
// timestamp) reads the first batch only, and one bounded by the offset after it reads the same records
// and writes the same rows.

const endpoints = testStackEndpoints();
const id = randomBytes(4).toString('hex');
const demo = demoProject(id, endpoints);
const Click = schema({ user_id: t.string(), page: t.string(), ts: t.timestampLtz(3) });
const Views = schema({ window_start: t.timestamp(3), window_end: t.timestamp(3), page: t.string(), views: t.bigint().notNull() });
const kafka = createKafkaClient({ brokers: endpoints.kafkaBrokers, clientId: `cli-bf-${id}` });
afterAll(() => kafka.close());

const MINUTE = Date.UTC(2026, 0, 5, 10, 0, 0);
const first = Array.from({ length: 30 }, (_, i) => ({ user_id: `u${i % 4}`, page: i % 3 === 0 ? 'home' : 'docs', ts: new Date(MINUTE + i * 3000) }));
const later = Array.from({ length: 10 }, (_, i) => ({ user_id: 'u9', page: 'home', ts: new Date(MINUTE + 300_000 + i * 1000) }));

/** The reference: views per (minute, page) of the first batch. */
function expectedViews(): string[] {
  const counts = new Map<string, number>();
  for (const c of first) {
    const key = `${new Date(Math.floor(c.ts.getTime() / 60_000) * 60_000).toISOString()}|${c.page}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([k, n]) => `${k}|${n}`).sort();
}

async function readViews(topic: string, n: number): Promise<string[]> {
  const stream = kafka.consume({ topic, schema: Views }, { from: 'earliest' });
  const rows: string[] = [];
  const timer = setTimeout(() => void stream.close(), 30_000);
  try {
    for await (const row of stream) {
      rows.push(`${row.window_start?.toISOString() ?? 'null'}|${row.page}|${row.views}`);
      if (rows.length >= n) break;
    }
  } finally {
    clearTimeout(timer);
    await stream.close();
  }
  return rows.sort();
}

test('sluice backfill --to <time> and --to offsets:0=<n> read the first batch only and write its windows, with progress and a summary', async () => {
  await kafka.topics.apply([{ name: demo.topic('clicks'), partitions: 1 }]);
  const producer = await kafka.producer({ topic: demo.topic('clicks'), schema: Click, key: ['user_id'] });
  await producer.send(first);
  const between = new Date(Date.now() + 1);
  await new Promise((r) => setTimeout(r, 20));
  await producer.send(later);
  await producer.close();
  const expected = expectedViews();

  const byTime = await sluice(['backfill', 'pages_per_minute', '--from', 'earliest', '--to', between.toISOString(), '--into', demo.topic('views-by-time'), '--id', 'cli1', '--json'], demo.dir);
  expect(byTime.stderr).toBe('');
  expect(byTime.code).toBe(0);
  const result = JSON.parse(byTime.stdout) as { jobName: string; topic: string; recordsRead: number; rowsWritten: number };
  expect(result).toMatchObject({ jobName: `sluice.${demo.project}.pages_per_minute.backfill-cli1`, topic: demo.topic('views-by-time'), recordsRead: first.length, rowsWritten: expected.length });
  expect(await readViews(demo.topic('views-by-time'), expected.length)).toEqual(expected);

  const byOffset = await sluice(['backfill', 'pages_per_minute', '--from', 'earliest', '--to', `offsets:0=${first.length}`, '--into', demo.topic('views-by-offset'), '--id', 'cli2'], demo.dir);
  expect(byOffset.code).toBe(0);
  expect(byOffset.stderr).toContain(`pages_per_minute: submitting sluice.${demo.project}.pages_per_minute.backfill-cli2`);
  expect(byOffset.stderr).toContain(`finished: ${first.length} records read, ${expected.length} rows written`);
  expect(byOffset.stdout).toMatch(/^SIGNAL +JOB +TOPIC +RECORDS READ +ROWS WRITTEN +TIME/);
  expect(await readViews(demo.topic('views-by-offset'), expected.length)).toEqual(expected);
}, 120_000);
