import type { DataType, Fields } from '../types/data-type';
import type { Format, SinkSpec, Source } from '../relational/connectors';
import type { ColumnDefNode, CreateTableNode, OptionNode } from '../ast/statement-node';
import { unreachable } from '../dialect';
import { withNullable } from '../expr/type-rules';
import { avroDdlType } from './avro-schema';
import { dslCodeError } from '../error-codes';

/** Connection settings the compiler puts into Kafka tables. */
export interface KafkaConnection {
  readonly bootstrapServers: string;
  /** Kafka client properties of every Kafka table (security), without `properties.`; a table's own win. */
  readonly properties?: Readonly<Record<string, string>>;
  /** The schema registry of `avro-confluent` tables (its Confluent-compatible API). */
  readonly schemaRegistry?: SchemaRegistryConnection;
}

/** A Confluent-compatible schema registry as Flink's `avro-confluent` format reaches it. */
export interface SchemaRegistryConnection {
  /** e.g. `http://127.0.0.1:8085/apis/ccompat/v7` (Apicurio) or `https://psrc-xxxx.confluent.cloud`. */
  readonly url: string;
  /** Basic auth as `user:password` (a secret placeholder in compiled SQL, filled by deploy). */
  readonly userInfo?: string;
}

/** Whether a format needs a schema registry. */
export function isAvroConfluent(format: Format): boolean {
  return format === 'avro-confluent' || (typeof format === 'object' && format.kind === 'avro-confluent');
}

/** The registry subject Flink's Kafka connector uses for a topic's keys or values (TopicNameStrategy). */
export function avroSubject(topic: string, part: 'key' | 'value'): string {
  return `${topic}-${part}`;
}

/** The connection's properties a table does not set itself, as `properties.*` options. */
function connectionProperties(kafka: KafkaConnection, own: Readonly<Record<string, string>>, options: Readonly<Record<string, string>>): [string, string][] {
  return Object.entries(kafka.properties ?? {}).filter(([k]) => !(k in own) && !(`properties.${k}` in options)).map(([k, v]) => [`properties.${k}`, v]);
}

function formatOptions(prefix: 'key' | 'value', format: Format, kafka: KafkaConnection, topic: string): [string, string][] {
  if (format !== 'avro-confluent' && typeof format === 'string') return [[`${prefix}.format`, format]];
  const kind = typeof format === 'string' ? format : format.kind;
  switch (kind) {
    case 'avro-confluent': {
      const url = typeof format === 'string' ? kafka.schemaRegistry?.url : format.registryUrl;
      if (url === undefined) {
        throw dslCodeError('DSL_INVALID_OPTION', `topic '${topic}' uses format avro-confluent, but no schema registry is configured`, {
          details: { topic },
          suggestion: 'set schemaRegistry.url in the environment of sluice.config (or compile({ schemaRegistry: { url } }))',
        });
      }
      const auth: [string, string][] =
        kafka.schemaRegistry?.userInfo === undefined ? [] : [[`${prefix}.avro-confluent.basic-auth.credentials-source`, 'USER_INFO'], [`${prefix}.avro-confluent.basic-auth.user-info`, kafka.schemaRegistry.userInfo]];
      return [[`${prefix}.format`, 'avro-confluent'], [`${prefix}.avro-confluent.url`, url], [`${prefix}.avro-confluent.subject`, avroSubject(topic, prefix)], ...auth];
    }
    default:
      return unreachable(kind);
  }
}

function optionNodes(pairs: readonly [string, string][]): readonly OptionNode[] {
  return Object.freeze(pairs.map(([key, value]) => Object.freeze({ key, value })));
}

