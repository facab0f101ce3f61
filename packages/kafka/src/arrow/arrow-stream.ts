import type * as arrow from 'apache-arrow';
import { arrowModule } from './arrow-module';
import type { Fields, RowOfFields } from '@sluice/dsl';
import { SluiceError } from '@sluice/errors';
import type { Codec } from '../codec/codec';
import { isAvroCodec } from '../codec/codec-for';
import { jsonCodec, jsonColumnWriter } from '../codec/json-codec';
import type { ConsumeMetrics } from '../consumer/bad-records';
import { recordError } from '../consumer/decode-record';
import type { OpenFeed } from '../consumer/feed-options';
import { rawBatch } from '../consumer/raw-batch';
import { RecordCursor } from '../consumer/record-cursor';
import type { ConsumeOptions } from '../consumer/row-stream';
import { arrowFields } from './arrow-type';
import { columnBuilder, type ColumnBuilder } from './column-builder';

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
export function arrowStream<F extends Fields>(openFeed: OpenFeed, topic: string, fields: F, options: ArrowConsumeOptions, valueCodec?: Codec<RowOfFields<Fields>>): ArrowStream {
  const cursor = new RecordCursor(openFeed(rawBatch), topic, options);
  // JSON: the codec's decoder chain into columns (bytes scanned straight into them when Flink wrote the
  // record, else JSON.parse into them, else the codec decodes and words the error). Avro: decode, then append.
  const avro = valueCodec !== undefined && isAvroCodec(valueCodec) ? valueCodec : undefined;
  const names = Object.keys(fields);
  const write =
    avro === undefined
      ? jsonColumnWriter(jsonCodec({ fields }, options))
      : (bytes: Buffer, columns: readonly { append(value: unknown): void }[]): void => {
          const record = avro.decode(bytes) as Record<string, unknown>;
          for (let c = 0; c < columns.length; c++) columns[c]?.append(record[names[c] as string]);
        };
  if (avro !== undefined) cursor.prepareBatch = (batch) => avro.prepareRecords(batch.values);
  const schema = new (arrowModule().Schema)(arrowFields(fields, ''));
  const structType = new (arrowModule().Struct)(schema.fields);
  const maxRows = options.maxRows ?? 10_000;
  // Columns are preallocated for a batch; a huge maxRows grows them instead of reserving it all up front.
  const capacity = Math.min(maxRows, 65_536);
  const newColumns = (): ColumnBuilder[] => schema.fields.map((f) => columnBuilder(f.type, capacity));
  let columns = newColumns();
  let rows = 0;
  let error: SluiceError | undefined;

  function flush(): arrow.RecordBatch {
    const children = columns.map((c) => c.finish());
    const data = arrowModule().makeData({ type: structType, length: rows, nullCount: 0, children });
    columns = newColumns();
    rows = 0;
    return new (arrowModule().RecordBatch)(schema, data);
  }

  async function next(): Promise<IteratorResult<arrow.RecordBatch>> {
    for (;;) {
      if (error !== undefined && rows === 0) {
        const bad = error;
        error = undefined;
        throw bad;
      }
      take();
      // Emit when full, when nothing more is fetched (do not make the app wait for a full batch), or
      // before reporting a bad record under 'throw' (the error follows the rows before it).
      if (rows >= maxRows || (rows > 0 && (cursor.drained || error !== undefined))) return { done: false, value: flush() };
      if (error !== undefined || cursor.hasMore) continue;
      if (!(await cursor.refill())) return rows > 0 ? { done: false, value: flush() } : { done: true, value: undefined };
    }
  }

  // Appends rows of the fetch at hand until the batch is full or a bad record stops it ('throw').
  function take(): void {
    let taken = false;
    while (rows < maxRows && error === undefined) {
      const bytes = cursor.take();
      if (bytes === undefined) break;
      taken = true;
      if (bytes === null) {
        cursor.counters.tombstones++;
        continue;
      }
      try {
        write(bytes, columns);
      } catch (thrown) {
        error = cursor.bad(recordError(thrown, topic, cursor));
        continue;
      }
      cursor.counters.rows++;
      rows++;
    }
    // Once per call, not per record: take() is synchronous, so no commit can run in between.
    if (taken) cursor.delivered();
  }

  const close = async (): Promise<void> => cursor.close();
  return {
    topic,
    schema,
    ready: cursor.ready,
    get metrics(): ConsumeMetrics {
      return cursor.metrics(rows);
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
