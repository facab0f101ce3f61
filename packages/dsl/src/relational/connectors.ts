import type { DataType, Fields } from '../types/data-type';
import type { Schema } from '../schema';
import type { Expr } from '../expr/expr';
import type { Columns } from '../expr/row-proxy';
import { columnsOf, requireColumn } from '../expr/row-proxy';
import { isExpr } from '../expr/expr';
import type { Duration } from '../dialect';
import { parseDuration } from '../dialect';
import { dslError } from '../errors';
import type { Format, MetadataKey, Source, SourceColumn } from '../ast/source-node';
import { isTimestamp, withNullable } from '../expr/type-rules';
import type { IntType, BigintType, TimestampLtzType } from '../types/data-type';

export type { Format, MetadataKey, Source, SourceColumn } from '../ast/source-node';


/** Where a Kafka source starts reading. */
export type StartupMode = 'earliest-offset' | 'latest-offset' | 'group-offsets' | { readonly timestampMillis: number };

type MetadataTypes = { timestamp: TimestampLtzType<true>; partition: IntType<true>; offset: BigintType<true> };
const METADATA_TYPES: { readonly [K in MetadataKey]: DataType } = {
  timestamp: { kind: 'TIMESTAMP_LTZ', nullable: true, precision: 3 },
  partition: { kind: 'INT', nullable: true },
  offset: { kind: 'BIGINT', nullable: true },
};

/** The event time of a source: its column and how far the watermark trails it. */
export interface EventTime<Name extends string = string> {
  readonly column: Name;
  /** Bounded out-of-orderness, e.g. `'5 s'`: `WATERMARK FOR ts AS ts - INTERVAL '5' SECOND`. */
  readonly watermark: string;
  /** Partitions idle this long stop holding the watermark back (`scan.watermark.idle-timeout`). */
  readonly idleTimeout?: string;
}



/**
 * What a Kafka source does with a record that does not parse: `'fail'` (Flink's default: the job
 * fails), `'skip'` (`json.ignore-parse-errors`: dropped), or `{ deadLetter: topic }`: the job reads the
 * raw bytes, parses them itself, and writes every record that does not parse to `topic` with its
 * partition, offset, timestamp, raw value and the reason, in the same job.
 */
export type OnParseError = 'fail' | 'skip' | { readonly deadLetter: string };

/** Column types of computed-column expressions. */
export type ExprFields<C> = { readonly [K in keyof C]: C[K] extends Expr<infer T> ? T : never };

type Meta<M> = { readonly [K in keyof M]: M[K] extends MetadataKey ? MetadataTypes[M[K]] : never };

/** The fields of a source: schema columns, metadata columns, computed columns. */
export type SourceFields<F extends Fields, M, C> = F & Meta<M> & ExprFields<C>;

/** Options shared by Kafka-backed sources. */
export interface KafkaSourceOptions<F extends Fields, M extends Record<string, MetadataKey>, C extends Record<string, Expr<DataType>>> {
  readonly topic: string;
  /** Value format (and key format when `key` is set). Default `json`. */
  readonly format?: Format;
  /** Columns read from the record key (`key.fields`). */
  readonly key?: readonly (keyof F & string)[];
  /** Extra `properties.*` of the Kafka client (e.g. `{ 'group.id': 'x' }`). */
  readonly properties?: Readonly<Record<string, string>>;
  readonly startup?: StartupMode;
  /** Kafka metadata as columns: `{ ingested_at: 'timestamp', part: 'partition' }`. */
  readonly metadata?: M;
  /** Computed columns: `r => ({ ts: toTimestampLtz(r.ts_ms) })`. */
  readonly computed?: (r: Columns<F>) => C;
  // A plain string: typing it as a key of the computed columns would make TS infer C from it.
  readonly eventTime?: EventTime;
  /** A record that does not parse: `'fail'` (default), `'skip'` or `{ deadLetter: 'topic' }` (JSON values only). */
  readonly onParseError?: OnParseError;
}

