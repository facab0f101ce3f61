import type { SluiceError } from '@sluice/errors';

/**
 * What a reader does with a record it cannot decode (malformed JSON, a wrong type, a missing NOT NULL):
 * `skip` counts it in `metrics.badRecords` and calls `onBadRecord`; `throw` makes the pending `next()`
 * reject with the KAFKA_DECODE_ERROR (topic, partition, offset in `details`) while the stream stays open:
 * iterating it again continues with the record after the bad one. Valid records are never dropped.
 */
export type BadRecordPolicy = 'skip' | 'throw';

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
}
