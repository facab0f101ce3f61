import type { SluiceError } from '@sluice/errors';
import type { Codec } from '../codec/codec';
import { decodeRecord } from './decode-record';
import type { PrepareBatch } from './feed-options';

/** @internal Marks a record with a null value in a {@link DecodedBatch}. */
export const TOMBSTONE: unique symbol = Symbol('tombstone');

/**
 * @internal One partition's fetched records, decoded in the fetch handler: a row, the decode error of a bad
 * record (reported only when the reader reaches it, so counters and callbacks keep their order), or a
 * tombstone; offsets alongside for commits. Parallel arrays, not an object per record.
 */
export interface DecodedBatch<T> {
  readonly length: number;
  readonly partition: number;
  readonly offsets: readonly string[];
  readonly items: readonly (T | SluiceError | typeof TOMBSTONE)[];
}

/** @internal The preparation that decodes values with `codec`. */
export function decodeBatch<T>(codec: Codec<T>, topic: string): PrepareBatch<DecodedBatch<T>> {
  return (partition, messages) => {
    const length = messages.length;
    const offsets = new Array<string>(length);
    const items = new Array<T | SluiceError | typeof TOMBSTONE>(length);
    for (let i = 0; i < length; i++) {
      const m = messages[i] as (typeof messages)[number];
      offsets[i] = m.offset;
      items[i] = m.value === null ? TOMBSTONE : decodeRecord(codec, topic, { partition, offset: m.offset }, m.value);
    }
    return { length, partition, offsets, items };
  };
}
