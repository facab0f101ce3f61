import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { createKafkaClient } from '@sluice/kafka';
import { zstdDecompress } from '../src/compression/zstd';
import { JAVA_FRAMES, REPEATED, SMALL } from './fixtures/java-compressed-frames';

/** A zstd frame of one raw block; `contentSize` adds the single-segment content size field. */
function rawFrame(data: Buffer, contentSize: boolean): Buffer {
  const header = contentSize ? Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x20, data.length]) : Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x50]);
  const block = Buffer.alloc(3);
  block.writeUIntLE((data.length << 3) | 1, 0, 3); // last block, raw
  return Buffer.concat([header, block, data]);
}

describe('zstd frames', () => {
  it.each(['small', 'repeated'] as const)("reads the Java client's %s frame, whose header states no content size", (name) => {
    const frame = Buffer.from(JAVA_FRAMES.zstd[name], 'base64');
    expect(frame.readUInt32LE(0)).toBe(0xfd2fb528);
    expect((frame[4] as number) >> 6).toBe(0); // no Frame_Content_Size field
    expect(((frame[4] as number) >> 5) & 1).toBe(0); // not single segment: a window descriptor follows
    const out = zstdDecompress(frame);
    expect(Buffer.isBuffer(out)).toBe(true);
    expect(out.toString('utf8')).toBe(name === 'small' ? SMALL : REPEATED);
  });

  it('reads frames with and without a content size, and concatenated frames', () => {
    expect(zstdDecompress(rawFrame(Buffer.from('with size'), true)).toString()).toBe('with size');
    expect(zstdDecompress(rawFrame(Buffer.from('no size'), false)).toString()).toBe('no size');
    const java = Buffer.from(JAVA_FRAMES.zstd.small, 'base64');
    expect(zstdDecompress(Buffer.concat([java, rawFrame(Buffer.from('!'), true)])).toString()).toBe(`${SMALL}!`);
  });

  it('rejects what is not zstd', () => {
    expect(() => zstdDecompress(Buffer.from('not zstd at all'))).toThrow();
  });
});

describe('the zstd codec kafkajs gets', () => {
  interface KafkaJsCodec {
    compress(encoder: { buffer: Buffer }): Promise<Buffer>;
    decompress(buffer: Buffer): Promise<Buffer>;
  }
  const codec = (): KafkaJsCodec => {
    const factory = (CompressionCodecs as unknown as Record<number, (() => KafkaJsCodec) | undefined>)[CompressionTypes.ZSTD];
    if (factory === undefined) throw new Error('kafkajs has no zstd entry');
    return factory();
  };
  beforeAll(async () => createKafkaClient({ brokers: ['127.0.0.1:1'], clientId: 'unit-zstd' }).close());

  it("decompresses the Java client's frames", async () => {
    expect((await codec().decompress(Buffer.from(JAVA_FRAMES.zstd.repeated, 'base64'))).toString()).toBe(REPEATED);
  });

  it('refuses to compress with KAFKA_INVALID_CONFIG', async () => {
    await expect(codec().compress({ buffer: Buffer.from('x') })).rejects.toMatchObject({ code: 'KAFKA_INVALID_CONFIG', message: expect.stringContaining('none, gzip, snappy, lz4') });
  });
});
