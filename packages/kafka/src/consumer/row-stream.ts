import type { Fields, RowOfFields } from '@sluice/dsl';
import { SluiceError } from '@sluice/errors';
import type { Codec } from '../codec/codec';
import { isAvroCodec } from '../codec/codec-for';
import { jsonCodec, type JsonCodecOptions } from '../codec/json-codec';
import type { BadRecordOptions, ConsumeMetrics } from './bad-records';
import { decodeRecord } from './decode-record';
import type { FeedOptions, OpenFeed } from './feed-options';
import { rawBatch } from './raw-batch';
import { RecordCursor } from './record-cursor';

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
export function rowStream<F extends Fields>(openFeed: OpenFeed, topic: string, fields: F, options: ConsumeOptions, valueCodec?: Codec<RowOfFields<Fields>>): RowStream<RowOfFields<F>> {
  type Row = RowOfFields<F>;
  const cursor = new RecordCursor(openFeed(rawBatch), topic, options);
  const codec = valueCodec ?? jsonCodec({ fields }, options);
  if (isAvroCodec(codec)) cursor.prepareBatch = (batch) => codec.prepareRecords(batch.values);

  // Not async: while fetched records are at hand, next() resolves without awaiting anything (one promise
  // per row, the minimum for-await needs); it only waits when the fetched records are used up.
  function next(): Promise<IteratorResult<Row>> {
    for (;;) {
      const bytes = cursor.takeValue();
      if (bytes === undefined) return refill();
      // Decoded only now, so a row lives no longer than the app keeps it (decoding whole fetches up
      // front kept tens of thousands of rows alive at once, and garbage collection grew with them).
      const item = decodeRecord(codec, topic, cursor, bytes);
      if (item instanceof SluiceError) {
        let error: SluiceError | undefined;
        try {
          error = cursor.bad(item);
        } catch (thrown) {
          return Promise.reject(thrown);
        }
        if (error !== undefined) return Promise.reject(error);
        continue;
      }
      cursor.counters.rows++;
      return Promise.resolve({ done: false, value: item as Row });
    }
  }

  async function refill(): Promise<IteratorResult<Row>> {
    return (await cursor.refill()) ? next() : { done: true, value: undefined };
  }

  const close = async (): Promise<void> => cursor.close();
  return {
    topic,
    ready: cursor.ready,
    get metrics(): ConsumeMetrics {
      return cursor.metrics();
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
