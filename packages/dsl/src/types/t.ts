import type {
  ArrayType,
  BigintType,
  BooleanType,
  BytesType,
  CharType,
  DataType,
  DateType,
  DecimalType,
  DoubleType,
  Fields,
  FloatType,
  IntType,
  MapType,
  RowType,
  SmallintType,
  StringType,
  TimeType,
  TimestampLtzType,
  TimestampType,
  TinyintType,
  VarcharType,
  WithNullable,
} from './data-type';
import { dslCodeError } from '../error-codes';

/** A type as declared with `t.*`: a nullable descriptor with a `.notNull()` method. */
export type Declared<T extends DataType> = T & {
  /** The same type with `NOT NULL`. */
  notNull(): WithNullable<T, false>;
};

/** Freezes a descriptor and gives it a non-enumerable `notNull()` (so it stays plain data for codecs). */
function declare<T extends DataType>(type: T): Declared<T> {
  const out = { ...type };
  Object.defineProperty(out, 'notNull', {
    enumerable: false,
    value: () => Object.freeze({ ...type, nullable: false }),
  });
  return Object.freeze(out) as unknown as Declared<T>;
}

function checkInt(what: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw dslCodeError('DSL_INVALID_TYPE', `${what} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/**
 * Builders of Flink SQL data types. All are nullable until `.notNull()`.
 *
 * @example
 * ```ts
 * const Trade = schema({ symbol: t.string().notNull(), price: t.decimal(10, 2), ts: t.timestampLtz(3) })
 * // DDL columns: `symbol` STRING NOT NULL, `price` DECIMAL(10, 2), `ts` TIMESTAMP_LTZ(3)
 * ```
 */
export const t = Object.freeze({
  boolean: (): Declared<BooleanType<true>> => declare({ kind: 'BOOLEAN', nullable: true }),
  tinyint: (): Declared<TinyintType<true>> => declare({ kind: 'TINYINT', nullable: true }),
  smallint: (): Declared<SmallintType<true>> => declare({ kind: 'SMALLINT', nullable: true }),
  int: (): Declared<IntType<true>> => declare({ kind: 'INT', nullable: true }),
  bigint: (): Declared<BigintType<true>> => declare({ kind: 'BIGINT', nullable: true }),
  float: (): Declared<FloatType<true>> => declare({ kind: 'FLOAT', nullable: true }),
  double: (): Declared<DoubleType<true>> => declare({ kind: 'DOUBLE', nullable: true }),
  /** DECIMAL(p, s): 1 <= p <= 38, 0 <= s <= p. TS value: the exact decimal text. */
  decimal: (precision = 10, scale = 0): Declared<DecimalType<true>> =>
    declare({
      kind: 'DECIMAL',
      nullable: true,
      precision: checkInt('DECIMAL precision', precision, 1, 38),
      scale: checkInt('DECIMAL scale', scale, 0, precision),
    }),
  string: (): Declared<StringType<true>> => declare({ kind: 'STRING', nullable: true }),
  varchar: (length: number): Declared<VarcharType<true>> =>
    declare({ kind: 'VARCHAR', nullable: true, length: checkInt('VARCHAR length', length, 1, 2147483647) }),
  char: (length: number): Declared<CharType<true>> =>
    declare({ kind: 'CHAR', nullable: true, length: checkInt('CHAR length', length, 1, 2147483647) }),
  bytes: (): Declared<BytesType<true>> => declare({ kind: 'BYTES', nullable: true }),
  date: (): Declared<DateType<true>> => declare({ kind: 'DATE', nullable: true }),
  time: (precision = 0): Declared<TimeType<true>> =>
    declare({ kind: 'TIME', nullable: true, precision: checkInt('TIME precision', precision, 0, 9) }),
  timestamp: (precision = 6): Declared<TimestampType<true>> =>
    declare({ kind: 'TIMESTAMP', nullable: true, precision: checkInt('TIMESTAMP precision', precision, 0, 9) }),
  timestampLtz: (precision = 6): Declared<TimestampLtzType<true>> =>
    declare({ kind: 'TIMESTAMP_LTZ', nullable: true, precision: checkInt('TIMESTAMP_LTZ precision', precision, 0, 9) }),
  array: <E extends DataType>(element: E): Declared<ArrayType<E, true>> =>
    declare({ kind: 'ARRAY', nullable: true, element }),
  map: <K extends DataType, V extends DataType>(key: K, value: V): Declared<MapType<K, V, true>> =>
    declare({ kind: 'MAP', nullable: true, key, value }),
  row: <F extends Fields>(fields: F): Declared<RowType<F, true>> =>
    declare({ kind: 'ROW', nullable: true, fields: Object.freeze({ ...fields }) }),
});
