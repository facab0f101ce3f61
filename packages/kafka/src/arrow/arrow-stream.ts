import * as arrow from 'apache-arrow';
import type { Fields } from '@sluice/dsl';
import { SluiceError } from '@sluice/errors';
import { jsonCodec } from '../codec/json-codec';
import type { ConsumeMetrics, Counters } from '../consumer/bad-records';
import { decodeBatch, TOMBSTONE, type DecodedBatch } from '../consumer/decoded-batch';
import type { OpenFeed } from '../consumer/feed-options';
import type { ConsumeOptions } from '../consumer/row-stream';
import { arrowFields } from './arrow-type';

/** Options of {@link ArrowStream} readers (`client.consumeArrow`). */
export interface ArrowConsumeOptions extends ConsumeOptions {
  /** Most rows per RecordBatch (default 10000); a batch is emitted earlier when no more records are buffered. */
  readonly maxRows?: number;
}

/**
 * Rows of a topic as Apache Arrow RecordBatches (columns typed from the schema: BIGINT -> Int64,
 * timestamps -> TimestampMillisecond, ROW -> Struct, ARRAY -> List, MAP -> Map; DECIMAL/DATE/TIME -> Utf8).
 *
 * @example
 * ```ts
 * for await (const batch of client.consumeArrow({ topic: 'signals.vwap_1m', schema: Vwap })) {
 *   const vwap = batch.getChild('vwap')  // a Float64 vector
 * }
 * ```
 */
export interface ArrowStream extends AsyncIterable<arrow.RecordBatch> {
  readonly topic: string;
  readonly schema: arrow.Schema;
  readonly ready: Promise<void>;
  readonly metrics: ConsumeMetrics;
  close(): Promise<void>;
}

/** @internal */
export function arrowStream<F extends Fields>(openFeed: OpenFeed, topic: string, fields: F, options: ArrowConsumeOptions): ArrowStream {
  const feed = openFeed(decodeBatch(jsonCodec({ fields }, options), topic));
  const schema = new arrow.Schema(arrowFields(fields, ''));
  const structType = new arrow.Struct(schema.fields);
  const maxRows = options.maxRows ?? 10_000;
  const counters: Counters = { rows: 0, badRecords: 0, tombstones: 0 };
  const policy = options.onBadRecord ?? 'skip';
  let builder = arrow.makeBuilder({ type: structType, nullValues: [null, undefined] });
  let error: SluiceError | undefined;

  function flush(): arrow.RecordBatch {
    const data = builder.finish().flush();
    builder = arrow.makeBuilder({ type: structType, nullValues: [null, undefined] });
    return new arrow.RecordBatch(schema, data);
  }

  async function next(): Promise<IteratorResult<arrow.RecordBatch>> {
    for (;;) {
      if (error !== undefined && builder.length === 0) {
        const pending = error;
        error = undefined;
        throw pending;
      }
      // Emit when full, when nothing more is buffered (do not make the app wait for a full batch),
      // or before reporting a bad record under 'throw' (the error follows the batch that held it).
      if (builder.length >= maxRows || (builder.length > 0 && (feed.buffered === 0 || error !== undefined))) return { done: false, value: flush() };
      const batch = await feed.nextBatch();
      if (batch === undefined) return builder.length > 0 ? { done: false, value: flush() } : { done: true, value: undefined };
      consume(batch);
    }
  }

  function consume(batch: DecodedBatch<unknown>): void {
    const { partition, offsets, items } = batch;
    for (let i = 0; i < batch.length; i++) {
      feed.delivered(partition, offsets[i] as string);
      const item = items[i];
      if (item === TOMBSTONE) {
        counters.tombstones++;
        continue;
      }
      if (item instanceof SluiceError) {
        counters.badRecords++;
        options.onBadRecordError?.(item);
        if (policy === 'throw') error ??= item;
        continue;
      }
      counters.rows++;
      builder.append(item as never);
    }
  }

  const close = async (): Promise<void> => feed.close();
  return {
    topic,
    schema,
    ready: feed.ready,
    get metrics(): ConsumeMetrics {
      return { ...counters, buffered: feed.buffered + builder.length };
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
