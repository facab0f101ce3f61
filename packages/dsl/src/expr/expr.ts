import type { BooleanType, DataType, IntervalType, StringType } from '../types/data-type';
import type { BinaryOperator, ExprNode } from '../ast/expr-node';
import { node } from '../ast/expr-node';
import type { DslContext } from '../errors';
import type { DslErrorCode } from '../error-codes';
import { NO_SIGNAL, dslError } from '../errors';
import { arithmeticType, comparable, isNumeric, isStringLike, isTemporal, isTimestamp, plain, withNullable } from './type-rules';
import type {
  AnyTimestampType,
  Arith,
  ComparableWith,
  Nul,
  NumberLiteralType,
  NumericType,
  OperandType,
  SetNull,
  StringLikeType,
} from './static-types';
import { renderType } from '../dialect';
import type { DateType } from '../types/data-type';

/** A value usable where an expression is expected: an {@link Expr} or a TS literal. */
export type Operand = Expr<DataType> | number | bigint | string | boolean | Date | null;

/**
 * A typed Flink SQL expression. Immutable: every method returns a new expression over a frozen node.
 * `T` is the Flink type; `TsTypeOf<T>` is the TS type of its values.
 *
 * @example
 * ```ts
 * r.price.times(r.qty).gt(1000)   // (`price` * `qty`) > 1000
 * ```
 */
export class Expr<T extends DataType> {
  /** @internal */
  readonly node: ExprNode;
  /** The run-time Flink type (drives sink DDL and checks). */
  readonly type: T;
  /** @internal The signal and field this expression came from, for error messages. */
  readonly ctx: DslContext;

  /** @internal */
  constructor(n: ExprNode, type: T, ctx: DslContext = NO_SIGNAL) {
    this.node = n;
    this.type = type;
    this.ctx = ctx;
    Object.freeze(this);
  }

  // ---- arithmetic -------------------------------------------------------------------------

  /** `a + b`; on a timestamp or date, adds an interval. */
  plus<S extends NumericType, B extends NumericType>(this: Expr<S>, other: Expr<B>): Expr<Arith<S, B>>;
  plus<S extends NumericType, N extends number>(this: Expr<S>, other: N): Expr<Arith<S, NumberLiteralType<N>>>;
  plus<S extends AnyTimestampType | DateType>(this: Expr<S>, other: Expr<IntervalType>): Expr<S>;
  plus(other: Operand): Expr<DataType> {
    return this.arith('+', other);
  }
  /** `a - b`; on a timestamp, subtracts an interval (timestamp minus timestamp: use `timestampDiff`). */
  minus<S extends NumericType, B extends NumericType>(this: Expr<S>, other: Expr<B>): Expr<Arith<S, B>>;
  minus<S extends NumericType, N extends number>(this: Expr<S>, other: N): Expr<Arith<S, NumberLiteralType<N>>>;
  minus<S extends AnyTimestampType | DateType>(this: Expr<S>, other: Expr<IntervalType>): Expr<S>;
  minus(other: Operand): Expr<DataType> {
    return this.arith('-', other);
  }
  /** `a * b` */
  times<S extends NumericType, B extends NumericType>(this: Expr<S>, other: Expr<B>): Expr<Arith<S, B>>;
  times<S extends NumericType, N extends number>(this: Expr<S>, other: N): Expr<Arith<S, NumberLiteralType<N>>>;
  times(other: Operand): Expr<DataType> {
    return this.arith('*', other);
  }
  /** `a / b` (integer division on integer types, as in Flink). */
  div<S extends NumericType, B extends NumericType>(this: Expr<S>, other: Expr<B>): Expr<Arith<S, B>>;
  div<S extends NumericType, N extends number>(this: Expr<S>, other: N): Expr<Arith<S, NumberLiteralType<N>>>;
  div(other: Operand): Expr<DataType> {
    return this.arith('/', other);
  }
  /** `a % b` */
  mod<S extends NumericType, B extends NumericType>(this: Expr<S>, other: Expr<B>): Expr<Arith<S, B>>;
  mod<S extends NumericType, N extends number>(this: Expr<S>, other: N): Expr<Arith<S, NumberLiteralType<N>>>;
  mod(other: Operand): Expr<DataType> {
    return this.arith('%', other);
  }
  /** `-a` */
  neg<S extends NumericType>(this: Expr<S>): Expr<S> {
    this.expect(isNumeric(this.type), 'negation needs a numeric value');
    return new Expr(node({ kind: 'Unary', op: '-', operand: this.node }), plain(this.type), this.ctx) as Expr<S>;
  }

  // ---- comparison and logic ---------------------------------------------------------------

