import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { schema, t } from '@sluice/dsl';
import { createKafkaClient, type Compression } from '@sluice/kafka';
import { kafkaJsCompression } from '../src/compression/producer-compression';
import { JAVA_FRAMES, SMALL } from './fixtures/java-compressed-frames';

interface KafkaJsCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}
const table = CompressionCodecs as unknown as Record<number, () => KafkaJsCodec>;
const Trade = schema({ symbol: t.string().notNull(), qty: t.bigint() });

// First: the codec table is process-wide and filled by the first client created in this file.
describe('kafkajs codecs', () => {
  // A codec the application registered itself (here for zstd) must survive client creation.
  const own: KafkaJsCodec = { compress: async () => Buffer.from('own'), decompress: async () => Buffer.from('own') };

  beforeAll(async () => {
    expect(() => table[CompressionTypes.LZ4]?.()).toThrow(/not implemented/);
    table[CompressionTypes.ZSTD] = () => own;
    await createKafkaClient({ brokers: ['127.0.0.1:1'], clientId: 'unit-codecs' }).close();
  });

  it.each([
    ['snappy', CompressionTypes.Snappy],
    ['lz4', CompressionTypes.LZ4],
  ] as const)('%s is registered when a client is created, and round trips an encoder buffer', async (name, type) => {
    const codec = table[type]?.();
    if (codec === undefined) throw new Error('no codec');
    const compressed = await codec.compress({ buffer: Buffer.from(SMALL) });
    expect((await codec.decompress(compressed)).toString()).toBe(SMALL);
    expect((await codec.decompress(Buffer.from(JAVA_FRAMES[name].repeated, 'base64'))).length).toBe(72_900);
  });

  it('keeps a codec the application registered', () => {
    expect(table[CompressionTypes.ZSTD]?.()).toBe(own);
  });

  it('a batch that does not decompress fails with KAFKA_DECODE_ERROR naming the compression', async () => {
    const codec = table[CompressionTypes.LZ4]?.();
    await expect(codec?.decompress(Buffer.from('garbage!'))).rejects.toMatchObject({
      code: 'KAFKA_DECODE_ERROR',
      message: 'cannot decompress a lz4 record batch: invalid LZ4 frame: bad magic number at byte 0',
      details: { compression: 'lz4', bytes: 8 },
    });
  });
});

describe('producer compression option', () => {
  it.each<[Compression, CompressionTypes]>([
    ['none', CompressionTypes.None],
    ['gzip', CompressionTypes.GZIP],
    ['snappy', CompressionTypes.Snappy],
    ['lz4', CompressionTypes.LZ4],
  ])('%s maps to the kafkajs type', (compression, type) => {
    expect(kafkaJsCompression(compression, 'trades')).toBe(type);
  });

  it('defaults to none', () => {
    expect(kafkaJsCompression(undefined, 'trades')).toBe(CompressionTypes.None);
  });

  it('refuses zstd with KAFKA_INVALID_CONFIG, saying reading works and what can be produced', () => {
    expect(() => kafkaJsCompression('zstd' as Compression, 'trades')).toThrow(
      expect.objectContaining({
        code: 'KAFKA_INVALID_CONFIG',
        message: "the producer of 'trades' cannot write zstd: Sluice reads zstd batches but has no zstd compressor; available compressions: none, gzip, snappy, lz4",
        details: { topic: 'trades', compression: 'zstd', available: ['none', 'gzip', 'snappy', 'lz4'] },
      }),
    );
  });

  it.each(['brotli', 'LZ4', ''])('refuses an unknown compression %p', (compression) => {
    expect(() => kafkaJsCompression(compression as Compression, 'trades')).toThrow(expect.objectContaining({ code: 'KAFKA_INVALID_CONFIG', message: expect.stringContaining('available compressions: none, gzip, snappy, lz4') }));
  });

  it('a client refuses a zstd producer before connecting to anything', async () => {
    const client = createKafkaClient({ brokers: ['127.0.0.1:1'], clientId: 'unit-compression' });
    try {
      await expect(client.producer({ topic: 'trades', schema: Trade }, { compression: 'zstd' as Compression })).rejects.toMatchObject({ code: 'KAFKA_INVALID_CONFIG' });
    } finally {
      await client.close();
    }
  });
});