/** The `CREATE TABLE` of a source: columns, metadata, computed columns, watermark, key, connector options. */
export function sourceTableNode(source: Source, kafka: KafkaConnection): CreateTableNode {
  const columns = source.columns.map((c): ColumnDefNode => {
    if (c.computed !== undefined) return Object.freeze({ kind: 'ComputedColumn', name: c.name, expr: c.computed });
    if (c.metadata !== undefined) return Object.freeze({ kind: 'MetadataColumn', name: c.name, type: c.type, key: c.metadata });
    return Object.freeze({ kind: 'PhysicalColumn', name: c.name, type: isAvroConfluent(source.format) ? avroDdlType(c.type) : c.type });
  });
  const options: [string, string][] = [['connector', source.connector]];
  if (source.connector === 'jdbc') {
    // url, table-name, username, password (masked by `redact` wherever text reaches a person), lookup.*
    options.push(...Object.entries(source.options));
  } else if (source.connector !== 'datagen') {
    options.push(['topic', source.topic ?? source.name], ['properties.bootstrap.servers', kafka.bootstrapServers]);
    for (const [k, v] of Object.entries(source.properties)) options.push([`properties.${k}`, v]);
    options.push(...connectionProperties(kafka, source.properties, source.options));
    options.push(...Object.entries(source.options));
    const topic = source.topic ?? source.name;
    if (source.keyFields.length > 0) {
      options.push(...formatOptions('key', source.format, kafka, topic));
      if (source.connector === 'kafka') options.push(['key.fields', source.keyFields.join(';')]);
    }
    options.push(...formatOptions('value', source.format, kafka, topic));
  } else {
    options.push(...Object.entries(source.options));
  }
  if (source.eventTime?.idleTimeout !== undefined) {
    options.push(['scan.watermark.idle-timeout', durationText(source.eventTime.idleTimeout)]);
  }
  return Object.freeze({
    kind: 'CreateTable',
    name: source.name,
    columns: Object.freeze(columns),
    ...(source.eventTime === undefined ? {} : { watermark: Object.freeze({ column: source.eventTime.column, delay: source.eventTime.watermark }) }),
    primaryKey: Object.freeze([...source.primaryKey]),
    options: optionNodes(options),
  });
}

/** Flink's duration syntax for options: `30 s`, `1 min`, `500 ms`. */
export function durationText(d: { readonly amount: number; readonly unit: string }): string {
  const unit = { MILLISECOND: 'ms', SECOND: 's', MINUTE: 'min', HOUR: 'h', DAY: 'd' }[d.unit] ?? 's';
  return `${d.amount} ${unit}`;
}

/** The column types of a sink's DDL: key columns NOT NULL, the others nullable; Avro's timestamps (see {@link avroDdlType}). */
export function sinkColumnTypes(fields: Fields, format: Format, key: readonly string[]): Fields {
  const pk = new Set(key);
  const avro = isAvroConfluent(format);
  return Object.fromEntries(Object.entries(fields).map(([name, type]) => {
    const ddl = withNullable(type as DataType, !pk.has(name));
    return [name, avro ? avroDdlType(ddl) : ddl];
  }));
}

/** The `CREATE TABLE` of a sink, with the query's output columns (primary key columns NOT NULL). */
export function sinkTableNode(table: string, fields: Fields, sink: SinkSpec, key: readonly string[], kafka: KafkaConnection, jobName: string): CreateTableNode {
  const columns = Object.entries(sinkColumnTypes(fields, sink.format, key)).map(([name, type]): ColumnDefNode => Object.freeze({ kind: 'PhysicalColumn', name, type }));
  const options: [string, string][] = [['connector', sink.connector]];
  if (sink.connector === 'kafka' || sink.connector === 'upsert-kafka') {
    options.push(['topic', sink.topic ?? table], ['properties.bootstrap.servers', kafka.bootstrapServers]);
    for (const [k, v] of Object.entries(sink.properties)) options.push([`properties.${k}`, v]);
    options.push(...connectionProperties(kafka, sink.properties, {}));
    if (sink.connector === 'upsert-kafka') options.push(...formatOptions('key', sink.format, kafka, sink.topic ?? table));
    options.push(...formatOptions('value', sink.format, kafka, sink.topic ?? table));
    if (sink.delivery !== undefined) {
      options.push(['sink.delivery-guarantee', sink.delivery]);
      if (sink.delivery === 'exactly-once') options.push(['sink.transactional-id-prefix', sink.transactionalIdPrefix ?? jobName]);
    }
  }
  return Object.freeze({ kind: 'CreateTable', name: table, columns: Object.freeze(columns), primaryKey: Object.freeze([...key]), options: optionNodes(options) });
}
