import type { Fields, RowOfFields } from '@sluice/dsl';
import { SluiceError } from '@sluice/errors';
import { jsonCodec, type JsonCodecOptions } from '../codec/json-codec';
import type { BadRecordOptions, ConsumeMetrics, Counters } from './bad-records';
import { decodeRecord } from './decode-record';
import type { FeedOptions, OpenFeed } from './feed-options';
import { rawBatch, type RawBatch } from './raw-batch';

/** Options of {@link RowStream} readers (`client.consume`). */
export interface ConsumeOptions extends FeedOptions, BadRecordOptions, Pick<JsonCodecOptions, 'timestampStandard'> {}

/**
 * Typed rows of a topic as an async iterable. Breaking out of `for await` (or calling `close()`)
 * commits what was delivered (when a group is used) and disconnects.
 *
 * @example
 * ```ts
 * const stream = client.consume({ topic: 'signals.vwap_1m', schema: Vwap }, { from: 'latest' })
 * for await (const row of stream) console.log(row.symbol, row.vwap)
 * ```
 */
export interface RowStream<T> extends AsyncIterable<T> {
  readonly topic: string;
  /** Resolves once the consumer has joined its group and been given partitions. */
  readonly ready: Promise<void>;
  readonly metrics: ConsumeMetrics;
  close(): Promise<void>;
}

/** @internal */
export function rowStream<F extends Fields>(openFeed: OpenFeed, topic: string, fields: F, options: ConsumeOptions): RowStream<RowOfFields<F>> {
  type Row = RowOfFields<F>;
  const feed = openFeed(rawBatch);
  const codec = jsonCodec({ fields }, options);
  const counters: Counters = { rows: 0, badRecords: 0, tombstones: 0 };
  const policy = options.onBadRecord ?? 'skip';
  let pending: RawBatch = { length: 0, partition: 0, offsets: [], values: [] };
  let index = 0;

  // Not async: while decoded rows are at hand, next() resolves without awaiting anything (one promise per
  // row, the minimum for-await needs); it only waits when the fetched rows are used up.
  function next(): Promise<IteratorResult<Row>> {
    while (index < pending.length) {
      const i = index++;
      const offset = pending.offsets[i] as string;
      feed.delivered(pending.partition, offset);
      const bytes = pending.values[i] as Buffer | null;
      if (bytes === null) {
        counters.tombstones++;
        continue;
      }
      // Decoded only now, so a row lives no longer than the app keeps it (decoding whole fetches up
      // front kept tens of thousands of rows alive at once, and garbage collection grew with them).
      const item = decodeRecord(codec, topic, { partition: pending.partition, offset }, bytes);
      if (item instanceof SluiceError) {
        counters.badRecords++;
        try {
          options.onBadRecordError?.(item);
        } catch (error) {
          return Promise.reject(error);
        }
        if (policy === 'throw') return Promise.reject(item);
        continue;
      }
      counters.rows++;
      return Promise.resolve({ done: false, value: item as Row });
    }
    return refill();
  }

  async function refill(): Promise<IteratorResult<Row>> {
    const batch = await feed.nextBatch();
    if (batch === undefined) return { done: true, value: undefined };
    pending = batch;
    index = 0;
    return next();
  }

  const close = async (): Promise<void> => feed.close();
  return {
    topic,
    ready: feed.ready,
    get metrics(): ConsumeMetrics {
      return { ...counters, buffered: feed.buffered + (pending.length - index) };
    },
    close,
    [Symbol.asyncIterator]() {
      return {
        next,
        async return() {
          await close();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
