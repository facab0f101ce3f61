/**
 * Flink SQL data types as plain, frozen descriptors. Each descriptor carries its TypeScript value type
 * only at the type level (see {@link TsTypeOf}), so codecs (e.g. in `@sluice/kafka`) can switch on
 * `kind` at run time and still get exact TS types.
 *
 * | Flink type         | TS type                          | note                                        |
 * |--------------------|----------------------------------|---------------------------------------------|
 * | BOOLEAN            | `boolean`                        |                                             |
 * | TINYINT/SMALLINT/INT | `number`                       |                                             |
 * | BIGINT             | `bigint`                         | exact beyond 2^53                           |
 * | FLOAT/DOUBLE       | `number`                         |                                             |
 * | DECIMAL(p,s)       | `string`                         | exact decimal text, e.g. `'12.50'`          |
 * | STRING/VARCHAR(n)/CHAR(n) | `string`                  |                                             |
 * | BYTES              | `Uint8Array`                     | base64 in Flink's JSON format               |
 * | DATE               | `string`                         | `'YYYY-MM-DD'` (no time zone to guess)      |
 * | TIME(p)            | `string`                         | `'HH:mm:ss[.fff]'`                          |
 * | TIMESTAMP(p)       | `Date`                           | wall-clock, read as UTC                     |
 * | TIMESTAMP_LTZ(p)   | `Date`                           | an instant                                  |
 * | ARRAY<E>           | `TsTypeOf<E>[]`                  |                                             |
 * | MAP<K,V>           | `Map<TsTypeOf<K>, TsTypeOf<V>>`  |                                             |
 * | ROW<...>           | `{ [field]: TsTypeOf<F> }`       |                                             |
 *
 * Every type is nullable unless `.notNull()` is applied (Flink's default); a nullable type maps to `T | null`.
 */

/** The Flink SQL type names Sluice models. */
export type TypeKind =
  | 'BOOLEAN'
  | 'TINYINT'
  | 'SMALLINT'
  | 'INT'
  | 'BIGINT'
  | 'FLOAT'
  | 'DOUBLE'
  | 'DECIMAL'
  | 'STRING'
  | 'VARCHAR'
  | 'CHAR'
  | 'BYTES'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP'
  | 'TIMESTAMP_LTZ'
  | 'INTERVAL'
  | 'ARRAY'
  | 'MAP'
  | 'ROW';

interface TypeBase<K extends TypeKind, N extends boolean> {
  readonly kind: K;
  /** False for `NOT NULL` columns. */
  readonly nullable: N;
}

/** `Self` with its nullability replaced (method-free, so it stays a plain descriptor type). */
export type WithNullable<Self, N extends boolean> = {
  readonly [K in keyof Self as K extends 'notNull' ? never : K]: K extends 'nullable' ? N : Self[K];
};