/** @internal Schema, metadata and computed columns of a source. */
export function buildColumns(name: string, fields: Fields, metadata: Record<string, MetadataKey> | undefined, computed: ((r: Columns<Fields>) => Record<string, Expr<DataType>>) | undefined): SourceColumn[] {
  const ctx = { signal: name };
  const columns: SourceColumn[] = Object.entries(fields).map(([n, type]) => ({ name: n, type }));
  const seen = new Set(columns.map((c) => c.name));
  const add = (column: SourceColumn): void => {
    if (seen.has(column.name)) throw dslError('DSL_DUPLICATE_NAME', { signal: name, field: column.name }, `column '${column.name}' is declared twice`);
    seen.add(column.name);
    columns.push(column);
  };
  for (const [n, key] of Object.entries(metadata ?? {})) {
    const type = METADATA_TYPES[key];
    if (type === undefined) throw dslError('DSL_INVALID_METADATA', { signal: name, field: n }, `'${String(key)}' is not Kafka metadata; use timestamp, partition or offset`);
    add({ name: n, type, metadata: key });
  }
  if (computed !== undefined) {
    const out = computed(columnsOf(fields, ctx));
    for (const [n, e] of Object.entries(out)) {
      if (!isExpr(e)) throw dslError('DSL_INVALID_EXPRESSION', { signal: name, field: n }, 'a computed column must be an expression');
      add({ name: n, type: e.type, computed: e.node });
    }
  }
  return columns;
}

function resolveEventTime(name: string, columns: SourceColumn[], eventTime: EventTime | undefined): Source['eventTime'] {
  if (eventTime === undefined) return undefined;
  const index = columns.findIndex((c) => c.name === eventTime.column);
  const column = columns[index];
  if (column === undefined) {
    throw dslError('DSL_UNKNOWN_COLUMN', { signal: name, field: String(eventTime.column) }, `eventTime names column '${String(eventTime.column)}', which does not exist`);
  }
  if (!isTimestamp(column.type) || (column.type.kind === 'TIMESTAMP' || column.type.kind === 'TIMESTAMP_LTZ' ? column.type.precision > 3 : true)) {
    throw dslError('DSL_TYPE_MISMATCH', { signal: name, field: column.name }, `the event-time column must be TIMESTAMP(3) or TIMESTAMP_LTZ(3) (or less precise), got ${column.type.kind}`);
  }
  columns[index] = { ...column, type: Object.freeze({ ...column.type, rowtime: true }) as DataType };
  const resolved = { column: column.name, watermark: parseDuration(eventTime.watermark, { signal: name, field: 'watermark' }) };
  return eventTime.idleTimeout === undefined ? resolved : { ...resolved, idleTimeout: parseDuration(eventTime.idleTimeout, { signal: name, field: 'idleTimeout' }) };
}

/** @internal */
export function fieldsOf(columns: readonly SourceColumn[]): Fields {
  return Object.freeze(Object.fromEntries(columns.map((c) => [c.name, c.type])));
}

/** @internal */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || name.trim().length === 0) throw dslError('DSL_INVALID_NAME', { signal: String(name) }, `${what} needs a non-empty name`);
  return name;
}

function startupOptions(startup: StartupMode | undefined): Record<string, string> {
  if (startup === undefined) return { 'scan.startup.mode': 'earliest-offset' };
  if (typeof startup === 'string') return { 'scan.startup.mode': startup };
  return { 'scan.startup.mode': 'timestamp', 'scan.startup.timestamp-millis': String(startup.timestampMillis) };
}

