import type { BigintType, BooleanType, DataType, DecimalType, DoubleType, IntType, IntervalType, StringType, TimestampLtzType } from '../types/data-type';
import type { ExprNode } from '../ast/expr-node';
import { node } from '../ast/expr-node';
import { parseDuration } from '../dialect';
import { NO_SIGNAL, dslError } from '../errors';
import { Expr, toExpr } from './expr';
import type { Operand } from './expr';
import { comparable, isNumeric, isStringLike, isTemporal, isTimestamp, plain, withNullable } from './type-rules';
import type { AnyTimestampType, NumericType, OperandType, SetNull, StringLikeType, TemporalType } from './static-types';

function ctxOf(...values: unknown[]): Expr<DataType>['ctx'] {
  for (const v of values) if (v instanceof Expr && v.ctx !== NO_SIGNAL) return v.ctx;
  return NO_SIGNAL;
}

function call<T extends DataType>(name: string, args: readonly Expr<DataType>[], type: DataType): Expr<T> {
  return new Expr(node({ kind: 'Call', name, args: args.map((a) => a.node) }), Object.freeze({ ...type }) as DataType, ctxOf(...args)) as unknown as Expr<T>;
}

function requireNumeric(fn: string, e: Expr<DataType>): void {
  if (!isNumeric(e.type)) throw dslError('DSL_TYPE_MISMATCH', e.ctx, `${fn} needs a numeric value, got ${e.type.kind}`);
}

/** A typed literal from a TS value (see {@link lit}). */
function literal<V extends number | bigint | string | boolean | Date>(value: V): Expr<OperandType<V>> {
  return toExpr(value) as unknown as Expr<OperandType<V>>;
}

/**
 * An exact DECIMAL literal from its decimal text (a JS number would lose digits). Flink types a bare
 * literal by its digits (`0.908` is DECIMAL(4, 3), `1.5` is DECIMAL(2, 1)), so it is cast to the declared
 * precision and scale.
 *
 * @example
 * ```ts
 * lit.decimal('0.908', 4, 3)  // CAST(0.908 AS DECIMAL(4, 3)), typed DECIMAL(4, 3) NOT NULL
 * ```
 */
function decimal(value: string, precision: number, scale: number): Expr<DecimalType<false>> {
  const ctx = { signal: NO_SIGNAL.signal, field: 'lit.decimal' };
  if (!Number.isInteger(precision) || precision < 1 || precision > 38 || !Number.isInteger(scale) || scale < 0 || scale > precision) {
    throw dslError('DSL_INVALID_LITERAL', ctx, `DECIMAL(${String(precision)}, ${String(scale)}) is not a Flink type (precision 1..38, scale 0..precision)`, 'give a precision from 1 to 38 and a scale from 0 to the precision');
  }
  const m = typeof value === 'string' ? /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim()) : null;
  if (m === null) throw dslError('DSL_INVALID_LITERAL', ctx, `'${String(value)}' is not a decimal number`, "write the number as text, e.g. '0.908' or '-12.5'");
  const intDigits = (m[2] ?? '').replace(/^0+/, '').length;
  const fraction = m[3] ?? '';
  if (intDigits > precision - scale || fraction.length > scale) {
    throw dslError('DSL_INVALID_LITERAL', ctx, `'${value}' does not fit DECIMAL(${precision}, ${scale}) (at most ${precision - scale} digits before the point and ${scale} after)`, 'raise the precision or scale, or round the value');
  }
  const type: DecimalType<false> = Object.freeze({ kind: 'DECIMAL', nullable: false, precision, scale });
  return new Expr(node({ kind: 'Literal', value: value.trim(), type }), type);
}

/**
 * A typed literal from a TS value; `lit.decimal(text, precision, scale)` gives an exact DECIMAL.
 *
 * @example
 * ```ts
 * lit('it''s')  // 'it''s'
 * lit(10n)      // CAST(10 AS BIGINT)
 * lit.decimal('0.908', 4, 3)  // CAST(0.908 AS DECIMAL(4, 3))
 * ```
 */
