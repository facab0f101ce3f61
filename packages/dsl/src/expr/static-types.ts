import type {
  BigintType,
  BooleanType,
  DataType,
  DateType,
  DecimalType,
  DoubleType,
  FloatType,
  IntType,
  IntervalType,
  SmallintType,
  StringType,
  CharType,
  VarcharType,
  TimeType,
  TimestampLtzType,
  TimestampType,
  TinyintType,
  BytesType,
  ArrayType,
  MapType,
  RowType,
} from '../types/data-type';
import type { Expr } from './expr';

// Type-level mirror of type-rules.ts: what TS infers for each operator.

export type NumericType = TinyintType | SmallintType | IntType | BigintType | FloatType | DoubleType | DecimalType;
export type StringLikeType = StringType | VarcharType | CharType;
export type AnyTimestampType = TimestampType | TimestampLtzType;
export type TemporalType = AnyTimestampType | DateType | TimeType;

type NullState<A> = A extends { readonly nullable: false } ? 'no' : A extends { readonly nullable: true } ? 'yes' : 'unknown';

/** Nullable when either side is (`boolean` when not known statically, e.g. for `Expr<DataType>`). */
export type Nul<A, B> = 'unknown' extends NullState<A> | NullState<B> ? boolean : 'yes' extends NullState<A> | NullState<B> ? true : false;

/** The Flink type of a TS number literal: integer literals are INT, others DOUBLE. */
export type NumberLiteralType<N extends number> = `${N}` extends `${bigint}` ? IntType<false> : DoubleType<false>;

/** The data type of an operand (an expression or a TS literal). */
export type OperandType<O> = O extends Expr<infer T>
  ? T
  : O extends number
    ? NumberLiteralType<O>
    : O extends bigint
      ? BigintType<false>
      : O extends string
        ? StringType<false>
        : O extends boolean
          ? BooleanType<false>
          : O extends Date
            ? TimestampType<false>
            : O extends null
              ? DataType
              : never;

type KindOf<A> = A extends { readonly kind: infer K } ? K : never;

/** Result of `+ - * / %` on numeric types. */
export type Arith<A, B> = 'DOUBLE' extends KindOf<A> | KindOf<B>
  ? DoubleType<Nul<A, B>>
  : 'FLOAT' extends KindOf<A> | KindOf<B>
    ? FloatType<Nul<A, B>>
    : 'DECIMAL' extends KindOf<A> | KindOf<B>
      ? DecimalType<Nul<A, B>>
      : 'BIGINT' extends KindOf<A> | KindOf<B>
        ? BigintType<Nul<A, B>>
        : 'INT' extends KindOf<A> | KindOf<B>
          ? IntType<Nul<A, B>>
          : 'SMALLINT' extends KindOf<A> | KindOf<B>
            ? SmallintType<Nul<A, B>>
            : TinyintType<Nul<A, B>>;

/** What a value of type `T` may be compared with. */
export type ComparableWith<T> = T extends NumericType
  ? Expr<NumericType> | number | bigint
  : T extends StringLikeType
    ? Expr<StringLikeType> | string
    : T extends BooleanType
      ? Expr<BooleanType> | boolean
      : T extends AnyTimestampType
        ? Expr<AnyTimestampType> | Date
        : T extends DateType
          ? Expr<DateType>
          : T extends TimeType
            ? Expr<TimeType>
            : T extends DataType ? Expr<T> : never;

/** A numeric operand: an expression of a numeric type or a TS number / bigint. */
export type NumericOperand = Expr<NumericType> | number | bigint;

/** An interval expression (`interval('5 min')`). */
export type IntervalExpr = Expr<IntervalType>;

/** Same type `T` with nullability `N`. */
export type SetNull<T, N extends boolean> = T extends { readonly kind: 'BOOLEAN' }
  ? BooleanType<N>
  : T extends { readonly kind: 'TINYINT' }
    ? TinyintType<N>
    : T extends { readonly kind: 'SMALLINT' }
      ? SmallintType<N>
      : T extends { readonly kind: 'INT' }
        ? IntType<N>
        : T extends { readonly kind: 'BIGINT' }
          ? BigintType<N>
          : T extends { readonly kind: 'FLOAT' }
            ? FloatType<N>
            : T extends { readonly kind: 'DOUBLE' }
              ? DoubleType<N>
              : T extends { readonly kind: 'DECIMAL' }
                ? DecimalType<N>
                : T extends { readonly kind: 'STRING' }
                  ? StringType<N>
                  : T extends { readonly kind: 'VARCHAR' }
                    ? VarcharType<N>
                    : T extends { readonly kind: 'CHAR' }
                      ? CharType<N>
                      : T extends { readonly kind: 'BYTES' }
                        ? BytesType<N>
                        : T extends { readonly kind: 'DATE' }
                          ? DateType<N>
                          : T extends { readonly kind: 'TIME' }
                            ? TimeType<N>
                            : T extends { readonly kind: 'TIMESTAMP' }
                              ? TimestampType<N>
                              : T extends { readonly kind: 'TIMESTAMP_LTZ' }
                                ? TimestampLtzType<N>
                                : T extends { readonly kind: 'INTERVAL' }
                                  ? IntervalType<N>
                                  : T extends ArrayType<infer E>
                                    ? ArrayType<E, N>
                                    : T extends MapType<infer K, infer V>
                                      ? MapType<K, V, N>
                                      : T extends RowType<infer F>
                                        ? RowType<F, N>
                                        : never;
