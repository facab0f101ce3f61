import { randomUUID } from 'node:crypto';
import { schema, t, type RowOf } from '@sluice/dsl';
import { testStackEndpoints } from '@sluice/stack';
import { createKafkaClient, jsonCodec, type Compression, type SluiceKafka } from '@sluice/kafka';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { Gateway, cancelJob, columns } from './gateway';
import { javaConsume, javaProduce } from './java-client';

const Reading = schema({
  id: t.bigint().notNull(),
  device: t.string(),
  reading: t.double(),
  at: t.timestampLtz(3),
  amount: t.decimal(12, 2),
  note: t.string(),
});
type Row = RowOf<typeof Reading>;
const codec = jsonCodec(Reading);

// Enough rows for one batch of ~200 KB: several 64 KiB LZ4 blocks, 32 KiB snappy chunks, 128 KiB zstd blocks.
const row = (i: number): Row => ({
  id: BigInt(i),
  device: i % 5 === 0 ? null : `device-${i % 17}`,
  reading: i % 7 === 0 ? null : i / 8 - 100,
  at: new Date(Date.UTC(2024, 0, 1) + i * 1001),
  amount: `${i % 2 === 0 ? '' : '-'}${Math.floor(i / 3)}.${String(i % 100).padStart(2, '0')}`,
  note: i % 11 === 0 ? '' : `note ${i} héllo ✓ ${'x'.repeat(i % 40)}`,
});
const ROWS = Array.from({ length: 2000 }, (_, i) => row(i));

const TYPES: Record<string, CompressionTypes> = { gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy, lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD };

interface KafkaJsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

