import { randomUUID } from 'node:crypto';
import { schema, t, type RowOf } from '@sluice/dsl';
import { testStackEndpoints } from '@sluice/stack';
import { createKafkaClient, type SluiceKafka } from '@sluice/kafka';
import { Gateway, cancelJob, columns, eventually, waitForRunning } from './gateway';

describe('typed events through a real Flink SQL job', () => {
  const { kafkaBrokers, flinkRestUrl, sqlGatewayUrl } = testStackEndpoints();
  const bootstrap = kafkaBrokers.join(',');
  let client: SluiceKafka;
  let gateway: Gateway;
  const jobs: string[] = [];

  beforeAll(async () => {
    client = createKafkaClient({ brokers: kafkaBrokers, clientId: 'kafka-it-flink' });
    gateway = await Gateway.open(sqlGatewayUrl);
    await gateway.execute(`SET 'parallelism.default' = '1'`);
  });
  afterAll(async () => {
    for (const job of jobs) await cancelJob(flinkRestUrl, job);
    await gateway.close();
    await client.close();
  });

  async function startJob(name: string, insert: string): Promise<void> {
    await gateway.execute(`SET 'pipeline.name' = '${name}'`);
    const { jobId } = await gateway.execute(insert);
    if (jobId === undefined) throw new Error('INSERT returned no job id');
    jobs.push(jobId);
    await waitForRunning(flinkRestUrl, jobId);
  }

  it('round trip: timestamps with ms, DECIMAL, BIGINT above 2^53, nulls, ARRAY/MAP and a nested ROW come back equal', async () => {
    const id = randomUUID().slice(0, 8);
    const Event = schema({
      id: t.bigint().notNull(),
      big: t.bigint(),
      amount: t.decimal(20, 4),
      small: t.decimal(10, 2),
      at: t.timestamp(3),
      ltz: t.timestampLtz(3),
      note: t.string(),
      tags: t.array(t.string()),
      attrs: t.map(t.string(), t.int()),
      customer: t.row({ name: t.string(), score: t.double(), joined: t.timestampLtz(3) }),
    });
    const input = { topic: `it-rt-in-${id}`, schema: Event, key: ['id'] as const };
    const output = { topic: `it-rt-out-${id}`, schema: Event };
    await client.topics.apply([{ name: input.topic }, { name: output.topic }]);

    const rows: RowOf<typeof Event>[] = [
      {
        id: 1n,
        big: 9007199254740993n,
        amount: '12345678901234.5678',
        small: '-0.05',
        at: new Date('2024-05-01T10:00:00.123Z'),
        ltz: new Date('2024-12-31T23:59:59.007Z'),
        note: 'héllo "quoted" \\ line\nbreak',
        tags: ['a', null],
        attrs: new Map<string, number | null>([['k', 1], ['n', null]]),
        customer: { name: 'Ada', score: 0.1, joined: new Date('2020-02-29T12:34:56.780Z') },
      },
      { id: 2n, big: null, amount: null, small: null, at: null, ltz: null, note: null, tags: null, attrs: null, customer: null },
      {
        id: 9223372036854775807n,
        big: -9223372036854775808n,
        amount: '-0.0001',
        small: '0.00',
        at: new Date('1999-01-01T00:00:00.000Z'),
        ltz: new Date('2038-01-19T03:14:08.999Z'),
        note: '',
        tags: [],
        attrs: new Map<string, number | null>(),
        customer: { name: null, score: null, joined: null },
      },
    ];

    await gateway.execute(`CREATE TABLE src_${id} (${columns(Event.fields)}) WITH ('connector' = 'kafka', 'topic' = '${input.topic}', 'properties.bootstrap.servers' = '${bootstrap}', 'properties.group.id' = 'it-rt-${id}', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json')`);
    await gateway.execute(`CREATE TABLE snk_${id} (${columns(Event.fields)}) WITH ('connector' = 'kafka', 'topic' = '${output.topic}', 'properties.bootstrap.servers' = '${bootstrap}', 'format' = 'json')`);
    await startJob(`kafka-it-roundtrip-${id}`, `INSERT INTO snk_${id} SELECT * FROM src_${id}`);

    const producer = await client.producer(input);
    await producer.send(rows);
    await producer.close();

    const received: RowOf<typeof Event>[] = [];
    const stream = client.consume(output, { from: 'earliest' });
    for await (const row of stream) {
      received.push(row);
      if (received.length === rows.length) break;
    }
    expect(stream.metrics).toMatchObject({ rows: 3, badRecords: 0 });
    received.sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(received).toEqual(rows);

    // The same records as Arrow columns.
    const arrow = client.consumeArrow(output, { from: 'earliest' });
    let table: { id: unknown[]; big: unknown[]; ltz: unknown[]; amount: unknown[]; name: unknown[] } | undefined;
    for await (const batch of arrow) {
      table = {
        id: [...batch.getChild('id')!],
        big: [...batch.getChild('big')!],
        ltz: [...batch.getChild('ltz')!],
        amount: [...batch.getChild('amount')!],
        name: [...batch.getChild('customer')!].map((c) => (c as { name: unknown } | null)?.name ?? null),
      };
      if (batch.numRows >= rows.length) break;
    }
    const order = (table?.id ?? []).map((v, i) => [v as bigint, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, i]) => i);
    expect(order.map((i) => table?.big[i])).toEqual(rows.map((r) => r.big));
    expect(order.map((i) => table?.ltz[i])).toEqual(rows.map((r) => r.ltz?.getTime() ?? null));
    expect(order.map((i) => table?.amount[i])).toEqual(rows.map((r) => r.amount));
    expect(order.map((i) => table?.name[i])).toEqual(rows.map((r) => r.customer?.name ?? null));
  });

  it('changelog: an upsert-kafka output materialises to the right final table after updates and deletes', async () => {
    const id = randomUUID().slice(0, 8);
    const In = schema({ id: t.int().notNull(), name: t.string(), qty: t.bigint() });
    const Out = schema({ id: t.int().notNull(), shout: t.string(), qty10: t.bigint() });
    const input = { topic: `it-cl-in-${id}`, schema: In, key: ['id'] as const, changelog: 'upsert' as const };
    const output = { topic: `it-cl-out-${id}`, schema: Out, key: ['id'] as const, changelog: 'upsert' as const };
    await client.topics.apply([{ name: input.topic, configs: { 'cleanup.policy': 'compact' } }, { name: output.topic, configs: { 'cleanup.policy': 'compact' } }]);
    const upsert = (table: string, topic: string, cols: string): string =>
      `CREATE TABLE ${table} (${cols}, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'topic' = '${topic}', 'properties.bootstrap.servers' = '${bootstrap}', 'properties.group.id' = 'it-cl-${id}', 'key.format' = 'json', 'value.format' = 'json')`;
    await gateway.execute(upsert(`cl_in_${id}`, input.topic, columns(In.fields)));
    await gateway.execute(upsert(`cl_out_${id}`, output.topic, columns(Out.fields)));
    await startJob(`kafka-it-changelog-${id}`, `INSERT INTO cl_out_${id} SELECT id, UPPER(name), qty * 10 FROM cl_in_${id} WHERE qty > 0`);

    const producer = await client.producer(input);
    const ops: Array<{ upsert: { id: number; name: string | null; qty: bigint | null } } | { delete: number }> = [
      { upsert: { id: 1, name: 'apple', qty: 1n } },
      { upsert: { id: 2, name: 'pear', qty: 2n } },
      { upsert: { id: 3, name: 'plum', qty: 3n } },
      { upsert: { id: 4, name: 'fig', qty: 4n } },
      { upsert: { id: 1, name: 'apple', qty: 11n } },
      { delete: 2 },
      { upsert: { id: 3, name: 'plum', qty: 0n } },
      { upsert: { id: 5, name: null, qty: 9007199254740993n } },
      { delete: 4 },
      { upsert: { id: 4, name: 'fig', qty: 44n } },
    ];
    for (const op of ops) {
      if ('upsert' in op) await producer.send([op.upsert]);
      else await producer.sendTombstones([{ id: op.delete }]);
    }
    await producer.close();

    // Expected table computed in TS with the job's rules.
    const state = new Map<number, { id: number; name: string | null; qty: bigint | null }>();
    for (const op of ops) 'upsert' in op ? state.set(op.upsert.id, op.upsert) : state.delete(op.delete);
    const expected = [...state.values()]
      .filter((r) => r.qty !== null && r.qty > 0n)
      .map((r) => ({ id: r.id, shout: r.name === null ? null : r.name.toUpperCase(), qty10: (r.qty ?? 0n) * 10n }))
      .sort((a, b) => a.id - b.id);

    const table = client.table(output);
    const current = (): unknown[] => [...table.snapshot().values()].sort((a, b) => a.id - b.id);
    let deletes = 0;
    table.onChange((change) => (deletes += change.op === 'delete' ? 1 : 0));
    try {
      await eventually(() => JSON.stringify(current(), (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)) === JSON.stringify(expected, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)), 'the materialised table to match');
      expect(current()).toEqual(expected);
      expect(table.get({ id: 1 })).toEqual({ id: 1, shout: 'APPLE', qty10: 110n });
      expect(table.get({ id: 2 })).toBeUndefined();
      expect(deletes).toBeGreaterThanOrEqual(2);
      expect(table.metrics.badRecords).toBe(0);
    } finally {
      await table.close();
    }
  });
});
