import type {
  ArrayType,
  BigintType,
  BooleanType,
  BytesType,
  DataType,
  DateType,
  IntType,
  MapType,
  SmallintType,
  TinyintType,
} from '../types/data-type';
import type { Expr } from '../expr/expr';
import type { AnyTimestampType, NumericType, OperandType, StringLikeType } from '../expr/static-types';

// Argument and result types of the generated functions (generated.ts), one per argument family of
// the catalogue. Each family takes an expression of its types or a TS literal of them.

export type IntegerType = TinyintType | SmallintType | IntType | BigintType;
export type StringArg = Expr<StringLikeType> | string;
export type IntArg = Expr<IntegerType> | number;
export type NumericArg = Expr<NumericType> | number;
export type BooleanArg = Expr<BooleanType> | boolean;
export type DateArg = Expr<DateType>;
export type TimestampArg = Expr<AnyTimestampType> | Date;
export type DatetimeArg = Expr<DateType | AnyTimestampType> | Date;
export type BytesArg = Expr<BytesType>;
export type ArrayArg = Expr<ArrayType>;
export type MapArg = Expr<MapType>;
export type CollectionArg = Expr<ArrayType | MapType>;
export type HexableArg = Expr<IntegerType | StringLikeType> | number | string;
export type AnyArg = Expr<DataType> | number | bigint | string | boolean | Date;
/** A time unit keyword (TIMESTAMPADD). */
export type UnitArg = 'MICROSECOND' | 'MILLISECOND' | 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

type NullState<O> = O extends Expr<infer T> ? (T extends { readonly nullable: false } ? 'no' : T extends { readonly nullable: true } ? 'yes' : 'unknown') : 'no';

/** Nullable when any argument may be NULL (`boolean` when not known statically); TS literals are never NULL. */
export type AnyNull<Args extends readonly unknown[]> = 'unknown' extends NullState<Args[number]> ? boolean : 'yes' extends NullState<Args[number]> ? true : false;

/** Nullable when the argument may be NULL. */
export type NullOf<O> = AnyNull<[O]>;

/** The element type of an array argument. */
export type ElementOf<O> = OperandType<O> extends ArrayType<infer E> ? E : DataType;
/** The key type of a map argument. */
export type KeyOf<O> = OperandType<O> extends MapType<infer K, DataType> ? K : DataType;
/** The value type of a map argument. */
export type ValueOf<O> = OperandType<O> extends MapType<DataType, infer V> ? V : DataType;
