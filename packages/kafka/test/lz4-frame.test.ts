import { compress as lz4jsCompress, compressBlock, compressBound, decompressBlock } from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32.js';
import { lz4FrameCompress, lz4FrameDecompress } from '../src/compression/lz4-frame';
import { JAVA_FRAMES, REPEATED, SMALL } from './fixtures/java-compressed-frames';

/** Deterministic bytes: `text` compresses well, `noise` hardly at all. */
const text = (n: number): Buffer => Buffer.from(Array.from({ length: Math.ceil(n / 10) }, (_, i) => `{"id":${i},"v":${(i * 7919) % 1009}}\n`).join('')).subarray(0, n);
function noise(n: number, seed = 1): Buffer {
  const out = Buffer.allocUnsafe(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 16;
  }
  return out;
}

/** The blocks of a frame without optional fields, each decoded on its own (no earlier block's output). */
function blocks(frame: Buffer): Array<{ compressed: boolean; data: Buffer }> {
  const out: Array<{ compressed: boolean; data: Buffer }> = [];
  for (let at = 7; ; ) {
    const header = frame.readUInt32LE(at);
    if (header === 0) return out;
    const size = header & 0x7fffffff;
    const compressed = (header & 0x80000000) === 0;
    const alone = Buffer.alloc(4 << 20);
    const length = compressed ? decompressBlock(frame, alone, at + 4, size, 0) : frame.copy(alone, 0, at + 4, at + 4 + size);
    out.push({ compressed, data: alone.subarray(0, length) });
    at += 4 + size;
  }
}

describe('LZ4 frames', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['one byte', Buffer.from('x')],
    ['small text', Buffer.from(SMALL)],
    ['text over several blocks', text(300_000)],
    ['incompressible noise over several blocks', noise(200_000)],
    ['a run of zeros', Buffer.alloc(150_000)],
  ])('round trips %s', (_, input) => {
    expect(lz4FrameDecompress(lz4FrameCompress(input)).equals(input)).toBe(true);
  });

  it('writes what the Java client writes: version 1, independent blocks, 64 KiB block size, a valid header checksum, no checksums', () => {
    const frame = lz4FrameCompress(text(200_000));
    expect(frame.readUInt32LE(0)).toBe(0x184d2204);
    expect(frame[4]).toBe(0x60);
    expect(frame[5]).toBe(0x40);
    expect(frame[6]).toBe((xxh32(0, frame, 4, 2) >>> 8) & 0xff);
    // The Java client's own header for the same flags.
    expect(Buffer.from(JAVA_FRAMES.lz4.small, 'base64').subarray(0, 7)).toEqual(frame.subarray(0, 7));
    expect(frame.readUInt32LE(frame.length - 4)).toBe(0);
  });

  it.each([
    ['text', text(65_536 * 3)],
    ['repeated noise', Buffer.concat(Array.from({ length: 7 }, () => noise(30_000, 7)))],
  ])('writes independent blocks of at most 64 KiB - 16 bytes (%s)', (_, input) => {
    // Independent: each block decodes alone. Short of 64 KiB: a late last match then stays 12 bytes clear of
    // the end of a decoder's 64 KiB output buffer (lz4-java's native decoder fails otherwise).
    const decoded = blocks(lz4FrameCompress(input));
    expect(decoded.length).toBe(Math.ceil(input.length / (65_536 - 16)));
    expect(decoded.every((b) => b.data.length <= 65_536 - 16)).toBe(true);
    expect(Buffer.concat(decoded.map((b) => b.data)).equals(input)).toBe(true);
    expect(decoded.some((b) => b.compressed)).toBe(true);
  });

  it('stores a block that does not compress as an uncompressed block', () => {
    const input = noise(1000, 3);
    expect(blocks(lz4FrameCompress(input))).toEqual([{ compressed: false, data: input }]);
  });

  it.each(['small', 'repeated'] as const)("reads the Java client's %s frame", (name) => {
    const expected = name === 'small' ? SMALL : REPEATED;
    const frame = Buffer.from(JAVA_FRAMES.lz4[name], 'base64');
    expect(lz4FrameDecompress(frame).toString('utf8')).toBe(expected);
  });

  it("reads the Java client's multi-block frame: two independent 64 KiB blocks", () => {
    const frame = Buffer.from(JAVA_FRAMES.lz4.repeated, 'base64');
    expect(frame[4]).toBe(0x60);
    expect(blocks(frame)).toHaveLength(2);
  });

  it('reads frames with content size, block checksums and a content checksum (flags other writers set)', () => {
    const input = text(100_000);
    const parts: Buffer[] = [];
    const descriptor = Buffer.from([0x40 | 0x20 | 0x10 | 0x08 | 0x04, 0x40, 0, 0, 0, 0, 0, 0, 0, 0]);
    descriptor.writeUInt32LE(input.length, 2);
    parts.push(Buffer.from([0x04, 0x22, 0x4d, 0x18]), descriptor, Buffer.from([(xxh32(0, descriptor, 0, descriptor.length) >>> 8) & 0xff]));
    for (let at = 0; at < input.length; at += 60_000) {
      const chunk = input.subarray(at, at + 60_000);
      const out = new Uint8Array(compressBound(chunk.length));
      const size = compressBlock(chunk, out, 0, chunk.length, new Uint32Array(1 << 16));
      const header = Buffer.alloc(4);
      header.writeUInt32LE(size);
      const checksum = Buffer.alloc(4);
      checksum.writeUInt32LE(xxh32(0, out, 0, size));
      parts.push(header, Buffer.from(out.subarray(0, size)), checksum);
    }
    const contentChecksum = Buffer.alloc(4);
    contentChecksum.writeUInt32LE(xxh32(0, input, 0, input.length));
    parts.push(Buffer.alloc(4), contentChecksum);
    expect(lz4FrameDecompress(Buffer.concat(parts)).equals(input)).toBe(true);
  });

  it("reads lz4js' own frames: dependent blocks, 4 MiB block size", () => {
    const input = text(50_000);
    const frame = Buffer.from(lz4jsCompress(input));
    expect(frame[4]).toBe(0x40); // no independence flag
    expect(lz4FrameDecompress(frame).equals(input)).toBe(true);
  });

  it('ignores a wrong header checksum (Kafka clients before 0.10 computed it over the magic number too)', () => {
    const frame = Buffer.from(JAVA_FRAMES.lz4.small, 'base64');
    frame[6] = (frame[6] as number) ^ 0xff;
    expect(lz4FrameDecompress(frame).toString()).toBe(SMALL);
  });

  it('reads concatenated frames', () => {
    const frame = Buffer.concat([lz4FrameCompress(Buffer.from('abc')), lz4FrameCompress(Buffer.from('def'))]);
    expect(lz4FrameDecompress(frame).toString()).toBe('abcdef');
  });

  it('names what is wrong with a broken frame', () => {
    const frame = lz4FrameCompress(text(10_000));
    expect(() => lz4FrameDecompress(Buffer.from('not lz4 at all'))).toThrow(/invalid LZ4 frame: bad magic number/);
    expect(() => lz4FrameDecompress(frame.subarray(0, frame.length - 20))).toThrow(/invalid LZ4 frame: truncated/);
    const withDictionary = Buffer.from(frame);
    withDictionary[4] = (withDictionary[4] as number) | 0x01;
    expect(() => lz4FrameDecompress(withDictionary)).toThrow(/dictionary/);
    const oldVersion = Buffer.from(frame);
    oldVersion[4] = 0x20;
    expect(() => lz4FrameDecompress(oldVersion)).toThrow(/unsupported version 0/);
  });
});
