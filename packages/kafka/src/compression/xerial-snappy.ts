// Snappy as Kafka carries it. The Java client writes xerial's SnappyOutputStream framing: an 8-byte magic,
// two 4-byte versions, then chunks of (4-byte big-endian length, raw snappy). Other clients (librdkafka,
// some Go/Python ones) may write plain raw snappy, so both are read.
import { compress, uncompress } from 'snappyjs';

const MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]); // "\x82SNAPPY\0"
const HEADER_SIZE = 16;
// xerial's DEFAULT_VERSION and MINIMUM_COMPATIBLE_VERSION.
const VERSION = 1;
const COMPATIBLE_VERSION = 1;
// xerial's default block size, what the Java client's chunks hold.
const CHUNK_SIZE = 32 * 1024;

/** @internal Whether `input` starts with xerial's snappy stream header. */
export function isXerialFramed(input: Uint8Array): boolean {
  return input.length >= HEADER_SIZE && MAGIC.equals(input.subarray(0, MAGIC.length));
}

/** @internal Compresses `input` in xerial framing with 32 KiB chunks, as the Java client writes it. */
export function xerialSnappyCompress(input: Uint8Array): Buffer {
  const data = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const header = Buffer.alloc(HEADER_SIZE);
  MAGIC.copy(header);
  header.writeInt32BE(VERSION, 8);
  header.writeInt32BE(COMPATIBLE_VERSION, 12);
  const parts: Buffer[] = [header];
  for (let start = 0; start < data.length; start += CHUNK_SIZE) {
    const chunk = compress(data.subarray(start, start + CHUNK_SIZE));
    const length = Buffer.allocUnsafe(4);
    length.writeInt32BE(chunk.length);
    parts.push(length, chunk);
  }
  return Buffer.concat(parts);
}

/** @internal Decompresses xerial-framed snappy, or raw snappy when the xerial header is absent. */
export function snappyDecompress(input: Uint8Array): Buffer {
  const data = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (!isXerialFramed(data)) return uncompress(data);
  const parts: Buffer[] = [];
  for (let at = HEADER_SIZE; at < data.length; ) {
    if (at + 4 > data.length) throw new Error('invalid xerial snappy stream: truncated chunk length');
    const length = data.readInt32BE(at);
    at += 4;
    if (length < 0 || at + length > data.length) throw new Error(`invalid xerial snappy stream: chunk of ${length} bytes at byte ${at - 4} overruns the ${data.length}-byte input`);
    parts.push(uncompress(data.subarray(at, at + length)));
    at += length;
  }
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}
