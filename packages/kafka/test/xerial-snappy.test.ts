import { compress as rawSnappy } from 'snappyjs';
import { isXerialFramed, snappyDecompress, xerialSnappyCompress } from '../src/compression/xerial-snappy';
import { JAVA_FRAMES, REPEATED, SMALL } from './fixtures/java-compressed-frames';

const text = (n: number): Buffer => Buffer.from(Array.from({ length: Math.ceil(n / 10) }, (_, i) => `{"id":${i},"v":${(i * 7919) % 1009}}\n`).join('')).subarray(0, n);

/** The compressed lengths of the chunks of a xerial stream. */
function chunks(stream: Buffer): number[] {
  const out: number[] = [];
  for (let at = 16; at < stream.length; ) {
    const length = stream.readInt32BE(at);
    out.push(length);
    at += 4 + length;
  }
  return out;
}

describe('snappy as Kafka carries it', () => {
  it.each([
    ['empty', Buffer.alloc(0)],
    ['small text', Buffer.from(SMALL)],
    ['text over several chunks', text(200_000)],
    ['a run of zeros', Buffer.alloc(100_000)],
  ])('round trips %s in xerial framing', (_, input) => {
    expect(snappyDecompress(xerialSnappyCompress(input)).equals(input)).toBe(true);
  });

  it("writes xerial's header as the Java client does, then 32 KiB chunks", () => {
    const stream = xerialSnappyCompress(text(100_000));
    expect(stream.subarray(0, 16)).toEqual(Buffer.from([0x82, ...Buffer.from('SNAPPY'), 0, 0, 0, 0, 1, 0, 0, 0, 1]));
    expect(Buffer.from(JAVA_FRAMES.snappy.small, 'base64').subarray(0, 16)).toEqual(stream.subarray(0, 16));
    expect(chunks(stream)).toHaveLength(Math.ceil(100_000 / 32_768));
  });

  it.each(['small', 'repeated'] as const)("reads the Java client's %s stream", (name) => {
    const stream = Buffer.from(JAVA_FRAMES.snappy[name], 'base64');
    expect(isXerialFramed(stream)).toBe(true);
    expect(snappyDecompress(stream).toString('utf8')).toBe(name === 'small' ? SMALL : REPEATED);
  });

  it("reads the Java client's three-chunk stream", () => {
    expect(chunks(Buffer.from(JAVA_FRAMES.snappy.repeated, 'base64'))).toHaveLength(3);
  });

  it('reads raw (unframed) snappy, as librdkafka and others write it', () => {
    const input = text(50_000);
    const raw = rawSnappy(input);
    expect(isXerialFramed(raw)).toBe(false);
    expect(snappyDecompress(raw).equals(input)).toBe(true);
  });

  it('reads a hand-made xerial stream of raw snappy chunks', () => {
    const parts = [Buffer.from('one '), Buffer.from('two '), Buffer.from('three')];
    const header = Buffer.from([0x82, ...Buffer.from('SNAPPY'), 0, 0, 0, 0, 1, 0, 0, 0, 1]);
    const body = parts.flatMap((p) => {
      const chunk = rawSnappy(p);
      const length = Buffer.alloc(4);
      length.writeInt32BE(chunk.length);
      return [length, chunk];
    });
    expect(snappyDecompress(Buffer.concat([header, ...body])).toString()).toBe('one two three');
  });

  it('names a truncated or broken stream', () => {
    const stream = xerialSnappyCompress(text(40_000));
    expect(() => snappyDecompress(stream.subarray(0, stream.length - 10))).toThrow(/invalid xerial snappy stream: chunk of \d+ bytes/);
    expect(() => snappyDecompress(stream.subarray(0, 18))).toThrow(/truncated chunk length/);
    expect(() => snappyDecompress(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toThrow(/Invalid Snappy bitstream/);
  });
});