export interface BooleanType<N extends boolean = boolean> extends TypeBase<'BOOLEAN', N> {}
export interface TinyintType<N extends boolean = boolean> extends TypeBase<'TINYINT', N> {}
export interface SmallintType<N extends boolean = boolean> extends TypeBase<'SMALLINT', N> {}
export interface IntType<N extends boolean = boolean> extends TypeBase<'INT', N> {}
export interface BigintType<N extends boolean = boolean> extends TypeBase<'BIGINT', N> {}
export interface FloatType<N extends boolean = boolean> extends TypeBase<'FLOAT', N> {}
export interface DoubleType<N extends boolean = boolean> extends TypeBase<'DOUBLE', N> {}
export interface DecimalType<N extends boolean = boolean> extends TypeBase<'DECIMAL', N> {
  readonly precision: number;
  readonly scale: number;
}
export interface StringType<N extends boolean = boolean> extends TypeBase<'STRING', N> {}
export interface VarcharType<N extends boolean = boolean> extends TypeBase<'VARCHAR', N> {
  readonly length: number;
}
export interface CharType<N extends boolean = boolean> extends TypeBase<'CHAR', N> {
  readonly length: number;
}
export interface BytesType<N extends boolean = boolean> extends TypeBase<'BYTES', N> {}
export interface DateType<N extends boolean = boolean> extends TypeBase<'DATE', N> {}
export interface TimeType<N extends boolean = boolean> extends TypeBase<'TIME', N> {
  readonly precision: number;
}
export interface TimestampType<N extends boolean = boolean> extends TypeBase<'TIMESTAMP', N> {
  readonly precision: number;
  /** Set on the event-time column of a source (`*ROWTIME*` in Flink's plan). */
  readonly rowtime?: boolean;
}
export interface TimestampLtzType<N extends boolean = boolean> extends TypeBase<'TIMESTAMP_LTZ', N> {
  readonly precision: number;
  readonly rowtime?: boolean;
  /** Set on a `PROCTIME()` column. */
  readonly proctime?: boolean;
}
/** Only expressions have interval types (e.g. `INTERVAL '5' MINUTE`); columns cannot. */
export interface IntervalType<N extends boolean = boolean> extends TypeBase<'INTERVAL', N> {
  readonly unit: 'DAY_TIME' | 'YEAR_MONTH';
}
export interface ArrayType<E extends DataType = DataType, N extends boolean = boolean> extends TypeBase<'ARRAY', N> {
  readonly element: E;
}
export interface MapType<K extends DataType = DataType, V extends DataType = DataType, N extends boolean = boolean>
  extends TypeBase<'MAP', N> {
  readonly key: K;
  readonly value: V;
}
export interface RowType<F extends Fields = Fields, N extends boolean = boolean> extends TypeBase<'ROW', N> {
  readonly fields: F;
}

/** Any Flink data type descriptor. Switch on `kind`. */
export type DataType =
  | BooleanType
  | TinyintType
  | SmallintType
  | IntType
  | BigintType
  | FloatType
  | DoubleType
  | DecimalType
  | StringType
  | VarcharType
  | CharType
  | BytesType
  | DateType
  | TimeType
  | TimestampType
  | TimestampLtzType
  | IntervalType
  | ArrayType
  | MapType
  | RowType;

/** Named, ordered fields: a schema's columns, a ROW's fields, a query's output. */
export type Fields = { readonly [name: string]: DataType };

/** The TS type of a non-null value of `T`. */
export type BaseTsTypeOf<T> = T extends { readonly kind: 'BOOLEAN' }
  ? boolean
  : T extends { readonly kind: 'TINYINT' | 'SMALLINT' | 'INT' | 'FLOAT' | 'DOUBLE' }
    ? number
    : T extends { readonly kind: 'BIGINT' }
      ? bigint
      : T extends { readonly kind: 'DECIMAL' | 'STRING' | 'VARCHAR' | 'CHAR' | 'DATE' | 'TIME' }
        ? string
        : T extends { readonly kind: 'BYTES' }
          ? Uint8Array
          : T extends { readonly kind: 'TIMESTAMP' | 'TIMESTAMP_LTZ' }
            ? Date
            : T extends { readonly kind: 'INTERVAL' }
              ? number
              : T extends { readonly kind: 'ARRAY'; readonly element: infer E }
                ? TsTypeOf<E>[]
                : T extends { readonly kind: 'MAP'; readonly key: infer K; readonly value: infer V }
                  ? Map<TsTypeOf<K>, TsTypeOf<V>>
                  : T extends { readonly kind: 'ROW'; readonly fields: infer F }
                    ? RowOfFields<F>
                    : never;

/**
 * The TS type of a value of Flink type `T` (`T | null` when nullable).
 *
 * @example
 * ```ts
 * type A = TsTypeOf<typeof t.bigint>            // bigint | null
 * const qty = t.bigint().notNull()
 * type B = TsTypeOf<typeof qty>                  // bigint
 * ```
 */
export type TsTypeOf<T> = T extends { readonly nullable: false } ? BaseTsTypeOf<T> : BaseTsTypeOf<T> | null;

/** The TS row type of a field record. */
export type RowOfFields<F> = { -readonly [K in keyof F]: TsTypeOf<F[K]> };
