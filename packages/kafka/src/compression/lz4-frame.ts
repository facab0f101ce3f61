// LZ4 frame format (https://github.com/lz4/lz4/blob/dev/doc/lz4_Frame_format.md), which is what Kafka's
// record batches (magic 2) carry. lz4js supplies the block codec; the frame is handled here because
// lz4js' own frame writer marks blocks as dependent (Kafka's Java reader refuses those) and uses 4 MiB blocks.
import { compressBlock, compressBound, decompressBlock } from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32.js';

const MAGIC = 0x184d2204;
const FLG_VERSION = 0x40;
const FLG_VERSION_MASK = 0xc0;
const FLG_BLOCK_INDEPENDENT = 0x20;
const FLG_BLOCK_CHECKSUM = 0x10;
const FLG_CONTENT_SIZE = 0x08;
const FLG_CONTENT_CHECKSUM = 0x04;
const FLG_DICTIONARY_ID = 0x01;
const UNCOMPRESSED_BLOCK = 0x80000000;
const BLOCK_SIZES: Readonly<Record<number, number>> = { 4: 0x10000, 5: 0x40000, 6: 0x100000, 7: 0x400000 };

// 64 KiB blocks, as Kafka's Java producer writes them (BD = 4). Each block gets a little less input than
// that: lz4js may start a block's last match 10 bytes before its end, closer than the 12 that strict
// decoders (liblz4, lz4-java's JNI) accept when the block fills their 64 KiB output buffer exactly.
const BLOCK_MAX = 0x10000;
const BLOCK_INPUT = BLOCK_MAX - 16;
const FLG = FLG_VERSION | FLG_BLOCK_INDEPENDENT;
const BD = 4 << 4;
// Scratch space, reused: compression is synchronous, so no two calls share it at once.
const block = new Uint8Array(compressBound(BLOCK_INPUT));
const table = new Uint32Array(1 << 16);

/**
 * @internal Compresses `input` into one LZ4 frame: independent 64 KiB blocks, no checksums (the record
 * batch has its own CRC), like the Java client writes.
 */
export function lz4FrameCompress(input: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(7 + compressBound(input.length) + 4 * (Math.ceil(input.length / BLOCK_INPUT) + 1));
  out.writeUInt32LE(MAGIC, 0);
  out[4] = FLG;
  out[5] = BD;
  out[6] = (xxh32(0, out, 4, 2) >>> 8) & 0xff;
  let at = 7;
  for (let start = 0; start < input.length; start += BLOCK_INPUT) {
    const chunk = input.subarray(start, Math.min(start + BLOCK_INPUT, input.length));
    // A fresh table per block: matches must not reach into an earlier block (independent blocks).
    table.fill(0);
    const size = compressBlock(chunk, block, 0, chunk.length, table);
    if (size === 0 || size >= chunk.length) {
      out.writeUInt32LE((UNCOMPRESSED_BLOCK | chunk.length) >>> 0, at);
      out.set(chunk, at + 4);
      at += 4 + chunk.length;
    } else {
      out.writeUInt32LE(size, at);
      out.set(block.subarray(0, size), at + 4);
      at += 4 + size;
    }
  }
  out.writeUInt32LE(0, at);
  return out.subarray(0, at + 4);
}

/**
 * @internal Decompresses one or more concatenated LZ4 frames, whatever the flags: content size, block and
 * content checksums (skipped, not verified: the record batch's CRC-32C covers these bytes), dependent blocks.
 * The header checksum is not checked either, as Kafka clients before 0.10 computed it over the wrong bytes.
 */
export function lz4FrameDecompress(input: Uint8Array): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  while (at < input.length) {
    const frame = readFrame(input, at);
    parts.push(frame.data);
    at = frame.end;
  }
  return parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
}

function fail(reason: string): never {
  throw new Error(`invalid LZ4 frame: ${reason}`);
}

function u32(input: Uint8Array, at: number): number {
  if (at + 4 > input.length) fail('truncated');
  return ((input[at] as number) | ((input[at + 1] as number) << 8) | ((input[at + 2] as number) << 16) | ((input[at + 3] as number) << 24)) >>> 0;
}

function readFrame(input: Uint8Array, start: number): { data: Buffer; end: number } {
  if (u32(input, start) !== MAGIC) fail(`bad magic number at byte ${start}`);
  if (start + 7 > input.length) fail('truncated header');
  const flg = input[start + 4] as number;
  const bd = input[start + 5] as number;
  if ((flg & FLG_VERSION_MASK) !== FLG_VERSION) fail(`unsupported version ${(flg & FLG_VERSION_MASK) >> 6}`);
  if ((flg & FLG_DICTIONARY_ID) !== 0) fail('frames that need a dictionary are not supported');
  const blockMax = BLOCK_SIZES[(bd >> 4) & 7] ?? fail(`bad block size code ${(bd >> 4) & 7}`);
  const blockChecksum = (flg & FLG_BLOCK_CHECKSUM) !== 0;
  let at = start + 6;
  let contentSize: number | undefined;
  if ((flg & FLG_CONTENT_SIZE) !== 0) {
    contentSize = u32(input, at) + u32(input, at + 4) * 2 ** 32;
    at += 8;
  }
  at += 1; // header checksum

  // Size the output from a first pass over the block headers (or the stated content size).
  let bound = 0;
  for (let scan = at; ; ) {
    const header = u32(input, scan);
    if (header === 0) break;
    const size = header & ~UNCOMPRESSED_BLOCK;
    bound += (header & UNCOMPRESSED_BLOCK) !== 0 ? size : blockMax;
    scan += 4 + size + (blockChecksum ? 4 : 0);
  }
  if (contentSize !== undefined && contentSize > bound) fail(`content size ${contentSize} exceeds what the blocks can hold`);
  const out = Buffer.allocUnsafe(bound);
  let written = 0;
  for (;;) {
    const header = u32(input, at);
    at += 4;
    if (header === 0) break;
    const size = header & ~UNCOMPRESSED_BLOCK;
    if (at + size > input.length) fail('truncated block');
    const before = written;
    if ((header & UNCOMPRESSED_BLOCK) !== 0) {
      out.set(input.subarray(at, at + size), written);
      written += size;
    } else {
      written = decompressBlock(input, out, at, size, written);
    }
    if (written - before > blockMax || written > bound) fail('a block decodes to more than its maximum size');
    at += size + (blockChecksum ? 4 : 0);
  }
  if ((flg & FLG_CONTENT_CHECKSUM) !== 0) at += 4;
  if (at > input.length) fail('truncated content checksum');
  if (contentSize !== undefined && contentSize !== written) fail(`content size is ${contentSize} but the blocks hold ${written} bytes`);
  return { data: out.subarray(0, written), end: at };
}
