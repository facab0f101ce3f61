import type { DataType, Fields } from '../types/data-type';
import { dslCodeError } from '../error-codes';

/**
 * The record name Flink's `avro-confluent` format gives the schema it derives from a table
 * (`AvroSchemaConverter.convertToSchema(rowType)`); nested rows are named `<parent>_<field>`.
 */
export const FLINK_AVRO_RECORD_NAME = 'org.apache.flink.avro.generated.record';

/** An Avro schema as JSON (what a registry stores). */
export type AvroSchemaJson = string | readonly AvroSchemaJson[] | { readonly [key: string]: unknown };

/** An Avro `record` schema (a type alias, so it is also an {@link AvroSchemaJson} object). */
export type AvroRecordSchema = {
  readonly type: 'record';
  readonly name: string;
  readonly namespace?: string;
  readonly fields: readonly { readonly name: string; readonly type: AvroSchemaJson; readonly default?: null }[];
};

/**
 * The type a column has in the DDL of an `avro-confluent` table. Flink 2.2's format maps timestamps
 * the legacy way only, which has no TIMESTAMP_LTZ: such a column is declared TIMESTAMP(p) (written as
 * `timestamp-millis`, the instant, with the session in UTC), which the planner casts to and from LTZ.
 *
 * @example
 * ```ts
 * avroDdlType({ kind: 'TIMESTAMP_LTZ', nullable: true, precision: 3 }) // { kind: 'TIMESTAMP', nullable: true, precision: 3 }
 * ```
 */
export function avroDdlType(type: DataType): DataType {
  switch (type.kind) {
    case 'TIMESTAMP_LTZ': {
      const copy: Record<string, unknown> = { ...type, kind: 'TIMESTAMP' };
      delete copy['proctime'];
      return copy as unknown as DataType;
    }
    case 'ARRAY':
      return { ...type, element: avroDdlType(type.element) };
    case 'MAP':
      return { ...type, key: avroDdlType(type.key), value: avroDdlType(type.value) };
    case 'ROW':
      return { ...type, fields: Object.fromEntries(Object.entries(type.fields).map(([n, t]) => [n, avroDdlType(t as DataType)])) };
    default:
      return type;
  }
}

function splitName(fullName: string): { name: string; namespace?: string } {
  const dot = fullName.lastIndexOf('.');
  return dot < 0 ? { name: fullName } : { name: fullName.slice(dot + 1), namespace: fullName.slice(0, dot) };
}

function unsupported(type: DataType, why: string): never {
  throw dslCodeError('DSL_INVALID_TYPE', `the avro-confluent format cannot carry ${type.kind}: ${why}`, {
    suggestion: 'cast the column to a type Avro carries (e.g. a STRING or a TIMESTAMP(3)), or use format json',
  });
}

function nullable(schema: AvroSchemaJson, type: DataType): AvroSchemaJson {
  return type.nullable ? ['null', schema] : schema;
}

function convert(type: DataType, rowName: string, namespace: string | undefined): AvroSchemaJson {
  switch (type.kind) {
    case 'BOOLEAN':
      return nullable('boolean', type);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return nullable('int', type);
    case 'BIGINT':
      return nullable('long', type);
    case 'FLOAT':
      return nullable('float', type);
    case 'DOUBLE':
      return nullable('double', type);
    case 'STRING':
    case 'VARCHAR':
    case 'CHAR':
      return nullable('string', type);
    case 'BYTES':
      return nullable('bytes', type);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      if (type.precision > 3) unsupported(type, `precision ${type.precision} (Flink's avro-confluent format takes at most 3)`);
      return nullable({ type: 'long', logicalType: 'timestamp-millis' }, type);
    case 'DATE':
      return nullable({ type: 'int', logicalType: 'date' }, type);
    case 'TIME':
      if (type.precision > 3) unsupported(type, `precision ${type.precision} (at most 3)`);
      return nullable({ type: 'int', logicalType: 'time-millis' }, type);
    case 'DECIMAL':
      return nullable({ type: 'bytes', logicalType: 'decimal', precision: type.precision, scale: type.scale }, type);
    case 'ARRAY':
      return nullable({ type: 'array', items: convert(type.element, rowName, namespace) }, type);
    case 'MAP':
      if (type.key.kind !== 'STRING' && type.key.kind !== 'VARCHAR' && type.key.kind !== 'CHAR') unsupported(type, `a map key of ${type.key.kind} (Avro map keys are strings)`);
      return nullable({ type: 'map', values: convert(type.value, rowName, namespace) }, type);
    case 'ROW':
      return nullable(record(type.fields, rowName, namespace), type);
    case 'INTERVAL':
      return unsupported(type, 'Avro has no interval type');
  }
}

function record(fields: Fields, fullName: string, enclosingNamespace: string | undefined): AvroRecordSchema {
  const { name, namespace } = splitName(fullName);
  return {
    type: 'record',
    name,
    // Written only where it differs from the enclosing record's, as Avro's own Schema.toString does.
    ...(namespace === undefined || namespace === enclosingNamespace ? {} : { namespace }),
    fields: Object.entries(fields).map(([field, type]) => {
      const t = type as DataType;
      const schema = convert(t, `${fullName}_${field}`, namespace);
      return t.nullable ? { name: field, type: schema, default: null } : { name: field, type: schema };
    }),
  };
}

/**
 * The Avro schema Flink's `avro-confluent` format derives from a table with these columns (its
 * `AvroSchemaConverter` with the legacy timestamp mapping, on the DDL types of {@link avroDdlType}):
 * the same record name, field order, logical types (`timestamp-millis`, `date`, `time-millis`,
 * `decimal` on bytes), and nullability (a nullable column is `["null", T]` with default `null`).
 *
 * @example
 * ```ts
 * avroSchemaOf({ id: t.bigint().notNull(), amount: t.decimal(38, 18), ts: t.timestampLtz(3) })
 * // { type: 'record', name: 'record', namespace: 'org.apache.flink.avro.generated', fields: [
 * //   { name: 'id', type: 'long' },
 * //   { name: 'amount', type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 38, scale: 18 }], default: null },
 * //   { name: 'ts', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }], default: null } ] }
 * ```
 */
export function avroSchemaOf(fields: Fields, recordName: string = FLINK_AVRO_RECORD_NAME): AvroRecordSchema {
  return record(fields, recordName, undefined);
}
