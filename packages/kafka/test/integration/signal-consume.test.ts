import { randomUUID } from 'node:crypto';
import { compile, count, kafka, schema, signal, sum, t, upsertKafka, type RowOf } from '@sluice/dsl';
import { testStackEndpoints } from '@sluice/stack';
import { createKafkaClient, type SluiceKafka } from '@sluice/kafka';
import { Gateway, cancelJob, eventually, waitForRunning } from './gateway';

// consume(signal), table(signal) and consumeArrow(signal): a compiled DSL signal runs on the real Flink
// (its own compiled script through the SQL Gateway) and its rows are read back by the signal alone:
// topic, codec and key all come from the signal.

describe('typed rows read from the signal itself', () => {
  const { kafkaBrokers, flinkRestUrl, sqlGatewayUrl } = testStackEndpoints();
  const id = randomUUID().slice(0, 8);
  const Order = schema({ id: t.bigint().notNull(), sym: t.string().notNull(), price: t.double(), qty: t.bigint(), amount: t.decimal(12, 2), ts: t.timestamp(3) });
  const orders = kafka.source('orders', Order, {
    topic: `it-sig-orders-${id}`,
    startup: 'earliest-offset',
    properties: { 'group.id': `it-sig-${id}` },
  });
  const big = signal('big_orders', { parallelism: 1 })
    .from(orders)
    .where((r) => r.qty.gt(2))
    .select((r) => ({ id: r.id, sym: r.sym, notional: r.price.times(r.qty), amount: r.amount, at: r.ts }))
    .to(kafka.sink(`it-sig-big-${id}`));
  const perSymbol = signal('per_symbol', { parallelism: 1 })
    .from(orders)
    .groupBy('sym')
    .select((r) => ({ n: count(), qty: sum(r.qty) }))
    .to(upsertKafka.sink(`it-sig-per-symbol-${id}`));

  const events: RowOf<typeof Order>[] = [
    { id: 1n, sym: 'ACME', price: 1.5, qty: 4n, amount: '10.25', ts: new Date('2024-05-01T10:00:00.123Z') },
    { id: 2n, sym: 'ACME', price: 2.25, qty: 1n, amount: '-0.05', ts: new Date('2024-05-01T10:00:01.000Z') },
    { id: 3n, sym: 'INIT', price: 3, qty: 9007199254740993n, amount: null, ts: null },
    { id: 4n, sym: 'ACME', price: null, qty: 3n, amount: '99999999.99', ts: new Date('2024-05-01T10:00:02.999Z') },
    { id: 5n, sym: 'INIT', price: 0.5, qty: null, amount: '0.00', ts: new Date('1999-12-31T23:59:59.999Z') },
  ];

  let client: SluiceKafka;
  let gateway: Gateway;
  const jobs: string[] = [];

  beforeAll(async () => {
    client = createKafkaClient({ brokers: kafkaBrokers, clientId: 'kafka-it-signal' });
    gateway = await Gateway.open(sqlGatewayUrl);
    const script = compile([big, perSymbol], { flinkVersion: '2.2', project: `it_sig_${id}`, bootstrapServers: kafkaBrokers.join(',') });
    await client.topics.apply(script.topics.map((topic) => ({ name: topic.name, ...(topic.compacted ? { configs: { 'cleanup.policy': 'compact' } } : {}) })));
    for (const statement of script.statements) {
      const { jobId } = await gateway.execute(statement.sql);
      if (jobId !== undefined) jobs.push(jobId);
    }
    expect(jobs).toHaveLength(2);
    for (const job of jobs) await waitForRunning(flinkRestUrl, job);
    const producer = await client.producer(orders);
    await producer.send(events);
    await producer.close();
  });
  afterAll(async () => {
    for (const job of jobs) await cancelJob(flinkRestUrl, job);
    await gateway?.close();
    await client?.close();
  });

  it('consume(signal) yields the signal output rows, typed as RowOf<typeof signal>, equal to what the events give', async () => {
    const expected: RowOf<typeof big>[] = events
      .filter((e) => e.qty !== null && e.qty > 2n)
      .map((e) => ({ id: e.id, sym: e.sym, notional: e.price === null || e.qty === null ? null : e.price * Number(e.qty), amount: e.amount, at: e.ts }));
    const received: RowOf<typeof big>[] = [];
    const stream = client.consume(big, { from: 'earliest' });
    expect(stream.topic).toBe(`it-sig-big-${id}`);
    for await (const row of stream) {
      received.push(row);
      if (received.length === expected.length) break;
    }
    expect(stream.metrics).toMatchObject({ badRecords: 0 });
    expect(received.sort((a, b) => (a.id < b.id ? -1 : 1))).toEqual(expected);
  });

  it('table(signal) keys an upsert sink by its primary key (the query unique key) and converges to the aggregate', async () => {
    const expected = new Map<string, { sym: string; n: bigint; qty: bigint | null }>();
    for (const e of events) {
      const prev = expected.get(e.sym);
      const qty = e.qty === null ? (prev?.qty ?? null) : (prev?.qty ?? 0n) + e.qty;
      expected.set(e.sym, { sym: e.sym, n: (prev?.n ?? 0n) + 1n, qty });
    }
    const table = client.table(perSymbol);
    try {
      const same = (): boolean => JSON.stringify([...table.snapshot().values()].map((r) => [r.sym, String(r.n), String(r.qty)]).sort()) === JSON.stringify([...expected.values()].map((r) => [r.sym, String(r.n), String(r.qty)]).sort());
      await eventually(same, 'the live table of per_symbol to reach the final aggregate');
      expect(table.get({ sym: 'ACME' })).toEqual(expected.get('ACME'));
      expect(table.get({ sym: 'INIT' })).toEqual(expected.get('INIT'));
      expect(table.metrics.badRecords).toBe(0);
    } finally {
      await table.close();
    }
  });

  it('consumeArrow(signal) reads the same sink with the signal row type as columns', async () => {
    const arrow = client.consumeArrow(big, { from: 'earliest' });
    const ids: unknown[] = [];
    const at: unknown[] = [];
    for await (const batch of arrow) {
      ids.push(...batch.getChild('id')!);
      at.push(...batch.getChild('at')!);
      if (ids.length >= 3) break;
    }
    const order = ids.map((v, i) => [v as bigint, i] as const).sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([, i]) => i);
    expect(order.map((i) => ids[i])).toEqual([1n, 3n, 4n]);
    expect(order.map((i) => at[i])).toEqual([events[0]?.ts?.getTime(), null, events[3]?.ts?.getTime()]);
  });

  it('a signal whose sink is not a Kafka topic is refused with KAFKA_INVALID_CONFIG', () => {
    const printed = signal('printed').from(orders).select((r) => ({ id: r.id })).to({ kind: 'Sink', connector: 'print', format: 'json', properties: {}, acceptsUpdates: true });
    expect(() => client.consume(printed)).toThrow(expect.objectContaining({ code: 'KAFKA_INVALID_CONFIG' }));
  });
});
