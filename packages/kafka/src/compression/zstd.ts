// zstd, read-only: fzstd is a decompressor, and no pure-JS zstd compressor is installed.
import { decompress } from 'fzstd';

/**
 * @internal Decompresses zstd frames. The Java client streams them (zstd-jni's ZstdOutputStream), so the
 * frame header states no content size; fzstd then decodes block by block through a window-sized buffer.
 */
export function zstdDecompress(input: Uint8Array): Buffer {
  const out = decompress(input);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}
