import type { DataType, Fields } from '../types/data-type';
import type { ExprNode } from '../ast/expr-node';
import { hasGroupAggregate, node } from '../ast/expr-node';
import { NO_SIGNAL, dslError, type DslContext } from '../errors';
import { Expr, toExpr } from '../expr/expr';
import { AggregateExpr } from '../expr/aggregates';
import { comparable } from '../expr/type-rules';
import type { ComparableWith, SetNull } from '../expr/static-types';
import { renderType } from '../dialect';
import { SLUICE_UDAF_NAMES } from '../compiler/udf-use';
import { FLINK_BUILTIN_FUNCTION_NAMES } from './builtin-names';
import type { UserFunctionKind, UserFunctionRef } from '../ast/user-function-ref';

/** How a user function is declared: its Java class, where the jar is, and its SQL types. */
export interface UdfOptions<A extends readonly DataType[], R> {
  /** The fully qualified Java class (a `ScalarFunction`, `TableFunction` or `AggregateFunction`). */
  readonly className: string;
  /** The jar, relative to the project's config file or absolute (give `jar` or `artifact`). */
  readonly jar?: string;
  /** A Maven coordinate `group:artifact:version` in the local Maven repository, or an `http(s)://` URL. */
  readonly artifact?: string;
  /** The SQL types of the arguments, in order. */
  readonly args: A;
  /** The result type (for `udf.table`: the columns of each row it emits). */
  readonly returns: R;
}

/** The arguments of a call: per declared type, an expression of that family or a TS literal of it. */
export type UdfArgs<A extends readonly DataType[]> = { readonly [K in keyof A]: ComparableWith<A[K]> };

/** A declared type without its `notNull()` helper: what the call's expression is typed as. */
export type UdfResult<R extends DataType> = SetNull<R, R['nullable']>;

/** A declared user function: call it like a built-in; `ref` is what deploy registers. */
interface UdfBase<A extends readonly DataType[]> {
  readonly ref: UserFunctionRef;
  readonly args: A;
}

/** A user scalar function (`ScalarFunction`): `priceBand(r.price, 2)` is `Expr<R>`. */
export type ScalarUdf<A extends readonly DataType[], R extends DataType> = ((...args: UdfArgs<A>) => Expr<UdfResult<R>>) & UdfBase<A> & { readonly returns: R };

/** A user aggregate function (`AggregateFunction`): used in a grouped / windowed select like `sum`. */
export type AggregateUdf<A extends readonly DataType[], R extends DataType> = ((...args: UdfArgs<A>) => AggregateExpr<UdfResult<R>>) & UdfBase<A> & { readonly returns: R };

/** A user table function (`TableFunction`): each call emits rows of `F`. */
export type TableUdf<A extends readonly DataType[], F extends Fields> = ((...args: UdfArgs<A>) => TableUdfCall<F>) & UdfBase<A> & { readonly returns: F };

