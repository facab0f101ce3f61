import type { Fields, RowOfFields } from '@sluice/dsl';
import type { JsonCodecOptions } from './codec/json-codec';

/** Compression of produced batches. */
export type Compression = 'none' | 'gzip';

/** Options of a typed producer. */
export interface ProducerOptions extends JsonCodecOptions {
  /** Default `none`. (kafkajs ships gzip only; snappy/lz4/zstd need codecs Sluice does not bundle.) */
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