export const lit = Object.assign(literal, { decimal });

/**
 * An interval literal, for timestamp arithmetic.
 *
 * @example
 * ```ts
 * r.ts.minus(interval('5 min'))  // `ts` - INTERVAL '5' MINUTE
 * ```
 */
export function interval(duration: string): Expr<IntervalType<false>> {
  const negative = duration.trim().startsWith('-');
  const d = parseDuration(negative ? duration.trim().slice(1) : String(duration), { signal: NO_SIGNAL.signal, field: 'interval' });
  return new Expr(node({ kind: 'Interval', duration: d, negative }), { kind: 'INTERVAL', nullable: false, unit: 'DAY_TIME' }) as Expr<IntervalType<false>>;
}

// ---- math ---------------------------------------------------------------------------------------

/** `ABS(x)` */
export function abs<T extends NumericType>(x: Expr<T>): Expr<T> {
  requireNumeric('ABS', x);
  return call('ABS', [x], plain(x.type));
}
/** `SQRT(x)` (DOUBLE) */
export function sqrt<T extends NumericType>(x: Expr<T>): Expr<DoubleType<T['nullable']>> {
  requireNumeric('SQRT', x);
  return call('SQRT', [x], { kind: 'DOUBLE', nullable: x.type.nullable });
}
/** `POWER(x, y)` (DOUBLE) */
export function power<T extends NumericType>(x: Expr<T>, y: Expr<NumericType> | number): Expr<DoubleType<T['nullable']>> {
  const e = toExpr(y, x.ctx);
  requireNumeric('POWER', x);
  requireNumeric('POWER', e);
  return call('POWER', [x, e], { kind: 'DOUBLE', nullable: x.type.nullable || e.type.nullable });
}
/** `LN(x)` (DOUBLE) */
export function ln<T extends NumericType>(x: Expr<T>): Expr<DoubleType<T['nullable']>> {
  requireNumeric('LN', x);
  return call('LN', [x], { kind: 'DOUBLE', nullable: x.type.nullable });
}
/** `EXP(x)` (DOUBLE) */
export function exp<T extends NumericType>(x: Expr<T>): Expr<DoubleType<T['nullable']>> {
  requireNumeric('EXP', x);
  return call('EXP', [x], { kind: 'DOUBLE', nullable: x.type.nullable });
}
/** `LOG10(x)` (DOUBLE) */
export function log10<T extends NumericType>(x: Expr<T>): Expr<DoubleType<T['nullable']>> {
  requireNumeric('LOG10', x);
  return call('LOG10', [x], { kind: 'DOUBLE', nullable: x.type.nullable });
}
/** `ROUND(x, digits)` */
export function round<T extends NumericType>(x: Expr<T>, digits = 0): Expr<T> {
  requireNumeric('ROUND', x);
  return call('ROUND', [x, toExpr(digits, x.ctx)], plain(x.type));
}
/** `FLOOR(x)`; on a timestamp use {@link floorTo}. */
export function floor<T extends NumericType>(x: Expr<T>): Expr<T> {
  requireNumeric('FLOOR', x);
  return call('FLOOR', [x], plain(x.type));
}
/** `CEIL(x)` */
export function ceil<T extends NumericType>(x: Expr<T>): Expr<T> {
  requireNumeric('CEIL', x);
  return call('CEIL', [x], plain(x.type));
}

// ---- strings ------------------------------------------------------------------------------------

