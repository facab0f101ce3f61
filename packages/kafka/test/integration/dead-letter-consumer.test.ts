import { randomUUID } from 'node:crypto';
import { schema, t } from '@sluice/dsl';
import { testStackEndpoints } from '@sluice/stack';
import { createKafkaClient, type SluiceKafka } from '@sluice/kafka';
import { Kafka, logLevel } from 'kafkajs';

// The TypeScript reader's bad-record policy { deadLetter }: the same target as a Flink job's onParseError.
const Reading = schema({ id: t.bigint().notNull(), device: t.string(), value: t.double() });
const DeadLetter = schema({ topic: t.string(), partition: t.int(), offset: t.bigint(), timestamp: t.timestampLtz(3), raw_value: t.bytes(), reason: t.string() });

describe('consume with onBadRecord: { deadLetter } on the real broker', () => {
  const { kafkaBrokers } = testStackEndpoints();
  let client: SluiceKafka;
  beforeAll(() => {
    client = createKafkaClient({ brokers: kafkaBrokers, clientId: 'kafka-it-dead-letter' });
  });
  afterAll(async () => client.close());

  it('hands every valid row to the app and writes exactly the undecodable records, with offset, timestamp, bytes and reason', async () => {
    const topic = `it-dl-consume-${randomUUID().slice(0, 8)}`;
    const dead = `${topic}.dead`;
    await client.topics.apply([{ name: topic }, { name: dead }]);
    const values: Buffer[] = [];
    const garbage = new Map<number, Buffer>();
    for (let i = 0; i < 200; i++) {
      const kind = i % 20 === 5 ? i % 3 : -1;
      const bytes =
        kind === 0 ? Buffer.from(`{"id": ${i}, "dev`) : kind === 1 ? Buffer.from(JSON.stringify({ id: i, device: 'd', value: 'high' })) : kind === 2 ? Buffer.from([0xff, 0xfe, 0x7b]) : Buffer.from(JSON.stringify({ id: i, device: `d-${i % 3}`, value: i / 4 }));
      if (kind >= 0) garbage.set(i, bytes);
      values.push(bytes);
    }
    const raw = new Kafka({ brokers: [...kafkaBrokers], clientId: 'kafka-it-dl-raw', logLevel: logLevel.NOTHING });
    const producer = raw.producer();
    await producer.connect();
    const sentAt = Date.now();
    await producer.send({ topic, messages: values.map((value) => ({ value, timestamp: String(sentAt) })) });
    await producer.disconnect();

    const rows: bigint[] = [];
    const stream = client.consume({ topic, schema: Reading }, { from: 'earliest', onBadRecord: { deadLetter: dead } });
    for await (const row of stream) {
      rows.push(row.id);
      if (rows.length === values.length - garbage.size) break;
    }
    expect(stream.metrics.badRecords).toBe(garbage.size);
    expect(rows).toEqual(values.map((_, i) => BigInt(i)).filter((i) => !garbage.has(Number(i))));

    const letters: { offset: bigint | null; bytes: Buffer; topic: string | null; timestamp: number | undefined; reason: string | null }[] = [];
    for await (const row of client.consume({ topic: dead, schema: DeadLetter }, { from: 'earliest' })) {
      letters.push({ offset: row.offset, bytes: Buffer.from(row.raw_value ?? new Uint8Array()), topic: row.topic, timestamp: row.timestamp?.getTime(), reason: row.reason });
      if (letters.length === garbage.size) break;
    }
    expect(letters.map(({ reason: _r, ...l }) => l)).toEqual([...garbage].map(([i, bytes]) => ({ offset: BigInt(i), bytes, topic, timestamp: sentAt })));
    for (const l of letters) expect(l.reason).toMatch(/KAFKA_DECODE_ERROR|offset|expected|JSON|UTF/i);
    expect((await client.topics.recordCount(dead))).toBe(BigInt(garbage.size));
  });
});
