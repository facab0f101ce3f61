import type { Fields, RowOfFields } from '@sluice/dsl';
import { SluiceError } from '@sluice/errors';
import type { Codec } from '../codec/codec';
import { isAvroCodec, type TargetCodecs } from '../codec/codec-for';
import { jsonCodec, type JsonCodecOptions } from '../codec/json-codec';
import { kafkaError } from '../errors';
import type { BadRecordOptions, ConsumeMetrics } from '../consumer/bad-records';
import { decodeRecord } from '../consumer/decode-record';
import type { FeedOptions, OpenFeed } from '../consumer/feed-options';
import { rawBatchWithKeys } from '../consumer/raw-batch';
import { RecordCursor } from '../consumer/record-cursor';
import { keyFieldsOf } from '../target';

/** Options of {@link LiveTable} (`client.table`). */
export interface TableOptions extends Omit<FeedOptions, 'from'>, Omit<BadRecordOptions, 'onBadRecord'>, Pick<JsonCodecOptions, 'timestampStandard'> {}

/** One change applied to a {@link LiveTable}. */
export type TableChange<T> = { readonly op: 'upsert'; readonly key: string; readonly row: T } | { readonly op: 'delete'; readonly key: string };

/**
 * An upsert / changelog topic materialised as a live keyed table: the latest row per key, with
 * tombstones (null values) deleting their key. It reads from the start of the topic and keeps up.
 * Undecodable records are skipped and counted (the table must not stop), and passed to `onBadRecordError`.
 *
 * @example
 * ```ts
 * const balances = client.table({ topic: 'signals.balance', schema: Balance, key: ['account'], changelog: 'upsert' })
 * await balances.ready
 * balances.get({ account: 'A-1' })  // latest row, or undefined once deleted
 * ```
 */
export interface LiveTable<T> {
  readonly topic: string;
  /** Resolves once the consumer has joined; rows then arrive in the background. */
  readonly ready: Promise<void>;
  /** Current number of keys. */
  readonly size: number;
  readonly metrics: ConsumeMetrics;
  /** The row of a key (the key columns of `row`), or undefined. */
  get(key: Partial<T>): T | undefined;
  /** A copy of the table, keyed by the record key's JSON text. */
  snapshot(): Map<string, T>;
  /** Listens to changes; returns the function that stops listening. */
  onChange(listener: (change: TableChange<T>) => void): () => void;
  close(): Promise<void>;
}

/** @internal */
export function liveTable<F extends Fields>(openFeed: OpenFeed, topic: string, fields: F, keyColumns: readonly string[], options: TableOptions, codecs?: TargetCodecs): LiveTable<RowOfFields<F>> {
  if (keyColumns.length === 0) {
    throw kafkaError('KAFKA_INVALID_CONFIG', `a table over '${topic}' needs key columns`, { suggestion: "pass key: ['id'] (the PRIMARY KEY of the upsert-kafka sink)" });
  }
  type Row = RowOfFields<F>;
  const cursor = new RecordCursor(openFeed(rawBatchWithKeys), topic, options);
  const codec = (codecs?.value ?? jsonCodec({ fields }, options)) as Codec<Row>;
  // Keys are kept as the JSON text of the key columns (so get() finds them), whatever the record format.
  const keyCodec = jsonCodec({ fields: keyFieldsOf(fields, keyColumns) }, { ...options, unknownFields: 'ignore' });
  const keyReader = codecs?.key ?? keyCodec;
  const avroValues = isAvroCodec(codec) ? codec : undefined;
  const avroKeys = isAvroCodec(keyReader) ? keyReader : undefined;
  if (avroValues !== undefined || avroKeys !== undefined) {
    cursor.prepareBatch = async (batch) => {
      await avroValues?.prepareRecords(batch.values);
      await avroKeys?.prepareRecords(batch.keys ?? []);
    };
  }
  const rows = new Map<string, Row>();
  const listeners = new Set<(change: TableChange<Row>) => void>();
  const counters = cursor.counters;
  const emit = (change: TableChange<Row>): void => {
    for (const listener of listeners) listener(change);
  };
  // The table must not stop: bad records are always skipped (and counted, and passed to onBadRecordError).
  const bad = (error: SluiceError): void => void cursor.bad(error, 'skip');

  const loop = (async () => {
    while (await cursor.refill()) {
      for (let value = cursor.take(); value !== undefined; value = cursor.take()) {
        cursor.delivered();
        const key = cursor.key();
        if (key === null) {
          bad(kafkaError('KAFKA_DECODE_ERROR', `record without a key in upsert topic '${topic}' (partition ${cursor.partition}, offset ${cursor.offset})`, { details: { field: '', reason: 'no key', topic, partition: cursor.partition, offset: cursor.offset } }));
          continue;
        }
        // Normalise the key (Flink writes it as a JSON object of the key columns) so get() can find it.
        const decodedKey = decodeRecord(keyReader, topic, cursor, key);
        if (decodedKey instanceof SluiceError) {
          bad(decodedKey);
          continue;
        }
        const keyText = keyCodec.encodeText(decodedKey as never);
        if (value === null) {
          counters.tombstones++;
          if (rows.delete(keyText)) emit({ op: 'delete', key: keyText });
          continue;
        }
        const row = decodeRecord(codec, topic, cursor, value);
        if (row instanceof SluiceError) {
          bad(row);
          continue;
        }
        counters.rows++;
        rows.set(keyText, row);
        emit({ op: 'upsert', key: keyText, row });
      }
    }
  })();
  loop.catch(() => undefined);

  return {
    topic,
    ready: cursor.ready,
    get size() {
      return rows.size;
    },
    get metrics(): ConsumeMetrics {
      return cursor.metrics();
    },
    get(key) {
      return rows.get(keyCodec.encodeText(key as never));
    },
    snapshot: () => new Map(rows),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      await cursor.close();
      await loop.catch(() => undefined);
    },
  };
}
