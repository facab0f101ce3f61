import type { SluiceError } from '@sluice/errors';
import type { DeadLetterSink } from './dead-letter-writer';

/**
 * What a reader does with a record it cannot decode (malformed JSON, a wrong type, a missing NOT NULL):
 * `skip` counts it in `metrics.badRecords` and calls `onBadRecord`; `throw` makes the pending `next()`
 * reject with the KAFKA_DECODE_ERROR (topic, partition, offset in `details`) while the stream stays open:
 * iterating it again continues with the record after the bad one; `{ deadLetter: topic }` skips and
 * counts it like `skip` and writes it to `topic` as Flink jobs write theirs (`onParseError`):
 * `{ topic, partition, offset, timestamp, raw_value (base64), reason }`. Valid records are never dropped.
 *
 * @example
 * ```ts
 * kafka.consume(trades, { onBadRecord: { deadLetter: 'market.trades.dead' } })
 * ```
 */
export type BadRecordPolicy = 'skip' | 'throw' | { readonly deadLetter: string };

/** Counters of a reader. */
export interface ConsumeMetrics {
  /** Rows handed to the app. */
  readonly rows: number;
  /** Records that could not be decoded. */
  readonly badRecords: number;
  /** Records with a null value (deletes on upsert topics). */
  readonly tombstones: number;
  /** Records fetched and waiting in memory. */
  readonly buffered: number;
}

/** @internal Mutable counters behind {@link ConsumeMetrics}. */
export interface Counters {
  rows: number;
  badRecords: number;
  tombstones: number;
}

/** @internal Options shared by the readers about bad records. */
export interface BadRecordOptions {
  readonly onBadRecord?: BadRecordPolicy;
  /** Called for every bad record (under both policies). */
  readonly onBadRecordError?: (error: SluiceError) => void;
  /** @internal Where `{ deadLetter }` records go (the client makes it). */
  readonly deadLetterSink?: DeadLetterSink;
}
