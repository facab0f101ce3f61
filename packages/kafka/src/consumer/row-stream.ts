import type { Fields, RowOfFields } from '@sluice/dsl';
import { SluiceError } from '@sluice/errors';
import { jsonCodec, type JsonCodecOptions } from '../codec/json-codec';
import type { BadRecordOptions, ConsumeMetrics, Counters } from './bad-records';
import { decodeRecord } from './decode-record';
import type { FeedOptions, FeedSource, RawRecord } from './feed-options';

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
export function rowStream<F extends Fields>(feed: FeedSource, topic: string, fields: F, options: ConsumeOptions): RowStream<RowOfFields<F>> {
  const codec = jsonCodec({ fields }, options);
  const counters: Counters = { rows: 0, badRecords: 0, tombstones: 0 };
  const policy = options.onBadRecord ?? 'skip';
  let pending: RawRecord[] = [];
  let index = 0;

  async function next(): Promise<IteratorResult<RowOfFields<F>>> {
    for (;;) {
      if (index >= pending.length) {
        const batch = await feed.nextBatch();
        if (batch === undefined) return { done: true, value: undefined };
        pending = batch;
        index = 0;
        continue;
      }
      const record = pending[index++] as RawRecord;
      feed.delivered(record.partition, record.offset);
      if (record.value === null) {
        counters.tombstones++;
        continue;
      }
      const row = decodeRecord(codec, topic, record, record.value);
      if (row instanceof SluiceError) {
        counters.badRecords++;
        options.onBadRecordError?.(row);
        if (policy === 'throw') throw row;
        continue;
      }
      counters.rows++;
      return { done: false, value: row };
    }
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
