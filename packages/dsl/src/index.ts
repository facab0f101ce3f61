// The only public surface of @sluice/dsl.
export { t } from './types/t';
export type { Declared } from './types/t';
export type {
  TypeKind,
  DataType,
  Fields,
  TsTypeOf,
  BaseTsTypeOf,
  RowOfFields,
  WithNullable,
  BooleanType,
  TinyintType,
  SmallintType,
  IntType,
  BigintType,
  FloatType,
  DoubleType,
  DecimalType,
  StringType,
  VarcharType,
  CharType,
  BytesType,
  DateType,
  TimeType,
  TimestampType,
  TimestampLtzType,
  IntervalType,
  ArrayType,
  MapType,
  RowType,
} from './types/data-type';
export { schema } from './schema';
export type { Schema, RowOf, FieldsOf } from './schema';
export { renderType, quoteIdentifier, quoteString } from './dialect';
