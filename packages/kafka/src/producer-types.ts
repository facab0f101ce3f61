import type { Fields, RowOfFields } from '@sluice/dsl';
import type { JsonCodecOptions } from './codec/json-codec';

/**
 * Compression of produced record batches. Consumers read all of these, and zstd too (e.g. written by a
 * Flink job with `'properties.compression.type' = 'zstd'`), but zstd cannot be produced: there is no
 * zstd compressor in Sluice, and `'zstd'` fails with KAFKA_INVALID_CONFIG.
 *
 * - `none`: fastest, largest.
 * - `gzip`: smallest, slowest (Node's zlib).
 * - `snappy`: fast, in the framing the Java client writes (pure JS, snappyjs).
 * - `lz4`: fast, LZ4 frames as the Java client writes them (pure JS, lz4js).
 *
 * @example
 * ```ts
 * const producer = await kafka.producer({ topic: 'market.trades', schema: Trade }, { compression: 'lz4' })
 * ```
 */
export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4';

/** Options of a typed producer. */
export interface ProducerOptions extends JsonCodecOptions {
  /** Compression of the record batches: `none` (default), `gzip`, `snappy` or `lz4`; see {@link Compression}. */
  readonly compression?: Compression;
  /** Rows per produce request when sending many (default 1000). */
  readonly batchSize?: number;
  /** Idempotent producer (exactly one copy per send on retries). Default true. */
  readonly idempotent?: boolean;
}

/** The result of a send: where the records landed. */
export interface SendResult {
  readonly count: number;
  readonly partitions: readonly { readonly partition: number; readonly baseOffset: string }[];
}

/**
 * A typed producer for one topic: rows are validated and encoded before anything is sent, so one bad row
 * fails the whole call with KAFKA_ENCODE_ERROR naming the field, and no record of that call is written.
 *
 * @example
 * ```ts
 * const producer = await client.producer({ topic: 'market.trades', schema: Trade, key: ['symbol'] })
 * await producer.send([{ symbol: 'ACME', price: 1.5, qty: 10n, ts: new Date() }])
 * await producer.close()
 * ```
 */
export interface TypedProducer<F extends Fields> {
  readonly topic: string;
  send(rows: readonly RowOfFields<F>[]): Promise<SendResult>;
  /** Sends `null` values for these keys (deletes on compacted / upsert topics). */
  sendTombstones(keys: readonly Partial<RowOfFields<F>>[]): Promise<SendResult>;
  close(): Promise<void>;
}

