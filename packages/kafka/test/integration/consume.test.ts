import { randomUUID } from 'node:crypto';
import { schema, t } from '@sluice/dsl';
import { isSluiceError, type SluiceError } from '@sluice/errors';
import { testStackEndpoints } from '@sluice/stack';
import { createKafkaClient, type SluiceKafka } from '@sluice/kafka';
import { Kafka, logLevel } from 'kafkajs';

const Reading = schema({ id: t.bigint().notNull(), device: t.string(), value: t.double(), at: t.timestampLtz(3) });
type Row = { id: bigint; device: string | null; value: number | null; at: Date | null };
const reading = (i: number): Row => ({ id: BigInt(i), device: `d-${i % 3}`, value: i / 4, at: new Date(Date.UTC(2024, 0, 1, 0, 0, 0, i)) });

describe('typed producer and consumer on the real broker', () => {
  const { kafkaBrokers } = testStackEndpoints();
  let client: SluiceKafka;
  beforeAll(() => {
    client = createKafkaClient({ brokers: kafkaBrokers, clientId: 'kafka-it-consume' });
  });
  afterAll(async () => client.close());

  const newTopic = async (partitions = 1): Promise<{ topic: string; schema: typeof Reading; key: ['device'] }> => {
    const topic = `it-consume-${randomUUID().slice(0, 8)}`;
    await client.topics.apply([{ name: topic, partitions }]);
    return { topic, schema: Reading, key: ['device'] };
  };

  it('sends nothing when one row of a batch is invalid, and names the field', async () => {
    const target = await newTopic();
    const producer = await client.producer(target);
    const bad = { ...reading(2), value: 'high' as unknown as number };
    await expect(producer.send([reading(1), bad])).rejects.toMatchObject({ code: 'KAFKA_ENCODE_ERROR', details: { field: 'value', index: 1 } });
    await producer.send([reading(3)]);
    await producer.close();
    const rows: Row[] = [];
    for await (const row of client.consume(target)) {
      rows.push(row);
      break;
    }
    expect(rows).toEqual([reading(3)]);
    expect((await client.lag(`never-${randomUUID()}`, { topics: [target.topic] })).partitions).toEqual([
      { topic: target.topic, partition: 0, endOffset: 1n, committedOffset: null, lag: 1n },
    ]);
  });

  it('starts at latest, at a timestamp, or at committed offsets; lag follows the group', async () => {
    const target = await newTopic(2);
    const producer = await client.producer(target, { compression: 'gzip' });
    await producer.send([0, 1, 2, 3, 4].map(reading));

    const groupId = `it-group-${randomUUID().slice(0, 8)}`;
    const first: Row[] = [];
    for await (const row of client.consume(target, { groupId, from: 'earliest' })) {
      first.push(row);
      if (first.length === 5) break; // break commits what was delivered
    }
    expect(first.map((r) => r.id).sort()).toEqual([0n, 1n, 2n, 3n, 4n]);
    expect((await client.lag(groupId)).totals).toEqual({ [target.topic]: 0n });

    const latest = client.consume(target, { from: 'latest' });
    await latest.ready;
    const cutoff = new Date();
    await producer.send([5, 6, 7].map(reading));
    expect((await client.lag(groupId)).totals).toEqual({ [target.topic]: 3n });

    const afterLatest: Row[] = [];
    for await (const row of latest) {
      afterLatest.push(row);
      if (afterLatest.length === 3) break;
    }
    expect(afterLatest.map((r) => r.id).sort()).toEqual([5n, 6n, 7n]);

    const fromTime: Row[] = [];
    for await (const row of client.consume(target, { from: { timestamp: cutoff } })) {
      fromTime.push(row);
      if (fromTime.length === 3) break;
    }
    expect(fromTime.map((r) => r.id).sort()).toEqual([5n, 6n, 7n]);

    const resumed: Row[] = [];
    for await (const row of client.consume(target, { groupId })) {
      resumed.push(row);
      if (resumed.length === 3) break;
    }
    expect(resumed.map((r) => r.id).sort()).toEqual([5n, 6n, 7n]);
    expect((await client.lag(groupId)).totals).toEqual({ [target.topic]: 0n });
    await producer.close();
  });

  it('keeps memory bounded when the app is slower than the topic (pause/resume), and loses nothing', async () => {
    const target = await newTopic();
    // Small produce requests: Kafka never splits a stored record batch, so one 2000-row batch would be one fetch.
    const producer = await client.producer(target, { batchSize: 20 });
    const all = Array.from({ length: 2000 }, (_, i) => reading(i));
    await producer.send(all);
    await producer.close();
    const stream = client.consume(target, { highWaterMark: 100, maxBytesPerPartition: 4096 });
    const received: bigint[] = [];
    let maxBuffered = 0;
    for await (const row of stream) {
      received.push(row.id);
      maxBuffered = Math.max(maxBuffered, stream.metrics.buffered);
      await new Promise((r) => setImmediate(r));
      if (received.length === all.length) break;
    }
    expect(received).toEqual(all.map((r) => r.id));
    // High-water mark plus one fetch (4 KiB, rounded up to whole 20-record batches): far below the 2000 rows.
    expect(maxBuffered).toBeLessThanOrEqual(250);
  });

  it('bad records (malformed JSON, wrong types) are skipped and counted, or thrown without ending the stream; no valid row is lost', async () => {
    const target = await newTopic();
    const producer = await client.producer(target);
    await producer.send([reading(1)]);
    const raw = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).producer();
    await raw.connect();
    await raw.send({ topic: target.topic, messages: [{ value: '{"id": 2, "device": ' }] });
    await producer.send([reading(3)]);
    await raw.send({ topic: target.topic, messages: [{ value: '{"id": "four", "device": "d"}' }, { key: '{"device":"x"}', value: null }] });
    await raw.disconnect();
    await producer.send([reading(5)]);
    await producer.close();

    const reported: SluiceError[] = [];
    const skipping = client.consume(target, { onBadRecordError: (e) => reported.push(e) });
    const skipped: Row[] = [];
    for await (const row of skipping) {
      skipped.push(row);
      if (skipped.length === 3) break;
    }
    expect(skipped).toEqual([reading(1), reading(3), reading(5)]);
    expect(skipping.metrics).toEqual({ rows: 3, badRecords: 2, tombstones: 1, buffered: 0 });
    expect(reported.map((e) => [e.code, (e.details as { offset?: string; field?: string }).offset, (e.details as { field?: string }).field])).toEqual([
      ['KAFKA_DECODE_ERROR', '1', ''],
      ['KAFKA_DECODE_ERROR', '3', 'id'],
    ]);

    const throwing = client.consume(target, { onBadRecord: 'throw' });
    const seen: Array<bigint | string> = [];
    while (seen.length < 5) {
      try {
        for await (const row of throwing) {
          seen.push(row.id);
          if (row.id === 5n) break;
        }
      } catch (error) {
        expect(isSluiceError(error, 'KAFKA_DECODE_ERROR')).toBe(true);
        seen.push(`error@${(error as SluiceError<{ offset: string }>).details?.offset ?? '?'}`);
      }
    }
    await throwing.close();
    expect(seen).toEqual([1n, 'error@1', 3n, 'error@3', 5n]);
  });
});