/** A call of a user table function: the SQL call and the columns of the rows it emits. */
export interface TableUdfCall<F extends Fields> {
  readonly kind: 'TableUdfCall';
  /** @internal */
  readonly node: ExprNode;
  readonly fields: F;
  readonly ctx: DslContext;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const CLASS_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const COORDINATE = /^[\w.-]+:[\w.-]+:[\w.-]+$/;
const URL_ARTIFACT = /^https?:\/\/\S+$/;

function declarationError(name: string, message: string, suggestion: string): Error {
  return dslError('DSL_INVALID_FUNCTION', { signal: NO_SIGNAL.signal, field: name }, message, suggestion);
}

function isDataType(value: unknown): value is DataType {
  return value !== null && typeof value === 'object' && typeof (value as { kind?: unknown }).kind === 'string' && typeof (value as { nullable?: unknown }).nullable === 'boolean';
}

/** Checks a declaration; the reference deploy registers. */
function declare(kind: UserFunctionKind, name: string, options: UdfOptions<readonly DataType[], unknown>): UserFunctionRef {
  const label = typeof name === 'string' ? name : String(name);
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw declarationError(label, `'${label}' is not a function name (letters, digits and _, starting with a letter)`, "e.g. udf.scalar('price_band', { ... })");
  }
  const upper = name.toUpperCase();
  if (FLINK_BUILTIN_FUNCTION_NAMES.has(upper)) {
    throw dslError('DSL_FUNCTION_NAME_CLASH', { signal: NO_SIGNAL.signal, field: name }, `'${name}' is a Flink built-in function: Flink would call the built-in, never this one`, `give it a name of its own, e.g. '${name.toLowerCase()}_udf'`);
  }
  if (SLUICE_UDAF_NAMES.includes(upper) || upper.startsWith('SLUICE_')) {
    throw dslError('DSL_FUNCTION_NAME_CLASH', { signal: NO_SIGNAL.signal, field: name }, `'${name}' is ${SLUICE_UDAF_NAMES.includes(upper) ? "a Sluice UDF's name" : "in Sluice's own names (SLUICE_...)"}`, 'give it a name without the SLUICE_ prefix');
  }
  if (options === null || typeof options !== 'object') throw declarationError(name, 'needs { className, jar | artifact, args, returns }', "e.g. { className: 'com.acme.PriceBand', jar: 'udfs/acme.jar', args: [t.double()], returns: t.int() }");
  if (typeof options.className !== 'string' || !CLASS_NAME.test(options.className)) {
    throw declarationError(name, `className '${String(options.className)}' is not a Java class name`, "give the fully qualified class, e.g. 'com.acme.udf.PriceBand'");
  }
  const { jar, artifact } = options;
  if ((jar === undefined) === (artifact === undefined)) {
    throw declarationError(name, jar === undefined ? 'names no jar: give jar or artifact' : 'gives both jar and artifact: give one', "jar: a path relative to the config file ('udfs/acme.jar'), or artifact: 'com.acme:acme-udfs:1.2.0'");
  }
  if (jar !== undefined && (typeof jar !== 'string' || jar.trim() === '')) throw declarationError(name, 'jar must be a non-empty path', "e.g. jar: 'udfs/acme.jar' (relative to the config file)");
  if (artifact !== undefined && (typeof artifact !== 'string' || !(COORDINATE.test(artifact) || URL_ARTIFACT.test(artifact)))) {
    throw declarationError(name, `artifact '${String(artifact)}' is neither a Maven coordinate group:artifact:version nor an http(s) URL`, "e.g. artifact: 'com.acme:acme-udfs:1.2.0'");
  }
  if (!Array.isArray(options.args) || !options.args.every(isDataType)) {
    throw declarationError(name, 'args must be a list of types', 'e.g. args: [t.double(), t.int()] (empty for none)');
  }
  if (kind === 'table') {
    const columns = options.returns;
    if (columns === null || typeof columns !== 'object' || isDataType(columns) || Object.keys(columns).length === 0 || !Object.values(columns).every(isDataType)) {
      throw declarationError(name, 'a table function returns columns: an object of column types', 'e.g. returns: { word: t.string(), length: t.int() }');
    }
  } else if (!isDataType(options.returns)) {
    throw declarationError(name, 'returns must be a type', 'e.g. returns: t.double()');
  }
  return Object.freeze({ kind, name, className: options.className, ...(jar === undefined ? {} : { jar }), ...(artifact === undefined ? {} : { artifact }) });
}

/** The call's arguments as expressions, checked against the declared types. */
function callArgs(ref: UserFunctionRef, declared: readonly DataType[], given: readonly unknown[]): Expr<DataType>[] {
  const ctx = given.find((g): g is Expr<DataType> => g instanceof Expr && g.ctx !== NO_SIGNAL)?.ctx ?? { signal: NO_SIGNAL.signal, field: ref.name };
  if (given.length !== declared.length) {
    throw dslError('DSL_FUNCTION_ARGUMENT_COUNT', ctx, `${ref.name} takes ${declared.length} argument${declared.length === 1 ? '' : 's'} (${declared.map(renderType).join(', ')}), got ${given.length}`, 'pass one value per declared argument type');
  }
  return given.map((g, i) => {
    const want = declared[i] as DataType;
    const e = toExpr(g, ctx);
    if (!accepts(want, e.type)) {
      throw dslError('DSL_TYPE_MISMATCH', e.ctx, `argument ${i + 1} of ${ref.name} is declared ${renderType(want)}, got ${renderType(e.type)}`, `cast it, e.g. x.cast(t.${want.kind.toLowerCase()}())`);
    }
    if (ref.kind === 'aggregate' && (hasGroupAggregate(e.node) || e.node.kind === 'Over')) {
      throw dslError('DSL_NESTED_AGGREGATE', e.ctx, `${ref.name} cannot take another aggregate as its argument`);
    }
    return e;
  });
}

