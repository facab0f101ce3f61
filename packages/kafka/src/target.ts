import { sinkKeyOf, type Fields, type RowOfFields, type Schema, type Signal } from '@sluice/dsl';
import { kafkaError } from './errors';

/**
 * A topic and the schema of its values, for apps that do not (yet) have a compiled signal.
 *
 * @example
 * ```ts
 * const trades: TopicTarget<typeof Trade.fields> = { topic: 'market.trades', schema: Trade, key: ['symbol'] }
 * ```
 */
export interface TopicTarget<F extends Fields = Fields> {
  readonly topic: string;
  readonly schema: Schema<F> | { readonly fields: F };
  /** Columns that form the record key (JSON object of those columns, as Flink's `key.fields`). */
  readonly key?: readonly (keyof F & string)[];
  /** `upsert` for upsert-kafka / compacted topics: null values are deletes of their key. Default `append`. */
  readonly changelog?: 'append' | 'upsert';
  /** `json` (default, Flink's json format) or `avro-confluent` (Avro through the client's schema registry). */
  readonly format?: 'json' | 'avro-confluent';
}

/**
 * The shape of a DSL source or sink bound to Kafka (`kafka.source(...)`, a signal's sink): matched by
 * structure so this package needs nothing compiled-signal specific from `@sluice/dsl`.
 */
export interface KafkaBound<F extends Fields = Fields> {
  readonly topic?: string;
  readonly fields: F;
  readonly keyFields?: readonly string[];
  readonly primaryKey?: readonly string[];
  readonly connector?: string;
  readonly format?: string | { readonly kind: string };
}

/**
 * Anything `consume`/`table`/`consumeArrow`/`producer` accept: a topic + schema, a DSL source bound to a
 * topic, or a compiled signal (`signal(...).to(kafka.sink(...))`): its sink topic, read with the codec of
 * its output row, keyed (upsert sinks) by the sink's primary key ({@link sinkKeyOf}).
 */
export type Target<F extends Fields = Fields> = TopicTarget<F> | KafkaBound<F> | Signal<F>;

/** The TS row type of a target. */
export type RowOfTarget<T> = T extends { readonly schema: { readonly fields: infer F } } ? RowOfFields<F> : T extends { readonly fields: infer F } ? RowOfFields<F> : never;

/** @internal A target with everything resolved. */
export interface ResolvedTarget<F extends Fields = Fields> {
  readonly topic: string;
  readonly fields: F;
  readonly keyFields: readonly string[];
  readonly upsert: boolean;
  /** How values (and keys) are serialised. */
  readonly format: 'json' | 'avro-confluent';
}

/** The record format of a DSL format: json, or Avro through a registry; undefined for the others. */
function recordFormat(format: string | { readonly kind: string } | undefined): 'json' | 'avro-confluent' | undefined {
  const kind = format === undefined ? 'json' : typeof format === 'string' ? format : format.kind;
  return kind === 'json' || kind === 'avro-confluent' ? kind : undefined;
}

/** @internal */
export function resolveTarget<F extends Fields>(target: Target<F>): ResolvedTarget<F> {
  if ('schema' in target) {
    const keyFields = [...(target.key ?? [])];
    checkKeys(target.topic, target.schema.fields, keyFields);
    return { topic: target.topic, fields: target.schema.fields, keyFields, upsert: target.changelog === 'upsert', format: target.format ?? 'json' };
  }
  if (isSignal(target)) return resolveSignal(target);
  if (typeof target.topic !== 'string' || target.topic === '') {
    throw kafkaError('KAFKA_INVALID_CONFIG', 'this source or sink is not bound to a Kafka topic', { suggestion: 'pass { topic, schema } instead' });
  }
  const upsert = target.connector === 'upsert-kafka';
  const keyFields = [...((target.keyFields?.length ?? 0) > 0 ? (target.keyFields ?? []) : upsert ? (target.primaryKey ?? []) : [])];
  checkKeys(target.topic, target.fields, keyFields);
  const format = recordFormat(target.format);
  if (format === undefined) {
    throw kafkaError('KAFKA_INVALID_CONFIG', `topic '${target.topic}' has format ${typeof target.format === 'string' ? target.format : (target.format?.kind ?? '?')}; Sluice reads and writes json and avro-confluent`, { details: { topic: target.topic } });
  }
  return { topic: target.topic, fields: target.fields, keyFields, upsert, format };
}

function isSignal<F extends Fields>(target: KafkaBound<F> | Signal<F>): target is Signal<F> {
  return 'kind' in target && target.kind === 'Signal';
}

function resolveSignal<F extends Fields>(s: Signal<F>): ResolvedTarget<F> {
  const { sink } = s;
  if ((sink.connector !== 'kafka' && sink.connector !== 'upsert-kafka') || typeof sink.topic !== 'string' || sink.topic === '') {
    throw kafkaError('KAFKA_INVALID_CONFIG', `signal '${s.name}' writes to a ${sink.connector} sink, not to a Kafka topic`, {
      details: { signal: s.name, connector: sink.connector },
      suggestion: "write it with kafka.sink('topic') or upsertKafka.sink('topic') to read its rows",
    });
  }
  const format = recordFormat(sink.format);
  if (format === undefined) {
    throw kafkaError('KAFKA_INVALID_CONFIG', `signal '${s.name}' writes format ${typeof sink.format === 'string' ? sink.format : sink.format.kind}; consume(signal) reads Flink's json and avro-confluent formats`, {
      details: { signal: s.name, topic: sink.topic },
      suggestion: "use format 'json' or 'avro-confluent' on the sink",
    });
  }
  // The same key the compiler writes into the sink's PRIMARY KEY (upsert-kafka's record key).
  const keyFields = [...sinkKeyOf(s)];
  checkKeys(sink.topic, s.fields, keyFields);
  return { topic: sink.topic, fields: s.fields, keyFields, upsert: sink.connector === 'upsert-kafka', format };
}

function checkKeys(topic: string, fields: Fields, keys: readonly string[]): void {
  for (const key of keys) {
    if (!(key in fields)) throw kafkaError('KAFKA_INVALID_CONFIG', `key column '${key}' of topic '${topic}' is not in the schema`, { details: { topic, field: key } });
  }
}

/** @internal The schema of the key: the key columns, in the order given. */
export function keyFieldsOf(fields: Fields, keyFields: readonly string[]): Fields {
  const out: Record<string, Fields[string]> = {};
  for (const key of keyFields) out[key] = fields[key] as Fields[string];
  return out;
}
