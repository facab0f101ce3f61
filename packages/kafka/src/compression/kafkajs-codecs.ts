// kafkajs ships gzip only; its snappy/lz4/zstd entries throw "... not implemented" on first use, which
// made any consumer fail on batches a Flink job (the Java client) wrote with those compressions.
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { kafkaError } from '../errors';
import { lz4FrameCompress, lz4FrameDecompress } from './lz4-frame';
import { snappyDecompress, xerialSnappyCompress } from './xerial-snappy';
import { zstdDecompress } from './zstd';
import { PRODUCER_COMPRESSIONS } from './producer-compression';

/** The codec interface kafkajs calls (see kafkajs/src/protocol/message/compression/gzip.js). */
interface KafkaJsCodec {
  compress(encoder: { readonly buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

function codec(name: string, compress: (input: Buffer) => Buffer, decompress: (input: Buffer) => Buffer): KafkaJsCodec {
  return {
    compress: async (encoder) => compress(encoder.buffer),
    async decompress(buffer) {
      try {
        return decompress(buffer);
      } catch (error) {
        throw kafkaError('KAFKA_DECODE_ERROR', `cannot decompress a ${name} record batch: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
          details: { compression: name, bytes: buffer.length },
        });
      }
    },
  };
}

const zstdCompressRefused = (): Buffer => {
  throw kafkaError('KAFKA_INVALID_CONFIG', `zstd compression is not available for producing (reading zstd works); available: ${PRODUCER_COMPRESSIONS.join(', ')}`);
};

const CODECS: ReadonlyArray<readonly [CompressionTypes, KafkaJsCodec]> = [
  [CompressionTypes.Snappy, codec('snappy', xerialSnappyCompress, snappyDecompress)],
  [CompressionTypes.LZ4, codec('lz4', lz4FrameCompress, lz4FrameDecompress)],
  [CompressionTypes.ZSTD, codec('zstd', zstdCompressRefused, zstdDecompress)],
];

let registered = false;

/**
 * @internal Puts Sluice's snappy, lz4 and zstd codecs into kafkajs' (process-wide) codec table, once.
 * A codec the application registered itself (e.g. a native one) is kept: only kafkajs' placeholders,
 * which throw when looked up, are replaced.
 */
export function registerCompressionCodecs(): void {
  if (registered) return;
  registered = true;
  const table = CompressionCodecs as unknown as Record<number, () => unknown>;
  for (const [type, implementation] of CODECS) {
    try {
      table[type]?.();
      continue;
    } catch {
      // kafkajs' placeholder: replace it.
    }
    table[type] = () => implementation;
  }
}