  /** `a = b` */
  eq<O extends ComparableWith<T>>(other: O): Expr<BooleanType<Nul<T, OperandType<O>>>> {
    return this.compare('=', other);
  }
  /** `a <> b` */
  ne<O extends ComparableWith<T>>(other: O): Expr<BooleanType<Nul<T, OperandType<O>>>> {
    return this.compare('<>', other);
  }
  /** `a > b` */
  gt<O extends ComparableWith<T>>(other: O): Expr<BooleanType<Nul<T, OperandType<O>>>> {
    return this.compare('>', other);
  }
  /** `a >= b` */
  ge<O extends ComparableWith<T>>(other: O): Expr<BooleanType<Nul<T, OperandType<O>>>> {
    return this.compare('>=', other);
  }
  /** `a < b` */
  lt<O extends ComparableWith<T>>(other: O): Expr<BooleanType<Nul<T, OperandType<O>>>> {
    return this.compare('<', other);
  }
  /** `a <= b` */
  le<O extends ComparableWith<T>>(other: O): Expr<BooleanType<Nul<T, OperandType<O>>>> {
    return this.compare('<=', other);
  }
  /** `a BETWEEN low AND high` */
  between(low: ComparableWith<T>, high: ComparableWith<T>): Expr<BooleanType<T['nullable']>> {
    const lo = this.operand(low);
    const hi = this.operand(high);
    this.expect(comparable(this.type, lo.type) && comparable(this.type, hi.type), `cannot compare ${this.type.kind} with ${lo.type.kind} and ${hi.type.kind}`, 'DSL_TYPE_MISMATCH');
    return new Expr(node({ kind: 'Between', operand: this.node, low: lo.node, high: hi.node }), bool(this.type.nullable), this.ctx) as Expr<BooleanType<T['nullable']>>;
  }
  /** `a IN (v1, v2, ...)` */
  in(...values: ComparableWith<T>[]): Expr<BooleanType<T['nullable']>> {
    const items = values.map((v) => this.operand(v));
    for (const item of items) this.expect(comparable(this.type, item.type), `IN list mixes ${this.type.kind} with ${item.type.kind}`, 'DSL_TYPE_MISMATCH');
    return new Expr(node({ kind: 'In', operand: this.node, values: items.map((i) => i.node) }), bool(this.type.nullable), this.ctx) as Expr<BooleanType<T['nullable']>>;
  }
  /** `a AND b` */
  and<S extends BooleanType, O extends Expr<BooleanType> | boolean>(this: Expr<S>, other: O): Expr<BooleanType<Nul<S, OperandType<O>>>> {
    return this.logic('AND', other) as Expr<BooleanType<Nul<S, OperandType<O>>>>;
  }
  /** `a OR b` */
  or<S extends BooleanType, O extends Expr<BooleanType> | boolean>(this: Expr<S>, other: O): Expr<BooleanType<Nul<S, OperandType<O>>>> {
    return this.logic('OR', other) as Expr<BooleanType<Nul<S, OperandType<O>>>>;
  }
  /** `NOT a` */
  not<S extends BooleanType>(this: Expr<S>): Expr<S> {
    this.expect(this.type.kind === 'BOOLEAN', `NOT needs a BOOLEAN, got ${this.type.kind}`, 'DSL_TYPE_MISMATCH');
    return new Expr(node({ kind: 'Unary', op: 'NOT', operand: this.node }), this.type, this.ctx) as Expr<S>;
  }
  /** `a IS NULL` (never null itself) */
  isNull(): Expr<BooleanType<false>> {
    return new Expr(node({ kind: 'Unary', op: 'IS NULL', operand: this.node }), bool(false), this.ctx) as Expr<BooleanType<false>>;
  }
  /** `a IS NOT NULL` */
  isNotNull(): Expr<BooleanType<false>> {
    return new Expr(node({ kind: 'Unary', op: 'IS NOT NULL', operand: this.node }), bool(false), this.ctx) as Expr<BooleanType<false>>;
  }

  // ---- strings ----------------------------------------------------------------------------

  /** `a LIKE 'pattern'` */
  like<S extends StringLikeType>(this: Expr<S>, pattern: string): Expr<BooleanType<S['nullable']>> {
    this.expect(isStringLike(this.type), `LIKE needs a string, got ${this.type.kind}`, 'DSL_TYPE_MISMATCH');
    return this.binary('LIKE', this.operand(pattern), bool(this.type.nullable)) as Expr<BooleanType<S['nullable']>>;
  }
  /** `a || b` (string concatenation) */
  concat<S extends StringLikeType, O extends Expr<StringLikeType> | string>(this: Expr<S>, other: O): Expr<StringType<Nul<S, OperandType<O>>>> {
    const o = this.operand(other);
    this.expect(isStringLike(this.type) && isStringLike(o.type), `|| needs strings, got ${this.type.kind} and ${o.type.kind}`, 'DSL_TYPE_MISMATCH');
    return this.binary('||', o, { kind: 'STRING', nullable: this.type.nullable || o.type.nullable }) as Expr<StringType<Nul<S, OperandType<O>>>>;
  }

  // ---- casts ------------------------------------------------------------------------------

