import type * as arrow from 'apache-arrow';
import { arrowModule } from './arrow-module';
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
      return new (arrowModule().Bool)();
    case 'TINYINT':
      return new (arrowModule().Int8)();
    case 'SMALLINT':
      return new (arrowModule().Int16)();
    case 'INT':
      return new (arrowModule().Int32)();
    case 'BIGINT':
      return new (arrowModule().Int64)();
    case 'FLOAT':
      return new (arrowModule().Float32)();
    case 'DOUBLE':
      return new (arrowModule().Float64)();
    case 'DECIMAL':
    case 'STRING':
    case 'VARCHAR':
    case 'CHAR':
    case 'DATE':
    case 'TIME':
      return new (arrowModule().Utf8)();
    case 'BYTES':
      return new (arrowModule().Binary)();
    case 'TIMESTAMP':
      return new (arrowModule().TimestampMillisecond)();
    case 'TIMESTAMP_LTZ':
      return new (arrowModule().TimestampMillisecond)('UTC');
    case 'ARRAY':
      return new (arrowModule().List)(new (arrowModule().Field)('item', arrowTypeOf(type.element, `${path}[]`), type.element.nullable));
    case 'MAP':
      return new (arrowModule().Map_)(
        new (arrowModule().Field)(
          'entries',
          new (arrowModule().Struct)<{ key: arrow.DataType; value: arrow.DataType }>([
            new (arrowModule().Field)('key', arrowTypeOf(type.key, `${path}{key}`), false),
            new (arrowModule().Field)('value', arrowTypeOf(type.value, `${path}{}`), type.value.nullable),
          ] as never),
          false,
        ),
      );
    case 'ROW':
      return new (arrowModule().Struct)(arrowFields(type.fields, path));
    case 'INTERVAL':
      return unsupported(type, path);
  }
}

/** @internal Arrow fields of a row. */
export function arrowFields(fields: Fields, path: string): arrow.Field[] {
  return Object.entries(fields).map(([name, type]) => new (arrowModule().Field)(name, arrowTypeOf(type, path === '' ? name : `${path}.${name}`), type.nullable));
}
