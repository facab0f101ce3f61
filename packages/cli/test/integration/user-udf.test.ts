import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { testStackEndpoints } from '@sluice/stack';
import { FlinkRestClient } from '@sluice/flink-client';
import { USER_UDF_CLASSES, userUdfJar } from '../../../deploy/test/fixtures/user-udf/user-udf-jar';
import { sluice, writeUserProject } from './cli-harness';

// Issue 20 item 2: a user's own functions, built from a small Maven module (packages/deploy/test/fixtures/user-udf),
// declared with udf.scalar / udf.aggregate in a project whose config names the jar relative to itself, validated
// (offline and through the Gateway) and deployed with `sluice deploy` (gateway, then --via jar) onto the stack.
jest.setTimeout(600_000);

interface Trade {
  readonly symbol: string;
  readonly price: number;
  readonly qty: number;
}

// Prices and weights whose products and quotients are exact in binary.
const TRADES: readonly Trade[] = [
  { symbol: 'ACME', price: 12.5, qty: 10 },
  { symbol: 'BOLT', price: 3.75, qty: 400 },
  { symbol: 'ACME', price: 17.25, qty: 30 },
  { symbol: 'CORE', price: 5, qty: 8 },
  { symbol: 'BOLT', price: 4.25, qty: 400 },
];

/** What PriceBand computes: the lower bound of the band of `width` the price is in. */
const band = (price: number, width: number): number => Math.floor(price / width) * width;