// Flink casts a UDF's numeric argument implicitly only to a wider type (INT to BIGINT or DOUBLE, not back).
const NUMERIC_RANK: Readonly<Partial<Record<DataType['kind'], number>>> = { TINYINT: 1, SMALLINT: 2, INT: 3, BIGINT: 4, DECIMAL: 5, FLOAT: 6, DOUBLE: 7 };

function accepts(want: DataType, got: DataType): boolean {
  const w = NUMERIC_RANK[want.kind];
  const g = NUMERIC_RANK[got.kind];
  if (w !== undefined && g !== undefined) return g <= w;
  return comparable(want, got);
}

function plainType<R extends DataType>(type: R): UdfResult<R> {
  return Object.freeze({ ...type }) as unknown as UdfResult<R>;
}

function scalar<const A extends readonly DataType[], R extends DataType>(name: string, options: UdfOptions<A, R>): ScalarUdf<A, R> {
  const ref = declare('scalar', name, options);
  const returns = plainType(options.returns);
  const fn = (...given: UdfArgs<A>): Expr<UdfResult<R>> => {
    const args = callArgs(ref, options.args, given);
    return new Expr(node({ kind: 'Call', name: ref.name, args: args.map((a) => a.node), udf: ref }), returns, args[0]?.ctx ?? NO_SIGNAL);
  };
  return Object.freeze(Object.assign(fn, { ref, args: options.args, returns: options.returns }));
}

function aggregate<const A extends readonly DataType[], R extends DataType>(name: string, options: UdfOptions<A, R>): AggregateUdf<A, R> {
  const ref = declare('aggregate', name, options);
  const returns = plainType(options.returns);
  const fn = (...given: UdfArgs<A>): AggregateExpr<UdfResult<R>> => {
    const args = callArgs(ref, options.args, given);
    return new AggregateExpr(node({ kind: 'Aggregate', name: ref.name, args: args.map((a) => a.node), distinct: false, udf: ref }), returns, args[0]?.ctx ?? NO_SIGNAL);
  };
  return Object.freeze(Object.assign(fn, { ref, args: options.args, returns: options.returns }));
}

function table<const A extends readonly DataType[], F extends Fields>(name: string, options: UdfOptions<A, F>): TableUdf<A, F> {
  const ref = declare('table', name, options);
  const fields = Object.freeze(Object.fromEntries(Object.entries(options.returns).map(([k, v]) => [k, Object.freeze({ ...v })]))) as F;
  const fn = (...given: UdfArgs<A>): TableUdfCall<F> => {
    const args = callArgs(ref, options.args, given);
    const callNode = node({ kind: 'Call', name: ref.name, args: args.map((a) => a.node), udf: ref });
    return Object.freeze({ kind: 'TableUdfCall' as const, node: callNode, fields, ctx: args[0]?.ctx ?? NO_SIGNAL });
  };
  return Object.freeze(Object.assign(fn, { ref, args: options.args, returns: options.returns }));
}

/**
 * A team's own Flink functions, from a jar: declared once with their SQL types, called like built-ins.
 * The statements that call one carry its {@link UserFunctionRef}; deploy, validate and the runners put
 * `CREATE TEMPORARY FUNCTION IF NOT EXISTS \`name\` AS '<className>' USING JAR '<absolute jar>'` before
 * them, as they do for Sluice's own UDAFs. `jar` is relative to the directory of the project's config
 * file; `artifact` is a Maven coordinate resolved in the local Maven repository, or an http(s) URL.
 *
 * @throws SluiceError `DSL_INVALID_FUNCTION` (a bad declaration), `DSL_FUNCTION_NAME_CLASH` (a Flink
 * built-in's or Sluice UDF's name); at a call `DSL_FUNCTION_ARGUMENT_COUNT`, `DSL_TYPE_MISMATCH`
 * @example
 * ```ts
 * const priceBand = udf.scalar('price_band', { className: 'com.acme.PriceBand', jar: 'udfs/acme.jar', args: [t.double(), t.int()], returns: t.string() })
 * from(trades).select((r) => ({ symbol: r.symbol, band: priceBand(r.price, 2) }))
 * // SELECT `symbol`, `price_band`(`price`, 2) AS `band` FROM ...
 * const weightedAvg = udf.aggregate('weighted_avg', { className: 'com.acme.WeightedAvg', artifact: 'com.acme:acme-udfs:1.2.0', args: [t.double(), t.bigint()], returns: t.double() })
 * ```
 */
export const udf = Object.freeze({ scalar, aggregate, table });