  /** `CAST(a AS type)` */
  cast<U extends DataType>(type: U): Expr<SetNull<U, T['nullable']>> {
    return new Expr(node({ kind: 'Cast', safe: false, operand: this.node, type }), withNullable(type, this.type.nullable), this.ctx) as unknown as Expr<SetNull<U, T['nullable']>>;
  }
  /** `TRY_CAST(a AS type)`: null instead of an error, so always nullable. */
  tryCast<U extends DataType>(type: U): Expr<SetNull<U, true>> {
    return new Expr(node({ kind: 'Cast', safe: true, operand: this.node, type }), withNullable(type, true), this.ctx) as unknown as Expr<SetNull<U, true>>;
  }

  // ---- internals --------------------------------------------------------------------------

  /** @internal Turns a TS literal or expression into an expression, in this expression's context. */
  operand(value: unknown): Expr<DataType> {
    return toExpr(value, this.ctx);
  }

  private expect(ok: boolean, message: string, code: DslErrorCode = 'DSL_TYPE_MISMATCH', suggestion?: string): void {
    if (!ok) throw dslError(code, this.ctx, message, suggestion);
  }

  private binary(op: BinaryOperator, right: Expr<DataType>, type: DataType): Expr<DataType> {
    return new Expr(node({ kind: 'Binary', op, left: this.node, right: right.node }), Object.freeze({ ...type }) as DataType, this.ctx);
  }

  private arith(op: BinaryOperator, other: unknown): Expr<DataType> {
    const o = this.operand(other);
    if (isTemporal(this.type) || isTemporal(o.type)) {
      if (op === '-' && isTimestamp(this.type) && isTimestamp(o.type)) {
        throw dslError('DSL_TIMESTAMP_MINUS', this.ctx, 'a timestamp minus a timestamp is not valid Flink SQL', "use timestampDiff('SECOND', start, end) for the distance between two timestamps");
      }
      this.expect((op === '+' || op === '-') && o.type.kind === 'INTERVAL', `${this.type.kind} ${op} ${o.type.kind} is not valid; add or subtract an interval('...')`);
      return this.binary(op, o, plain(withNullable(this.type, this.type.nullable || o.type.nullable)));
    }
    this.expect(isNumeric(this.type) && isNumeric(o.type), `${this.type.kind} ${op} ${o.type.kind}: arithmetic needs numeric values`);
    return this.binary(op, o, arithmeticType(this.type, o.type, op));
  }

  private compare(op: BinaryOperator, other: unknown): Expr<BooleanType<never>> {
    const o = this.operand(other);
    this.expect(comparable(this.type, o.type), `cannot compare ${renderType(this.type)} with ${renderType(o.type)}`, 'DSL_TYPE_MISMATCH', 'cast one side, e.g. .cast(t.double())');
    return this.binary(op, o, bool(this.type.nullable || o.type.nullable)) as Expr<BooleanType<never>>;
  }

  private logic(op: 'AND' | 'OR', other: unknown): Expr<DataType> {
    const o = this.operand(other);
    this.expect(this.type.kind === 'BOOLEAN' && o.type.kind === 'BOOLEAN', `${op} needs BOOLEAN values, got ${this.type.kind} and ${o.type.kind}`);
    return this.binary(op, o, bool(this.type.nullable || o.type.nullable));
  }
}

function bool(nullable: boolean): BooleanType {
  return Object.freeze({ kind: 'BOOLEAN', nullable });
}

/** True for DSL expressions (rather than TS literals). */
export function isExpr(value: unknown): value is Expr<DataType> {
  return value instanceof Expr;
}

/**
 * A TS value as a typed literal: integers -> INT (BIGINT beyond 32 bits), other numbers -> DOUBLE,
 * bigint -> BIGINT, string -> STRING, boolean -> BOOLEAN, Date -> TIMESTAMP(3), null -> NULL.
 */
export function toExpr(value: unknown, ctx: DslContext = NO_SIGNAL): Expr<DataType> {
  if (value instanceof Expr) return value;
  const lit = (v: string | number | bigint | boolean | Date | null, type: DataType): Expr<DataType> =>
    new Expr(node({ kind: 'Literal', value: v, type: Object.freeze(type) }), Object.freeze(type), ctx);
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw dslError('DSL_INVALID_LITERAL', ctx, `${String(value)} has no Flink SQL literal`);
      if (Number.isInteger(value)) return lit(value, { kind: Math.abs(value) <= 2147483647 ? 'INT' : 'BIGINT', nullable: false } as DataType);
      return lit(value, { kind: 'DOUBLE', nullable: false });
    case 'bigint':
      return lit(value, { kind: 'BIGINT', nullable: false });
    case 'string':
      return lit(value, { kind: 'STRING', nullable: false });
    case 'boolean':
      return lit(value, { kind: 'BOOLEAN', nullable: false });
    default:
      if (value === null) return lit(null, { kind: 'STRING', nullable: true });
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw dslError('DSL_INVALID_LITERAL', ctx, 'an invalid Date has no Flink SQL literal');
        return lit(value, { kind: 'TIMESTAMP', nullable: false, precision: 3 });
      }
      throw dslError('DSL_INVALID_EXPRESSION', ctx, `expected an expression or a literal, got ${describeValue(value)}`);
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (is a column name misspelled?)';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