function kafkaLike<F extends Fields, M extends Record<string, MetadataKey>, C extends Record<string, Expr<DataType>>>(
  connector: 'kafka' | 'upsert-kafka',
  name: string,
  s: Schema<F>,
  options: KafkaSourceOptions<F, M, C> & { readonly primaryKey?: readonly (keyof F & string)[] },
): Source<SourceFields<F, M, C>> {
  checkName(name, 'a source');
  if (typeof options?.topic !== 'string' || options.topic.length === 0) throw dslError('DSL_INVALID_OPTION', { signal: name, field: 'topic' }, 'a Kafka source needs a topic');
  const columns = buildColumns(name, s.fields, options.metadata, options.computed as ((r: Columns<Fields>) => Record<string, Expr<DataType>>) | undefined);
  const eventTime = resolveEventTime(name, columns, options.eventTime);
  const fields = fieldsOf(columns);
  const keyFields = [...(options.key ?? [])];
  for (const k of keyFields) requireColumn(s.fields, k, { signal: name }, 'key');
  const primaryKey = [...(options.primaryKey ?? [])];
  for (const k of primaryKey) requireColumn(s.fields, k, { signal: name }, 'primaryKey');
  if (connector === 'upsert-kafka' && primaryKey.length === 0) {
    throw dslError('DSL_PRIMARY_KEY_REQUIRED', { signal: name, field: 'primaryKey' }, 'an upsert-kafka source needs a primaryKey');
  }
  const pk = new Set(primaryKey);
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    if (c !== undefined && pk.has(c.name)) columns[i] = { ...c, type: withNullable(c.type, false) };
  }
  const source: Source<Fields> = {
    kind: 'Source',
    name,
    fields: fieldsOf(columns),
    columns: Object.freeze(columns),
    connector,
    topic: options.topic,
    format: options.format ?? 'json',
    keyFields: connector === 'upsert-kafka' ? primaryKey : keyFields,
    primaryKey,
    ...(eventTime === undefined ? {} : { eventTime }),
    // 'skip': Flink's JSON format drops a record it cannot read instead of failing the job.
    options: { ...(connector === 'kafka' ? startupOptions(options.startup) : {}), ...(options.onParseError === 'skip' ? ignoreParseErrors(keyFields) : {}) },
    properties: { ...(options.properties ?? {}) },
    unbounded: true,
    ...parseErrorPolicy(name, options, keyFields, columns),
  };
  void fields;
  return Object.freeze(source) as Source<SourceFields<F, M, C>>;
}

function ignoreParseErrors(keyFields: readonly string[]): Record<string, string> {
  return { ...(keyFields.length > 0 ? { 'key.json.ignore-parse-errors': 'true' } : {}), 'value.json.ignore-parse-errors': 'true' };
}