/** `UPPER(s)` */
export function upper<T extends StringLikeType>(s: Expr<T>): Expr<StringType<T['nullable']>> {
  return stringFn('UPPER', s);
}
/** `LOWER(s)` */
export function lower<T extends StringLikeType>(s: Expr<T>): Expr<StringType<T['nullable']>> {
  return stringFn('LOWER', s);
}
/** `TRIM(s)` */
export function trim<T extends StringLikeType>(s: Expr<T>): Expr<StringType<T['nullable']>> {
  return stringFn('TRIM', s);
}
/** `CHAR_LENGTH(s)` (INT) */
export function charLength<T extends StringLikeType>(s: Expr<T>): Expr<IntType<T['nullable']>> {
  if (!isStringLike(s.type)) throw dslError('DSL_TYPE_MISMATCH', s.ctx, `CHAR_LENGTH needs a string, got ${s.type.kind}`);
  return call('CHAR_LENGTH', [s], { kind: 'INT', nullable: s.type.nullable });
}
/** `SUBSTRING(s FROM start FOR length)` as `SUBSTRING(s, start, length)`; 1-based like SQL. */
export function substring<T extends StringLikeType>(s: Expr<T>, start: number, length?: number): Expr<StringType<T['nullable']>> {
  if (!isStringLike(s.type)) throw dslError('DSL_TYPE_MISMATCH', s.ctx, `SUBSTRING needs a string, got ${s.type.kind}`);
  const args = length === undefined ? [s, toExpr(start, s.ctx)] : [s, toExpr(start, s.ctx), toExpr(length, s.ctx)];
  return call('SUBSTRING', args, { kind: 'STRING', nullable: s.type.nullable });
}
function stringFn<T extends StringLikeType>(name: string, s: Expr<T>): Expr<StringType<T['nullable']>> {
  if (!isStringLike(s.type)) throw dslError('DSL_TYPE_MISMATCH', s.ctx, `${name} needs a string, got ${s.type.kind}`);
  return call(name, [s], { kind: 'STRING', nullable: s.type.nullable });
}

// ---- time ---------------------------------------------------------------------------------------

