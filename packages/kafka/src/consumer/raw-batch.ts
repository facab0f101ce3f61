import type { PrepareBatch } from './feed-options';

/** @internal One partition's fetched values (null for tombstones) and offsets, kept for decoding later. */
export interface RawBatch {
  readonly length: number;
  readonly partition: number;
  readonly offsets: readonly string[];
  readonly values: readonly (Buffer | null)[];
  /** Record timestamps (ms since epoch, as text), for dead letters. */
  readonly timestamps?: readonly string[];
  /** Record keys, for readers that need them (the live table). */
  readonly keys?: readonly (Buffer | null)[];
}

/**
 * @internal The preparation for readers that decode as they go (Arrow writes columns straight from the
 * parsed JSON, so no row objects are made for it to hold): only the value buffers, not the client's
 * message objects, outlive the fetch handler.
 */
export const rawBatch: PrepareBatch<RawBatch> = (partition, messages) => {
  const length = messages.length;
  const offsets = new Array<string>(length);
  const values = new Array<Buffer | null>(length);
  const timestamps = new Array<string>(length);
  for (let i = 0; i < length; i++) {
    const m = messages[i] as (typeof messages)[number];
    offsets[i] = m.offset;
    values[i] = m.value;
    timestamps[i] = m.timestamp;
  }
  return { length, partition, offsets, values, timestamps };
};

/** @internal As {@link rawBatch}, keeping the record keys too (the live table keys its rows by them). */
export const rawBatchWithKeys: PrepareBatch<RawBatch> = (partition, messages) => {
  const batch = rawBatch(partition, messages);
  return { ...batch, keys: messages.map((m) => m.key) };
};
