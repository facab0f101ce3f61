import * as arrow from 'apache-arrow';
import type { DataType, Fields } from '@sluice/dsl';
import { unsupported } from '../codec/unsupported';

/**
 * @internal The Arrow type of a Flink type. DECIMAL stays exact text (Utf8): Arrow JS has no decimal
 * arithmetic, and a Decimal128 built from strings would need a hand-written converter. DATE and TIME stay
 * text too, matching their TS types.
 */
export function arrowTypeOf(type: DataType, path: string): arrow.DataType {
  switch (type.kind) {
    case 'BOOLEAN':
      return new arrow.Bool();
    case 'TINYINT':
      return new arrow.Int8();
    case 'SMALLINT':
      return new arrow.Int16();
    case 'INT':
      return new arrow.Int32();
    case 'BIGINT':
      return new arrow.Int64();
    case 'FLOAT':
      return new arrow.Float32();
    case 'DOUBLE':
      return new arrow.Float64();
    case 'DECIMAL':
    case 'STRING':
    case 'VARCHAR':
    case 'CHAR':
    case 'DATE':
    case 'TIME':
      return new arrow.Utf8();
    case 'BYTES':
      return new arrow.Binary();
    case 'TIMESTAMP':
      return new arrow.TimestampMillisecond();
    case 'TIMESTAMP_LTZ':
      return new arrow.TimestampMillisecond('UTC');
    case 'ARRAY':
      return new arrow.List(new arrow.Field('item', arrowTypeOf(type.element, `${path}[]`), type.element.nullable));
    case 'MAP':
      return new arrow.Map_(
        new arrow.Field(
          'entries',
          new arrow.Struct<{ key: arrow.DataType; value: arrow.DataType }>([
            new arrow.Field('key', arrowTypeOf(type.key, `${path}{key}`), false),
            new arrow.Field('value', arrowTypeOf(type.value, `${path}{}`), type.value.nullable),
          ] as never),
          false,
        ),
      );
    case 'ROW':
      return new arrow.Struct(arrowFields(type.fields, path));
    case 'INTERVAL':
      return unsupported(type, path);
  }
}

/** @internal Arrow fields of a row. */
export function arrowFields(fields: Fields, path: string): arrow.Field[] {
  return Object.entries(fields).map(([name, type]) => new arrow.Field(name, arrowTypeOf(type, path === '' ? name : `${path}.${name}`), type.nullable));
}