describe('user functions from a jar, declared with udf.*, deployed with sluice deploy', () => {
  const endpoints = testStackEndpoints();
  const id = randomBytes(4).toString('hex');
  const project = `userudf_${id}`;
  const input = `uudf-${id}.trades`;
  const bandedTopic = `uudf-${id}.banded`;
  const wavgTopic = `uudf-${id}.wavg`;
  const notesTopic = `uudf-${id}.notes`;
  const wordsTopic = `uudf-${id}.words`;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-uudf-'));
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  const kafka = new Kafka({ brokers: [...endpoints.kafkaBrokers], clientId: `it-uudf-${id}`, logLevel: logLevel.NOTHING });
  const jobs: string[] = [];

  beforeAll(() => {
    // the Maven build of the fixture (once; target/ is git-ignored), copied where the user's config names it
    mkdirSync(join(dir, 'udfs'));
    copyFileSync(userUdfJar(), join(dir, 'udfs', 'user-udf.jar'));
    writeUserProject(dir, { project, endpoints });
    writeFileSync(
      join(dir, 'signals.ts'),
      [
        "import { count, kafka, schema, signal, t, udf, upsertKafka } from '@sluice/dsl';",
        'const Trade = schema({ symbol: t.string().notNull(), price: t.double(), qty: t.bigint() });',
        `const trades = kafka.source('trades', Trade, { topic: '${input}' });`,
        `const priceBand = udf.scalar('price_band', { className: '${USER_UDF_CLASSES.priceBand}', jar: 'udfs/user-udf.jar', args: [t.double(), t.int()], returns: t.bigint() });`,
        `const splitWords = udf.table('split_words', { className: '${USER_UDF_CLASSES.splitWords}', jar: 'udfs/user-udf.jar', args: [t.string()], returns: { word: t.string(), length: t.int() } });`,
        `const notes = kafka.source('notes', schema({ id: t.int().notNull(), line: t.string() }), { topic: '${notesTopic}' });`,
        `export const words = signal('words').from(notes).lateral((r) => splitWords(r.line), { type: 'left' }).to(kafka.sink('${wordsTopic}'), { parallelism: 1 });`,
        `const weightedAvg = udf.aggregate('weighted_avg', { className: '${USER_UDF_CLASSES.weightedAvg}', jar: 'udfs/user-udf.jar', args: [t.double(), t.bigint()], returns: t.double() });`,
        `export const banded = signal('banded').from(trades).select((r) => ({ symbol: r.symbol, price: r.price, band: priceBand(r.price, 5) })).to(kafka.sink('${bandedTopic}'), { parallelism: 1 });`,
        `export const wavg = signal('wavg').from(trades).groupBy('symbol').select((r) => ({ wavg: weightedAvg(r.price, r.qty), n: count() })).to(upsertKafka.sink('${wavgTopic}'), { parallelism: 1 });`,
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    for (const jobId of jobs) await flink.cancelJob(jobId).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  async function deploy(args: readonly string[]): Promise<string> {
    const run = await sluice(['deploy', ...args, '--json'], dir);
    expect({ code: run.code, err: run.code === 0 ? '' : `${run.stdout}\n${run.stderr}` }).toEqual({ code: 0, err: '' });
    const jobId = (JSON.parse(run.stdout) as { result: { jobs: { jobId?: string }[] } }).result.jobs[0]?.jobId ?? '';
    expect(jobId).toMatch(/^[0-9a-f]{32}$/);
    jobs.push(jobId);
    return jobId;
  }

  async function produceTrades(): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: input, messages: TRADES.map((trade) => ({ key: trade.symbol, value: JSON.stringify(trade) })) });
    await producer.disconnect();
  }

  /** Reads JSON values of a topic from the beginning until `done` says the rows are complete. */
  async function readUntil<R>(topic: string, done: (rows: readonly R[]) => boolean): Promise<R[]> {
    const rows: R[] = [];
    const consumer: Consumer = kafka.consumer({ groupId: `it-uudf-read-${topic}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.value !== null) rows.push(JSON.parse(message.value.toString()) as R);
          if (done(rows)) resolve();
        },
      });
    });
    await consumer.disconnect();
    return rows;
  }

  it('validate sees the jar offline and through the Gateway', async () => {
    const offline = await sluice(['validate', '--offline'], dir);
    expect({ code: offline.code, out: offline.stdout, err: offline.stderr }).toEqual({ code: 0, out: expect.stringContaining('3 signal(s) valid') as string, err: '' });
    const gateway = await sluice(['validate'], dir);
    expect({ code: gateway.code, out: gateway.stdout, err: gateway.stderr }).toEqual({ code: 0, out: expect.stringContaining('3 signal(s) valid') as string, err: '' });
  });

  it('a udf.scalar call deployed through the SQL Gateway returns the function of every row', async () => {
    const jobId = await deploy(['banded']);
    await produceTrades();
    const rows = await readUntil<{ symbol: string; price: number; band: number }>(bandedTopic, (r) => r.length >= TRADES.length);
    const key = (r: { symbol: string; price: number }): string => `${r.symbol}|${r.price}`;
    expect([...rows].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      TRADES.map((trade) => ({ symbol: trade.symbol, price: trade.price, band: band(trade.price, 5) })).sort((a, b) => key(a).localeCompare(key(b))),
    );
    // computed by the jar's class, not by a built-in: 17.25 is in the band [15, 20)
    expect(rows.find((r) => r.price === 17.25)?.band).toBe(15);
    await flink.cancelJob(jobId);
  });

  it('a udf.aggregate call deployed --via jar (flink-jobs sql-runner) returns the weighted average per key', async () => {
    const jobId = await deploy(['wavg', '--via', 'jar']);
    const expected = new Map<string, { wavg: number; n: number }>();
    for (const symbol of new Set(TRADES.map((t) => t.symbol))) {
      const mine = TRADES.filter((t) => t.symbol === symbol);
      const weight = mine.reduce((s, t) => s + t.qty, 0);
      expected.set(symbol, { wavg: mine.reduce((s, t) => s + t.price * t.qty, 0) / weight, n: mine.length });
    }
    // the trades are in the topic already (the previous case): the job reads them from the earliest offset
    const latest = new Map<string, { wavg: number; n: number }>();
    await readUntil<{ symbol: string; wavg: number; n: number }>(wavgTopic, (rows) => {
      const row = rows[rows.length - 1];
      if (row !== undefined) latest.set(row.symbol, { wavg: row.wavg, n: row.n });
      return [...expected].every(([symbol, want]) => latest.get(symbol)?.n === want.n);
    });
    expect(Object.fromEntries(latest)).toEqual(Object.fromEntries(expected));
    expect(latest.get('ACME')?.wavg).toBe(16.0625);
    await flink.cancelJob(jobId);
  });

  it('a udf.table joined with lateral (LEFT JOIN LATERAL TABLE) emits one row per word, and keeps a line without words', async () => {
    const jobId = await deploy(['words']);
    const lines = [
      { id: 1, line: 'to be or' },
      { id: 2, line: '' },
      { id: 3, line: 'streaming  joins' },
    ];
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: notesTopic, messages: lines.map((l) => ({ value: JSON.stringify(l) })) });
    await producer.disconnect();
    type WordRow = { id: number; line: string; word: string | null; length: number | null };
    const expected = lines.flatMap((l): WordRow[] => {
      const found = l.line.split(' ').filter((w) => w !== '');
      return found.length === 0 ? [{ id: l.id, line: l.line, word: null, length: null }] : found.map((w) => ({ id: l.id, line: l.line, word: w, length: w.length }));
    });
    expect(expected).toHaveLength(6);
    const rows = await readUntil<WordRow>(wordsTopic, (r) => r.length >= expected.length);
    const key = (r: { id: number; word: string | null }): string => `${r.id}|${r.word ?? ''}`;
    expect([...rows].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...expected].sort((a, b) => key(a).localeCompare(key(b))));
    await flink.cancelJob(jobId);
  });
});