describe('compressed record batches on the real broker', () => {
  const { kafkaBrokers, flinkRestUrl, sqlGatewayUrl } = testStackEndpoints();
  const bootstrap = kafkaBrokers.join(',');
  let client: SluiceKafka;
  let gateway: Gateway;
  const jobs: string[] = [];
  // Calls into kafkajs' codec table per compression type, so each test can show which codec really ran.
  const calls = new Map<CompressionTypes, { compress: number; decompress: number; largest: number }>();
  const table = CompressionCodecs as unknown as Record<number, () => KafkaJsCodec>;
  const originals = new Map<number, () => KafkaJsCodec>();

  beforeAll(async () => {
    client = createKafkaClient({ brokers: kafkaBrokers, clientId: 'kafka-it-compression' }); // registers the codecs
    for (const type of Object.values(TYPES)) {
      const original = table[type];
      if (original === undefined) throw new Error(`kafkajs has no codec entry ${type}`);
      originals.set(type, original);
      table[type] = () => {
        const inner = original();
        const count = calls.get(type) ?? { compress: 0, decompress: 0, largest: 0 };
        calls.set(type, count);
        return {
          compress: async (encoder) => (count.compress++, inner.compress(encoder)),
          async decompress(buffer) {
            count.decompress++;
            const out = await inner.decompress(buffer);
            count.largest = Math.max(count.largest, out.length);
            return out;
          },
        };
      };
    }
    gateway = await Gateway.open(sqlGatewayUrl);
    await gateway.execute(`SET 'parallelism.default' = '1'`);
  });
  afterAll(async () => {
    for (const [type, original] of originals) table[type] = original;
    for (const job of jobs) await cancelJob(flinkRestUrl, job);
    await gateway?.close();
    await client?.close();
  });

  const newTopic = async (label: string): Promise<{ topic: string; schema: typeof Reading }> => {
    const topic = `it-compress-${label}-${randomUUID().slice(0, 8)}`;
    await client.topics.apply([{ name: topic, partitions: 1 }]);
    return { topic, schema: Reading };
  };

  async function read(target: { topic: string; schema: typeof Reading }, count: number): Promise<Row[]> {
    const rows: Row[] = [];
    const stream = client.consume(target, { from: 'earliest' });
    for await (const r of stream) {
      rows.push(r);
      if (rows.length === count) break;
    }
    expect(stream.metrics.badRecords).toBe(0);
    return rows;
  }

  const decompressions = (name: string): number => calls.get(TYPES[name] as CompressionTypes)?.decompress ?? 0;
  const compressions = (name: string): number => calls.get(TYPES[name] as CompressionTypes)?.compress ?? 0;

  describe.each<Compression>(['none', 'gzip', 'snappy', 'lz4'])('our producer with %s', (compression) => {
    it('-> our consumer reads equal typed rows, and the Java consumer reads the same records', async () => {
      const target = await newTopic(compression);
      const before = { compress: compressions(compression), decompress: decompressions(compression) };
      const producer = await client.producer(target, { compression, batchSize: 1000 });
      await producer.send(ROWS);
      await producer.close();

      expect(await read(target, ROWS.length)).toEqual(ROWS);
      if (compression !== 'none') {
        expect(compressions(compression) - before.compress).toBe(2); // two batches of 1000 rows
        expect(decompressions(compression)).toBeGreaterThan(before.decompress);
      }
      // The JVM (Kafka 4.3.1's consumer) decodes our frames to the very same values.
      expect(await javaConsume(bootstrap, target.topic, ROWS.length)).toEqual(ROWS.map((r) => codec.encodeText(r)));
    });
  });

  it('refuses to produce zstd, naming what is available', async () => {
    const target = await newTopic('zstd-refused');
    await expect(client.producer(target, { compression: 'zstd' as Compression })).rejects.toMatchObject({
      code: 'KAFKA_INVALID_CONFIG',
      message: expect.stringContaining('none, gzip, snappy, lz4'),
    });
  });

  describe.each(['snappy', 'lz4', 'zstd'])('Kafka 4.3.1 Java producer with compression.type=%s', (compression) => {
    it('-> our consumer reads the exact rows', async () => {
      const target = await newTopic(`java-${compression}`);
      const before = decompressions(compression);
      await javaProduce(bootstrap, target.topic, compression, ROWS.map((r) => codec.encodeText(r)));
      expect(await read(target, ROWS.length)).toEqual(ROWS);
      expect(decompressions(compression)).toBeGreaterThan(before);
      // At least one batch was larger than a zstd block (128 KiB), so its frame had several blocks/chunks.
      expect(calls.get(TYPES[compression] as CompressionTypes)?.largest).toBeGreaterThan(128 * 1024);
    });
  });

  // Flink's classpath on this stack has lz4-java and snappy-java but not zstd-jni, so a Flink job cannot
  // write zstd here (NoClassDefFoundError); zstd is covered by the Java producer above.
  describe.each(['snappy', 'lz4'])("a Flink SQL job with 'properties.compression.type' = '%s'", (compression) => {
    it('-> our consumer reads the exact rows', async () => {
      const target = await newTopic(`flink-${compression}`);
      const id = randomUUID().slice(0, 8);
      await gateway.execute(
        `CREATE TABLE cmp_${id} (${columns(Reading.fields)}) WITH ('connector' = 'kafka', 'topic' = '${target.topic}', 'properties.bootstrap.servers' = '${bootstrap}', 'format' = 'json', 'properties.compression.type' = '${compression}')`,
      );
      await gateway.execute(`SET 'pipeline.name' = 'kafka-it-compression-${compression}-${id}'`);
      const { jobId } = await gateway.execute(
        `INSERT INTO cmp_${id} VALUES
          (CAST(1 AS BIGINT), 'd-1', CAST(0.25 AS DOUBLE), TO_TIMESTAMP_LTZ(1704067200001, 3), CAST('12.50' AS DECIMAL(12, 2)), 'héllo ✓'),
          (CAST(2 AS BIGINT), CAST(NULL AS STRING), CAST(NULL AS DOUBLE), CAST(NULL AS TIMESTAMP_LTZ(3)), CAST(NULL AS DECIMAL(12, 2)), CAST(NULL AS STRING)),
          (CAST(9007199254740993 AS BIGINT), 'd-2', CAST(-1.5 AS DOUBLE), TO_TIMESTAMP_LTZ(1719835200999, 3), CAST('-0.05' AS DECIMAL(12, 2)), '')`,
      );
      if (jobId !== undefined) jobs.push(jobId);
      const before = decompressions(compression);
      // Flink does not keep the order of VALUES rows.
      const rows = (await read(target, 3)).sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(rows).toEqual([
        { id: 1n, device: 'd-1', reading: 0.25, at: new Date(1704067200001), amount: '12.50', note: 'héllo ✓' },
        { id: 2n, device: null, reading: null, at: null, amount: null, note: null },
        { id: 9007199254740993n, device: 'd-2', reading: -1.5, at: new Date(1719835200999), amount: '-0.05', note: '' },
      ]);
      expect(decompressions(compression)).toBeGreaterThan(before);
    });
  });
});
