import type { DataType, Fields } from '../types/data-type';
import type { Duration } from '../dialect';
import type { ExprNode } from './expr-node';

// The AST's view of a source table: plain data, built by kafka.source() and friends in relational/
// (which re-exports these types), so the AST imports nothing from the builders.

/**
 * Serialization of a Kafka key or value. `avro-confluent`: Avro through a Confluent-compatible schema
 * registry, whose URL comes from the environment's config at deploy time (or is given here).
 */
export type Format = 'json' | 'raw' | 'avro' | 'avro-confluent' | { readonly kind: 'avro-confluent'; readonly registryUrl: string };

/** Kafka record metadata a source can expose as columns. */
export type MetadataKey = 'timestamp' | 'partition' | 'offset';

/** @internal A resolved source column. */
export interface SourceColumn {
  readonly name: string;
  readonly type: DataType;
  readonly metadata?: MetadataKey;
  readonly computed?: ExprNode;
}

/** A source table: a Kafka topic, an upsert-Kafka topic, a datagen generator or a JDBC table. */
export interface Source<F extends Fields = Fields> {
  readonly kind: 'Source';
  /** Table name in the generated SQL. */
  readonly name: string;
  readonly fields: F;
  readonly columns: readonly SourceColumn[];
  readonly connector: 'kafka' | 'upsert-kafka' | 'datagen' | 'jdbc';
  readonly topic?: string;
  readonly format: Format;
  readonly keyFields: readonly string[];
  readonly primaryKey: readonly string[];
  readonly eventTime?: { readonly column: string; readonly watermark: Duration; readonly idleTimeout?: Duration };
  readonly options: Readonly<Record<string, string>>;
  readonly properties: Readonly<Record<string, string>>;
  /** False for generators with a row limit. */
  readonly unbounded: boolean;
  /** What a record that does not parse does (absent: the job fails, Flink's default). */
  readonly onParseError?: 'skip' | { readonly deadLetter: string };
}
