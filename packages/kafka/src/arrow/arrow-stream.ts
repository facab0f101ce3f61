import type * as arrow from 'apache-arrow';
import { arrowModule } from './arrow-module';
import type { Fields } from '@sluice/dsl';
import { SluiceError } from '@sluice/errors';
import { jsonCodec } from '../codec/json-codec';
import type { ConsumeMetrics, Counters } from '../consumer/bad-records';
import { compileColumnWriter, SLOW } from '../codec/compiled-decoder';
import { compileColumnScanner } from '../codec/scan-decoder';
import { needsPreciseAlways } from '../codec/json-decode';
import { decodeRecord } from '../consumer/decode-record';
import type { OpenFeed } from '../consumer/feed-options';
import { rawBatch, type RawBatch } from '../consumer/raw-batch';
import type { ConsumeOptions } from '../consumer/row-stream';
import { arrowFields } from './arrow-type';
import { columnBuilder, type ColumnBuilder } from './column-builder';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

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
  const feed = openFeed(rawBatch);
  const codec = jsonCodec({ fields }, options);
  // Records go from JSON.parse straight into the columns; the codec decodes (and words the error of) any
  // record the generated writer defers. Schemas with wide DECIMALs always need the codec's precise parser.
  const writer = Object.values(fields).some(needsPreciseAlways) ? undefined : compileColumnWriter(fields);
  // Records exactly as Flink writes them go from their bytes into the columns, without JSON.parse.
  const scanner = compileColumnScanner(fields);
  const schema = new (arrowModule().Schema)(arrowFields(fields, ''));
  const structType = new (arrowModule().Struct)(schema.fields);
  const maxRows = options.maxRows ?? 10_000;
  // Columns are preallocated for a batch; a huge maxRows grows them instead of reserving it all up front.
  const capacity = Math.min(maxRows, 65_536);
  const counters: Counters = { rows: 0, badRecords: 0, tombstones: 0 };
  const policy = options.onBadRecord ?? 'skip';
  const names = schema.fields.map((f) => f.name);
  const newColumns = (): ColumnBuilder[] => schema.fields.map((f) => columnBuilder(f.type, capacity));
  let columns = newColumns();
  let rows = 0;
  let pending: RawBatch = { length: 0, partition: 0, offsets: [], values: [] };
  let index = 0;
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
      if (rows >= maxRows || (rows > 0 && ((index >= pending.length && feed.buffered === 0) || error !== undefined))) return { done: false, value: flush() };
      if (error !== undefined || index < pending.length) continue;
      const batch = await feed.nextBatch();
      if (batch === undefined) return rows > 0 ? { done: false, value: flush() } : { done: true, value: undefined };
      pending = batch;
      index = 0;
    }
  }

  // Appends rows of the pending fetch until the batch is full or a bad record stops it ('throw').
  function take(): void {
    const { partition, offsets, values } = pending;
    const from = index;
    while (index < pending.length && rows < maxRows && error === undefined) {
      const i = index++;
      const offset = offsets[i] as string;
      const bytes = values[i] as Buffer | null;
      if (bytes === null) {
        counters.tombstones++;
        continue;
      }
      if (!writeFast(bytes)) {
        const row = decodeRecord(codec, topic, { partition, offset }, bytes);
        if (row instanceof SluiceError) {
          counters.badRecords++;
          options.onBadRecordError?.(row);
          if (policy === 'throw') error = row;
          continue;
        }
        const record = row as Record<string, unknown>;
        for (let c = 0; c < columns.length; c++) (columns[c] as ColumnBuilder).append(record[names[c] as string]);
      }
      counters.rows++;
      rows++;
    }
    // Once per call, not per record: take() is synchronous, so no commit can run in between.
    if (index > from) feed.delivered(partition, offsets[index - 1] as string);
  }

  function writeFast(bytes: Buffer): boolean {
    if (scanner !== undefined && scanner(bytes, columns) !== SLOW) return true;
    if (writer === undefined) return false;
    try {
      return writer(JSON.parse(UTF8.decode(bytes)), columns) !== SLOW;
    } catch {
      // Not UTF-8, not JSON, or a field's own decoder refused it: the codec decodes it again and says why.
      return false;
    }
  }

  const close = async (): Promise<void> => feed.close();
  return {
    topic,
    schema,
    ready: feed.ready,
    get metrics(): ConsumeMetrics {
      return { ...counters, buffered: feed.buffered + (pending.length - index) + rows };
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