// Column types the job can parse from JSON text itself (JSON_VALUE + TRY_CAST) for a dead-letter route.
const PARSABLE_KINDS: ReadonlySet<string> = new Set(['STRING', 'CHAR', 'VARCHAR', 'BOOLEAN', 'TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'DECIMAL']);

function parseErrorPolicy(name: string, options: { readonly onParseError?: OnParseError; readonly format?: Format }, keyFields: readonly string[], columns: readonly SourceColumn[]): Pick<Source, 'onParseError'> | Record<string, never> {
  const policy = options.onParseError;
  if (policy === undefined || policy === 'fail') return {};
  const field = 'onParseError';
  if ((options.format ?? 'json') !== 'json') throw dslError('DSL_INVALID_OPTION', { signal: name, field }, `onParseError '${typeof policy === 'string' ? policy : 'deadLetter'}' needs format 'json'`);
  if (policy === 'skip') return { onParseError: 'skip' };  // the DDL gets '<key|value>.json.ignore-parse-errors'
  if (policy === null || typeof policy !== 'object' || typeof policy.deadLetter !== 'string' || policy.deadLetter.length === 0) {
    throw dslError('DSL_INVALID_OPTION', { signal: name, field }, "onParseError must be 'fail', 'skip' or { deadLetter: 'topic' }");
  }
  if (keyFields.length > 0) throw dslError('DSL_INVALID_OPTION', { signal: name, field }, 'a dead-letter route parses the record value only; this source reads key fields', "drop key: or use onParseError: 'skip'");
  for (const c of columns) {
    if (c.metadata !== undefined || c.computed !== undefined) continue;
    if (!PARSABLE_KINDS.has(c.type.kind)) {
      throw dslError('DSL_INVALID_OPTION', { signal: name, field: c.name }, `a dead-letter route parses JSON in the job, which supports string, boolean and number columns; '${c.name}' is ${c.type.kind}`, "use onParseError: 'skip', or read the column as a string and convert it in a computed column");
    }
  }
  return { onParseError: { deadLetter: policy.deadLetter } };
}

/** Options of an upsert-Kafka source: a compacted topic read as a changelog keyed by `primaryKey`. */
export interface UpsertKafkaSourceOptions<F extends Fields, M extends Record<string, MetadataKey>, C extends Record<string, Expr<DataType>>>
  extends Omit<KafkaSourceOptions<F, M, C>, 'key' | 'startup'> {
  readonly primaryKey: readonly (keyof F & string)[];
}

/** Options of a datagen source (demos and tests). */
export interface DatagenOptions<F extends Fields, C extends Record<string, Expr<DataType>>> {
  readonly rowsPerSecond?: number;
  /** Stops after this many rows (a bounded source). */
  readonly numberOfRows?: number;
  /** Per-column generator settings, e.g. `{ id: { kind: 'sequence', start: 1, end: 100 }, price: { min: 1, max: 10 } }`. */
  readonly fieldOptions?: { readonly [K in keyof F]?: { readonly kind: 'sequence'; readonly start: number; readonly end: number } | { readonly min?: number; readonly max?: number; readonly length?: number } };
  readonly computed?: (r: Columns<F>) => C;
  readonly eventTime?: EventTime;
}

/**
 * Kafka connectors.
 *
 * @example
 * ```ts
 * const trades = kafka.source('trades', Trade, { topic: 'market.trades', eventTime: { column: 'ts', watermark: '5 s' } })
 * // CREATE TABLE `trades` (..., WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND) WITH ('connector' = 'kafka', 'topic' = 'market.trades', ...)
 * ```
 */
export const kafka = Object.freeze({
  /** An append-only source over a Kafka topic. */
  source<F extends Fields, M extends Record<string, MetadataKey> = Record<never, MetadataKey>, C extends Record<string, Expr<DataType>> = Record<never, Expr<DataType>>>(
    name: string,
    s: Schema<F>,
    options: KafkaSourceOptions<F, M, C>,
  ): Source<SourceFields<F, M, C>> {
    return kafkaLike('kafka', name, s, options);
  },
  /** An append-only Kafka sink (see {@link SinkSpec}). */
  sink(topic: string, options: KafkaSinkOptions = {}): SinkSpec {
    return makeSink('kafka', topic, options);
  },
});

/** Upsert-Kafka connectors: changelogs keyed by a primary key on compacted topics. */
export const upsertKafka = Object.freeze({
  source<F extends Fields, M extends Record<string, MetadataKey> = Record<never, MetadataKey>, C extends Record<string, Expr<DataType>> = Record<never, Expr<DataType>>>(
    name: string,
    s: Schema<F>,
    options: UpsertKafkaSourceOptions<F, M, C>,
  ): Source<SourceFields<F, M, C>> {
    return kafkaLike('upsert-kafka', name, s, options);
  },
  /** An upsert sink: accepts updating queries; `key` is the primary key (defaults to the query's unique key). */
  sink(topic: string, options: KafkaSinkOptions & { readonly key?: readonly string[] } = {}): SinkSpec {
    return makeSink('upsert-kafka', topic, options);
  },
});

/** The datagen connector: random or sequence rows, for demos and tests. */
export const datagen = Object.freeze({
  source<F extends Fields, C extends Record<string, Expr<DataType>> = Record<never, Expr<DataType>>>(name: string, s: Schema<F>, options: DatagenOptions<F, C> = {}): Source<F & ExprFields<C>> {
    checkName(name, 'a source');
    const columns = buildColumns(name, s.fields, undefined, options.computed as ((r: Columns<Fields>) => Record<string, Expr<DataType>>) | undefined);
    const eventTime = resolveEventTime(name, columns, options.eventTime);
    const opts: Record<string, string> = {};
    if (options.rowsPerSecond !== undefined) opts['rows-per-second'] = String(options.rowsPerSecond);
    if (options.numberOfRows !== undefined) opts['number-of-rows'] = String(options.numberOfRows);
    for (const [col, o] of Object.entries(options.fieldOptions ?? {})) {
      requireColumn(s.fields, col, { signal: name }, 'fieldOptions');
      if (o === undefined) continue;
      if ('kind' in o) {
        opts[`fields.${col}.kind`] = 'sequence';
        opts[`fields.${col}.start`] = String(o.start);
        opts[`fields.${col}.end`] = String(o.end);
      } else {
        if (o.min !== undefined) opts[`fields.${col}.min`] = String(o.min);
        if (o.max !== undefined) opts[`fields.${col}.max`] = String(o.max);
        if (o.length !== undefined) opts[`fields.${col}.length`] = String(o.length);
      }
    }
    const source: Source<Fields> = {
      kind: 'Source', name, fields: fieldsOf(columns), columns: Object.freeze(columns), connector: 'datagen', format: 'json',
      keyFields: [], primaryKey: [], ...(eventTime === undefined ? {} : { eventTime }), options: opts, properties: {},
      unbounded: options.numberOfRows === undefined,
    };
    return Object.freeze(source) as Source<F & ExprFields<C>>;
  },
});

/**
 * Delivery guarantee of a Kafka sink. `exactly-once` commits at checkpoints: its job checkpoints at the signal's
 * `checkpointInterval`, `1 s` when the signal sets none.
 */
export type DeliveryGuarantee = 'exactly-once' | 'at-least-once' | 'none';

export interface KafkaSinkOptions {
  readonly format?: Format;
  readonly delivery?: DeliveryGuarantee;
  /** Prefix of Kafka transactional ids (exactly-once); defaults to the job name. */
  readonly transactionalIdPrefix?: string;
  readonly properties?: Readonly<Record<string, string>>;
  /** Table name of the sink in SQL; defaults to `<signal>_sink`. */
  readonly table?: string;
}

/** Where a signal writes. The sink's columns come from the signal's output type at compile time. */
export interface SinkSpec {
  readonly kind: 'Sink';
  readonly connector: 'kafka' | 'upsert-kafka' | 'print' | 'blackhole';
  readonly topic?: string;
  readonly format: Format;
  readonly delivery?: DeliveryGuarantee;
  readonly transactionalIdPrefix?: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly key?: readonly string[];
  readonly table?: string;
  /** True when the sink accepts updates and deletes (upsert-kafka, print). */
  readonly acceptsUpdates: boolean;
}

function makeSink(connector: 'kafka' | 'upsert-kafka', topic: string, options: KafkaSinkOptions & { readonly key?: readonly string[] }): SinkSpec {
  if (typeof topic !== 'string' || topic.length === 0) throw dslError('DSL_INVALID_OPTION', { signal: '(sink)', field: 'topic' }, 'a Kafka sink needs a topic');
  return Object.freeze({
    kind: 'Sink',
    connector,
    topic,
    format: options.format ?? 'json',
    ...(options.delivery === undefined ? {} : { delivery: options.delivery }),
    ...(options.transactionalIdPrefix === undefined ? {} : { transactionalIdPrefix: options.transactionalIdPrefix }),
    properties: { ...(options.properties ?? {}) },
    ...(options.key === undefined ? {} : { key: [...options.key] }),
    ...(options.table === undefined ? {} : { table: options.table }),
    acceptsUpdates: connector === 'upsert-kafka',
  });
}

/** The print connector (task manager stdout) and blackhole (discards), for demos and tests. */
export const print = Object.freeze({
  sink(options: { readonly table?: string } = {}): SinkSpec {
    return Object.freeze({ kind: 'Sink', connector: 'print', format: 'json', properties: {}, acceptsUpdates: true, ...(options.table === undefined ? {} : { table: options.table }) });
  },
});
export const blackhole = Object.freeze({
  sink(options: { readonly table?: string } = {}): SinkSpec {
    return Object.freeze({ kind: 'Sink', connector: 'blackhole', format: 'json', properties: {}, acceptsUpdates: true, ...(options.table === undefined ? {} : { table: options.table }) });
  },
});
