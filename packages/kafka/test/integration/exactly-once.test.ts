import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { schema, t, type RowOf } from '@sluice/dsl';
import { testStackEndpoints } from '@sluice/stack';
import { createKafkaClient, type SluiceKafka } from '@sluice/kafka';
import { Gateway, cancelJob, columns } from './gateway';

// read_committed by default: what a Flink exactly-once sink writes is read once its transaction commits,
// and records of an aborted transaction are never handed to the app (unless it asks for read_uncommitted).
describe('transactions: Flink exactly-once sinks and aborted writes', () => {
  const { kafkaBrokers, flinkRestUrl, sqlGatewayUrl } = testStackEndpoints();
  let client: SluiceKafka;
  const jobs: string[] = [];

  beforeAll(() => {
    client = createKafkaClient({ brokers: kafkaBrokers, clientId: 'kafka-it-eo' });
  });
  afterAll(async () => {
    for (const job of jobs) await cancelJob(flinkRestUrl, job);
    await client.close();
  });

  async function readAll<T>(stream: AsyncIterable<T> & { close(): Promise<void> }, count: number): Promise<T[]> {
    const rows: T[] = [];
    if (count === 0) return rows;
    for await (const row of stream) {
      rows.push(row);
      if (rows.length === count) break;
    }
    return rows;
  }

  // A flat schema: the byte scanner reads the records Flink writes without escapes; the codec's JSON.parse
  // path reads the first row (its string has escapes). Both must give exactly these values.
  it("reads a Flink exactly-once sink's rows with every value equal", async () => {
    const id = randomUUID().slice(0, 8);
    const Flat = schema({
      id: t.bigint().notNull(),
      big: t.bigint(),
      amount: t.decimal(20, 4),
      price: t.double(),
      qty: t.int(),
      ok: t.boolean(),
      note: t.string(),
      at: t.timestamp(3),
      ltz: t.timestampLtz(3),
    });
    const topic = `it-eo-out-${id}`;
    await client.topics.apply([{ name: topic }]);
    const gateway = await Gateway.open(sqlGatewayUrl);
    try {
      await gateway.execute(`SET 'parallelism.default' = '1'`);
      await gateway.execute(`SET 'execution.checkpointing.interval' = '1s'`);
      await gateway.execute(`SET 'pipeline.name' = 'kafka-it-exactly-once-${id}'`);
      await gateway.execute(
        `CREATE TEMPORARY TABLE eo_out (${columns(Flat.fields)}) WITH ('connector' = 'kafka', 'topic' = '${topic}', 'properties.bootstrap.servers' = '${kafkaBrokers.join(',')}', ` +
          `'format' = 'json', 'sink.delivery-guarantee' = 'exactly-once', 'sink.transactional-id-prefix' = 'it-eo-${id}', 'properties.transaction.timeout.ms' = '60000')`,
      );
      // A bounded job: its last checkpoint commits the transaction when the job finishes.
      const { jobId } = await gateway.execute(
        `INSERT INTO eo_out VALUES ` +
          `(CAST(9007199254740993 AS BIGINT), CAST(-9223372036854775808 AS BIGINT), CAST('12345678901234.5678' AS DECIMAL(20, 4)), CAST(0.1 AS DOUBLE), 7, TRUE, 'héllo "q" \\ ✓', TIMESTAMP '2024-05-01 10:00:00.123', CAST(TIMESTAMP '2024-12-31 23:59:59.007' AS TIMESTAMP_LTZ(3))), ` +
          `(CAST(2 AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS DECIMAL(20, 4)), CAST(NULL AS DOUBLE), CAST(NULL AS INT), CAST(NULL AS BOOLEAN), CAST(NULL AS STRING), CAST(NULL AS TIMESTAMP(3)), CAST(NULL AS TIMESTAMP_LTZ(3))), ` +
          `(CAST(3 AS BIGINT), CAST(42 AS BIGINT), CAST('-0.0001' AS DECIMAL(20, 4)), CAST(-2.5E-3 AS DOUBLE), -2147483648, FALSE, '', TIMESTAMP '1999-01-01 00:00:00.000', CAST(TIMESTAMP '2038-01-19 03:14:08.999' AS TIMESTAMP_LTZ(3)))`,
      );
      if (jobId !== undefined) jobs.push(jobId);
    } finally {
      await gateway.close();
    }

    // The session time zone of the gateway is UTC on the test stack, so TIMESTAMP_LTZ literals are UTC.
    const stream = client.consume({ topic, schema: Flat });
    const rows = (await readAll(stream, 3)).sort((a, b) => (a.id < b.id ? -1 : 1));
    const expected: RowOf<typeof Flat>[] = [
      { id: 2n, big: null, amount: null, price: null, qty: null, ok: null, note: null, at: null, ltz: null },
      { id: 3n, big: 42n, amount: '-0.0001', price: -0.0025, qty: -2147483648, ok: false, note: '', at: new Date('1999-01-01T00:00:00.000Z'), ltz: new Date('2038-01-19T03:14:08.999Z') },
      { id: 9007199254740993n, big: -9223372036854775808n, amount: '12345678901234.5678', price: 0.1, qty: 7, ok: true, note: 'héllo "q" \\ ✓', at: new Date('2024-05-01T10:00:00.123Z'), ltz: new Date('2024-12-31T23:59:59.007Z') },
    ];
    expect(rows).toEqual(expected);
    expect(stream.metrics).toMatchObject({ rows: 3, badRecords: 0 });
  });

  it('never hands out records of an aborted transaction by default; read_uncommitted sees them', async () => {
    const id = randomUUID().slice(0, 8);
    const Note = schema({ n: t.int().notNull(), text: t.string() });
    const topic = `it-eo-abort-${id}`;
    await client.topics.apply([{ name: topic }]);
    const kafka = new Kafka({ clientId: 'kafka-it-tx', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ transactionalId: `it-tx-${id}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic, messages: [1, 2, 3].map((n) => ({ value: JSON.stringify({ n, text: 'aborted' }) })) });
      await aborted.abort();
      const committed = await producer.transaction();
      await committed.send({ topic, messages: [4, 5].map((n) => ({ value: JSON.stringify({ n, text: 'committed' }) })) });
      await committed.commit();
    } finally {
      await producer.disconnect();
    }

    const readCommitted = await readAll(client.consume({ topic, schema: Note }), 2);
    expect(readCommitted).toEqual([
      { n: 4, text: 'committed' },
      { n: 5, text: 'committed' },
    ]);
    const readUncommitted = await readAll(client.consume({ topic, schema: Note }, { readUncommitted: true }), 5);
    expect(readUncommitted.map((r) => r.n)).toEqual([1, 2, 3, 4, 5]);
  });
});
