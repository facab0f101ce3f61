import { randomUUID } from 'node:crypto';
import { avroSchemaOf, compile, count, kafka, schema, signal, sum, t, upsertKafka, type RowOf } from '@sluice/dsl';
import { testStackEndpoints } from '@sluice/stack';
import { avroCodec, confluentSchemaId, createKafkaClient, schemaRegistryClient, type SluiceKafka } from '@sluice/kafka';
import { Gateway, cancelJob, waitForRunning } from './gateway';

// Avro through the stack's schema registry (Apicurio, Confluent-compatible API): the typed producer
// writes Avro, a DSL signal with avro-confluent source and sink runs on the real Flink, consume(signal)
// reads its rows; and Flink's own Avro deserializer and serializer agree with ours on the bytes.

describe('Avro with a schema registry, on the real stack', () => {
  const { kafkaBrokers, flinkRestUrl, sqlGatewayUrl, schemaRegistryUrl } = testStackEndpoints();
  if (schemaRegistryUrl === undefined) throw new Error('the stack has no schema registry (SLUICE_SCHEMA_REGISTRY_URL); npm run stack:up starts it');
  const registryUrl = schemaRegistryUrl;
  const id = randomUUID().slice(0, 8);
  const Trade = schema({
    id: t.bigint().notNull(),
    big: t.bigint(),
    amount: t.decimal(38, 18),
    ts: t.timestampLtz(3),
    note: t.string(),
    qty: t.int(),
  });
  const trades = kafka.source('avro_trades', Trade, {
    topic: `it-avro-in-${id}`,
    format: 'avro-confluent',
    startup: 'earliest-offset',
    properties: { 'group.id': `it-avro-${id}` },
  });
  const enriched = signal('avro_enriched', { parallelism: 1 })
    .from(trades)
    .select((r) => ({ id: r.id, big: r.big, amount: r.amount, ts: r.ts, note: r.note, qty2: r.qty.times(2) }))
    .to(kafka.sink(`it-avro-out-${id}`, { format: 'avro-confluent' }));
  // Flink's reading of our bytes, as JSON: what its Avro deserializer made of each record.
  const asJson = signal('avro_as_json', { parallelism: 1 })
    .from(trades)
    .select((r) => ({ id: r.id, big: r.big, amount: r.amount, ts: r.ts, note: r.note, qty: r.qty }))
    .to(kafka.sink(`it-avro-json-${id}`, { format: 'json' }));

  // An upsert sink in Avro: keys and values through the registry (<topic>-key, <topic>-value).
  const perNote = signal('avro_per_id', { parallelism: 1 })
    .from(trades)
    .groupBy('id')
    .select((r) => ({ n: count(), qty: sum(r.qty) }))
    .to(upsertKafka.sink(`it-avro-upsert-${id}`, { format: 'avro-confluent' }));

  const events: RowOf<typeof Trade>[] = [
    { id: 1n, big: 9007199254740993n, amount: '12345678901234567890.123456789012345678', ts: new Date('2024-05-01T10:00:00.123Z'), note: 'héllo, 世界 🚀', qty: 3 },
    { id: 2n, big: null, amount: null, ts: null, note: null, qty: null },
    { id: 9223372036854775807n, big: -9223372036854775808n, amount: '-0.000000000000000001', ts: new Date('1969-12-31T23:59:59.999Z'), note: '', qty: -2147483648 },
    { id: 4n, big: 0n, amount: '-99999999999999999999.999999999999999999', ts: new Date('2038-01-19T03:14:08.007Z'), note: 'Ωmega "q" \\ n', qty: 0 },
  ];

  let client: SluiceKafka;
  let gateway: Gateway;
  const jobs: string[] = [];

  beforeAll(async () => {
    client = createKafkaClient({ brokers: kafkaBrokers, clientId: 'kafka-it-avro' }, { schemaRegistry: { url: registryUrl } });
    gateway = await Gateway.open(sqlGatewayUrl);
    // One job (a statement set) for the three signals: one slot of the shared cluster.
    const script = compile([enriched, asJson, perNote], { flinkVersion: '2.2', project: `it_avro_${id}`, bootstrapServers: kafkaBrokers.join(','), schemaRegistry: { url: registryUrl }, jobs: 'statement-set' });
    await client.topics.apply(script.topics.map((topic) => ({ name: topic.name })));
    // The typed producer registers the source's schema and writes Avro before the jobs start.
    const producer = await client.producer(trades);
    await producer.send(events);
    await producer.close();
    for (const statement of script.statements) {
      const { jobId } = await gateway.execute(statement.sql);
      if (jobId !== undefined) jobs.push(jobId);
    }
    expect(jobs).toHaveLength(1);
    for (const job of jobs) await waitForRunning(flinkRestUrl, job);
  });
  afterAll(async () => {
    for (const job of jobs) await cancelJob(flinkRestUrl, job);
    await gateway?.close();
    await client?.close();
  });

  const byId = <T extends { id: bigint }>(rows: T[]): T[] => rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  async function read<T>(stream: AsyncIterable<T> & { close(): Promise<void> }, count: number): Promise<T[]> {
    const rows: T[] = [];
    for await (const row of stream) {
      rows.push(row);
      if (rows.length === count) break;
    }
    return rows;
  }

  it('the typed producer writes Confluent-framed Avro under the subject <topic>-value, with the schema Flink derives', async () => {
    const registry = schemaRegistryClient({ url: registryUrl });
    const latest = await registry.latest(`it-avro-in-${id}-value`);
    expect(latest).toBeDefined();
    expect(JSON.parse(latest?.schema ?? '{}')).toEqual(avroSchemaOf(Trade.fields));
    const codec = avroCodec(Trade, { registry, subject: `it-avro-in-${id}-value` });
    await codec.prepare();
    const bytes = codec.encode(events[0] as RowOf<typeof Trade>);
    expect(bytes[0]).toBe(0);
    expect(confluentSchemaId(bytes)).toBe(latest?.id);
  });

  it('consume(signal) reads the avro-confluent sink Flink wrote: rows equal to the computed ones (BIGINT beyond 2^53, DECIMAL(38,18), TIMESTAMP_LTZ(3), nulls, unicode)', async () => {
    const expected: RowOf<typeof enriched>[] = events.map((e) => ({ id: e.id, big: e.big, amount: e.amount, ts: e.ts, note: e.note, qty2: e.qty === null ? null : e.qty * 2 }));
    // INT overflow wraps in Flink as in Java: -2^31 * 2.
    (expected[2] as { qty2: number | null }).qty2 = 0;
    const stream = client.consume(enriched, { from: 'earliest' });
    const received = await read(stream, events.length);
    expect(stream.metrics).toMatchObject({ badRecords: 0 });
    expect(byId(received)).toEqual(byId(expected));
  });

  it('consumeArrow(signal) reads the same Avro records into columns', async () => {
    const arrow = client.consumeArrow(enriched, { from: 'earliest' });
    const seen: { id: bigint; amount: unknown; note: unknown }[] = [];
    for await (const batch of arrow) {
      const ids = [...batch.getChild('id')!] as bigint[];
      const amounts = [...batch.getChild('amount')!];
      const notes = [...batch.getChild('note')!];
      ids.forEach((id, i) => seen.push({ id, amount: amounts[i], note: notes[i] }));
      if (seen.length >= events.length) break;
    }
    await arrow.close();
    expect(byId(seen)).toEqual(byId(events.map((e) => ({ id: e.id, amount: e.amount, note: e.note }))));
  });

  it('table(signal) keys an Avro upsert sink by its Avro keys (BIGINT up to 2^63-1) and converges to the aggregate', async () => {
    // One event per id: each key's aggregate is that event's (SUM of a lone NULL is NULL).
    const expected = new Map(events.map((e) => [e.id, { n: 1n, qty: e.qty }]));
    const table = client.table(perNote);
    try {
      await table.ready;
      await new Promise<void>((resolve) => {
        const done = (): boolean => [...expected].every(([key, v]) => {
          const row = table.get({ id: key } as never) as { n: bigint; qty: number | null } | undefined;
          return row !== undefined && row.n === v.n && row.qty === v.qty;
        });
        if (done()) return resolve();
        const stop = table.onChange(() => {
          if (done()) {
            stop();
            resolve();
          }
        });
      });
      expect(table.metrics).toMatchObject({ badRecords: 0 });
    } finally {
      await table.close();
    }
  });

  it("Flink's Avro deserializer reads our bytes as we wrote them (its JSON of each record equals the input)", async () => {
    const stream = client.consume(asJson, { from: 'earliest' });
    const received = await read(stream, events.length);
    expect(stream.metrics).toMatchObject({ badRecords: 0 });
    expect(byId(received)).toEqual(byId([...events]));
  });
});