/** Units of EXTRACT / TIMESTAMPDIFF. */
export type TimeUnit = 'SECOND' | 'MINUTE' | 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';
const TIME_UNITS: readonly TimeUnit[] = ['SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];

function checkUnit(unit: string, e: Expr<DataType>): void {
  if (!TIME_UNITS.includes(unit as TimeUnit)) throw dslError('DSL_INVALID_ARGUMENT', e.ctx, `'${unit}' is not a time unit; use one of ${TIME_UNITS.join(', ')}`);
}

/** `EXTRACT(unit FROM t)` (BIGINT) */
export function extract<T extends TemporalType>(unit: TimeUnit, value: Expr<T>): Expr<BigintType<T['nullable']>> {
  checkUnit(unit, value);
  if (!isTemporal(value.type)) throw dslError('DSL_TYPE_MISMATCH', value.ctx, `EXTRACT needs a date or time, got ${value.type.kind}`);
  return new Expr(node({ kind: 'Extract', unit, operand: value.node }), { kind: 'BIGINT', nullable: value.type.nullable }, value.ctx) as Expr<BigintType<T['nullable']>>;
}
/** `TIMESTAMPDIFF(unit, start, end)`: the number of whole units from `start` to `end` (INT). */
export function timestampDiff<A extends AnyTimestampType, B extends AnyTimestampType>(unit: TimeUnit, start: Expr<A>, end: Expr<B>): Expr<IntType<A['nullable'] | B['nullable']>> {
  checkUnit(unit, start);
  if (!isTimestamp(start.type) || !isTimestamp(end.type)) {
    throw dslError('DSL_TYPE_MISMATCH', ctxOf(start, end), `TIMESTAMPDIFF needs two timestamps, got ${start.type.kind} and ${end.type.kind}`);
  }
  const keyword = new Expr(node({ kind: 'Keyword', word: unit }), { kind: 'STRING', nullable: false });
  return call('TIMESTAMPDIFF', [keyword, start, end], { kind: 'INT', nullable: start.type.nullable || end.type.nullable });
}
/** `DATE_FORMAT(t, 'yyyy-MM-dd HH:mm')` (STRING) */
export function dateFormat<T extends AnyTimestampType>(value: Expr<T>, format: string): Expr<StringType<T['nullable']>> {
  if (!isTimestamp(value.type)) throw dslError('DSL_TYPE_MISMATCH', value.ctx, `DATE_FORMAT needs a timestamp, got ${value.type.kind}`);
  return call('DATE_FORMAT', [value, toExpr(format, value.ctx)], { kind: 'STRING', nullable: value.type.nullable });
}
/** `TO_TIMESTAMP_LTZ(epochMillis, 3)`: epoch milliseconds to an instant. */
export function toTimestampLtz<T extends NumericType>(epochMillis: Expr<T>): Expr<TimestampLtzType<T['nullable']>> {
  requireNumeric('TO_TIMESTAMP_LTZ', epochMillis);
  return call('TO_TIMESTAMP_LTZ', [epochMillis, toExpr(3)], { kind: 'TIMESTAMP_LTZ', nullable: epochMillis.type.nullable, precision: 3 });
}
/** `CURRENT_TIMESTAMP` (TIMESTAMP_LTZ(3)) */
export function currentTimestamp(): Expr<TimestampLtzType<false>> {
  return new Expr(node({ kind: 'Raw', sql: 'CURRENT_TIMESTAMP' }), { kind: 'TIMESTAMP_LTZ', nullable: false, precision: 3 }) as Expr<TimestampLtzType<false>>;
}

/**
 * `PROCTIME()`: a processing-time attribute, for a computed source column.
 *
 * @example
 * ```ts
 * kafka.source('clicks', Click, { topic: 'clicks', computed: () => ({ pt: proctime() }) })  // `pt` AS PROCTIME()
 * ```
 */
export function proctime(): Expr<TimestampLtzType<false>> {
  return new Expr(node({ kind: 'Call', name: 'PROCTIME', args: [] }), { kind: 'TIMESTAMP_LTZ', nullable: false, precision: 3, proctime: true }) as Expr<TimestampLtzType<false>>;
}

// ---- null handling, conditionals, casts -----------------------------------------------------------

/** `COALESCE(a, b, ...)`: not null when the last argument is not null. */
export function coalesce<A extends DataType, B extends Expr<DataType> | string | number | boolean | bigint>(
  first: Expr<A>,
  ...rest: B[]
): Expr<SetNull<A, OperandType<B>['nullable']>> {
  const args = [first, ...rest.map((r) => toExpr(r, first.ctx))];
  for (const a of args) {
    if (!comparable(first.type, a.type)) throw dslError('DSL_TYPE_MISMATCH', first.ctx, `COALESCE mixes ${first.type.kind} and ${a.type.kind}`);
  }
  const last = args[args.length - 1] ?? first;
  return call('COALESCE', args, withNullable(first.type, last.type.nullable));
}

/** `CAST(x AS type)` (also `x.cast(type)`). */
export function cast<T extends DataType, U extends DataType>(x: Expr<T>, type: U): Expr<SetNull<U, T['nullable']>> {
  return x.cast(type);
}
/** `TRY_CAST(x AS type)` (also `x.tryCast(type)`). */
export function tryCast<T extends DataType, U extends DataType>(x: Expr<T>, type: U): Expr<SetNull<U, true>> {
  return x.tryCast(type);
}

/** A `CASE WHEN ... THEN ... [ELSE ...] END` under construction. */
export class CaseBuilder<T extends DataType> {
  /** @internal */
  constructor(private readonly whens: readonly { when: Expr<DataType>; then: Expr<DataType> }[]) {
    Object.freeze(this);
  }
  /** Adds a `WHEN cond THEN value` branch. */
  when(cond: Expr<BooleanType>, then: Expr<T> | TsLiteralOf<T>): CaseBuilder<T> {
    const first = this.whens[0];
    const value = toExpr(then, cond.ctx);
    if (first !== undefined && !comparable(first.then.type, value.type)) {
      throw dslError('DSL_TYPE_MISMATCH', cond.ctx, `CASE branches mix ${first.then.type.kind} and ${value.type.kind}`);
    }
    return new CaseBuilder<T>([...this.whens, { when: cond, then: value }]);
  }
  /** `ELSE value END`: nullable only if some branch is. */
  else<O extends Expr<DataType> | TsLiteralOf<T>>(value: O): Expr<SetNull<T, boolean>> {
    return this.build(toExpr(value));
  }
  /** `END` without ELSE: nullable. */
  end(): Expr<SetNull<T, true>> {
    return this.build(undefined) as Expr<SetNull<T, true>>;
  }
  private build(otherwise: Expr<DataType> | undefined): Expr<SetNull<T, boolean>> {
    const first = this.whens[0];
    if (first === undefined) throw dslError('DSL_INVALID_EXPRESSION', NO_SIGNAL, 'CASE needs at least one when()');
    const nullable = otherwise === undefined || otherwise.type.nullable || this.whens.some((w) => w.then.type.nullable);
    const n: ExprNode =
      otherwise === undefined
        ? node({ kind: 'Case', whens: this.whens.map((w) => ({ when: w.when.node, then: w.then.node })) })
        : node({ kind: 'Case', whens: this.whens.map((w) => ({ when: w.when.node, then: w.then.node })), otherwise: otherwise.node });
    return new Expr(n, withNullable(plain(first.then.type), nullable), first.when.ctx) as unknown as Expr<SetNull<T, boolean>>;
  }
}

/** TS literals accepted where a value of type `T` is expected. */
export type TsLiteralOf<T> = T extends NumericType ? number : T extends StringLikeType ? string : T extends BooleanType ? boolean : never;

/**
 * Starts a searched CASE.
 *
 * @example
 * ```ts
 * caseWhen(r.price.gt(100), lit('high')).else('low')
 * // CASE WHEN `price` > 100 THEN 'high' ELSE 'low' END
 * ```
 */
export function caseWhen<T extends DataType>(cond: Expr<BooleanType>, then: Expr<T>): CaseBuilder<T>;
export function caseWhen<V extends number | string | boolean>(cond: Expr<BooleanType>, then: V): CaseBuilder<OperandType<V>>;
export function caseWhen(cond: Expr<BooleanType>, then: Operand): CaseBuilder<DataType> {
  if (!(cond instanceof Expr) || cond.type.kind !== 'BOOLEAN') {
    throw dslError('DSL_TYPE_MISMATCH', ctxOf(cond), 'CASE WHEN needs a BOOLEAN condition');
  }
  return new CaseBuilder<DataType>([{ when: cond, then: toExpr(then, cond.ctx) }]);
}

/** Options of {@link rawSql}. */
export interface RawSqlOptions {
  /**
   * The fragment makes the query updating (`ROW_NUMBER() OVER ...` filtered to a Top-N, an aggregate over
   * a non-windowed group): the DSL cannot see inside raw text, so it takes this word for it, refuses an
   * append-only sink (`DSL_APPEND_SINK_UPDATES`) and plans the rest as for an updating query. Default false.
   */
  readonly updating?: boolean;
}

/**
 * Raw SQL with a declared type: the escape hatch for what the DSL does not cover. The text is used
 * as written (you own its escaping). Declare `{ updating: true }` when the fragment makes the query
 * updating; otherwise `sluice validate` (Flink's planner) is what finds an append sink it cannot feed.
 *
 * @example
 * ```ts
 * rawSql(t.string(), "REGEXP_EXTRACT(`url`, '/([a-z]+)', 1)")
 * rawSql(t.bigint().notNull(), 'ROW_NUMBER() OVER (PARTITION BY `symbol` ORDER BY `price` DESC)', { updating: true })
 * ```
 */
export function rawSql<T extends DataType>(type: T, sql: string, options: RawSqlOptions = {}): Expr<T> {
  if (typeof sql !== 'string' || sql.trim().length === 0) throw dslError('DSL_INVALID_EXPRESSION', NO_SIGNAL, 'rawSql needs SQL text');
  return new Expr(node(options.updating === true ? { kind: 'Raw', sql, updating: true } : { kind: 'Raw', sql }), type);
}
