// Type declarations for the pure-JS codec packages, which ship none. Only what Sluice (and its tests) call.

declare module 'snappyjs' {
  /** Raw (unframed) snappy. A Buffer in gives a Buffer out. */
  export function compress(input: Buffer): Buffer;
  /** Raw (unframed) snappy; throws on an invalid bitstream or when the stated length exceeds `maxLength`. */
  export function uncompress(input: Buffer, maxLength?: number): Buffer;
}

declare module 'lz4js' {
  /** lz4js' own frame writer (dependent 4 MiB blocks, which Kafka's Java reader refuses): tests only. */
  export function compress(src: Uint8Array): Uint8Array;
  /** Worst-case compressed size of `n` bytes. */
  export function compressBound(n: number): number;
  /**
   * Compresses `src[sIndex, sIndex + sLength)` as one LZ4 block into `dst` from 0; returns its size, or 0 when
   * nothing matched and the block should be stored uncompressed. `hashTable` holds positions between calls.
   */
  export function compressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, hashTable: Uint32Array): number;
  /** Decodes one LZ4 block `src[sIndex, sIndex + sLength)` into `dst` at `dIndex`; returns the new end of `dst`. */
  export function decompressBlock(src: Uint8Array, dst: Uint8Array, sIndex: number, sLength: number, dIndex: number): number;
}

declare module 'lz4js/xxh32.js' {
  /** XXH32 of `src[index, index + length)`. */
  export function hash(seed: number, src: Uint8Array, index: number, length: number): number;
}
