import { CompressionTypes } from 'kafkajs';
import { kafkaError } from '../errors';
import type { Compression } from '../producer-types';

/** @internal Every compression a producer can write, in the order error messages list them. */
export const PRODUCER_COMPRESSIONS: readonly Compression[] = ['none', 'gzip', 'snappy', 'lz4'];

const TYPES: Readonly<Record<Compression, CompressionTypes>> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
};

/**
 * @internal The kafkajs compression of a producer option; KAFKA_INVALID_CONFIG for anything else, zstd
 * included (it reaches here from untyped callers): Sluice reads zstd but has no zstd compressor.
 */
export function kafkaJsCompression(compression: Compression | undefined, topic: string): CompressionTypes {
  const value: unknown = compression ?? 'none';
  if (typeof value === 'string' && Object.hasOwn(TYPES, value)) return TYPES[value as Compression];
  const available = PRODUCER_COMPRESSIONS.join(', ');
  const zstd = value === 'zstd';
  throw kafkaError(
    'KAFKA_INVALID_CONFIG',
    zstd
      ? `the producer of '${topic}' cannot write zstd: Sluice reads zstd batches but has no zstd compressor; available compressions: ${available}`
      : `the producer of '${topic}' has an unknown compression ${JSON.stringify(value)}; available compressions: ${available}`,
    {
      details: { topic, compression: String(value), available: [...PRODUCER_COMPRESSIONS] },
      suggestion: zstd ? "use 'lz4' (fast) or 'gzip' (smallest); consumers of this topic read all of them" : `use one of ${available}`,
    },
  );
}
