import type { Fields, RowOfFields, Schema } from '@sluice/dsl';
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
}

/** Anything `consume`/`producer` accept: a topic + schema, or a DSL source/sink bound to a topic. */
export type Target<F extends Fields = Fields> = TopicTarget<F> | KafkaBound<F>;

/** The TS row type of a target. */
export type RowOfTarget<T> = T extends { readonly schema: { readonly fields: infer F } } ? RowOfFields<F> : T extends { readonly fields: infer F } ? RowOfFields<F> : never;

/** @internal A target with everything resolved. */
export interface ResolvedTarget<F extends Fields = Fields> {
  readonly topic: string;
  readonly fields: F;
  readonly keyFields: readonly string[];
  readonly upsert: boolean;
}

/** @internal */
export function resolveTarget<F extends Fields>(target: Target<F>): ResolvedTarget<F> {
  if ('schema' in target) {
    const keyFields = [...(target.key ?? [])];
    checkKeys(target.topic, target.schema.fields, keyFields);
    return { topic: target.topic, fields: target.schema.fields, keyFields, upsert: target.changelog === 'upsert' };
  }
  if (typeof target.topic !== 'string' || target.topic === '') {
    throw kafkaError('KAFKA_INVALID_CONFIG', 'this source or sink is not bound to a Kafka topic', { suggestion: 'pass { topic, schema } instead' });
  }
  const upsert = target.connector === 'upsert-kafka';
  const keyFields = [...((target.keyFields?.length ?? 0) > 0 ? (target.keyFields ?? []) : upsert ? (target.primaryKey ?? []) : [])];
  checkKeys(target.topic, target.fields, keyFields);
  return { topic: target.topic, fields: target.fields, keyFields, upsert };
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
