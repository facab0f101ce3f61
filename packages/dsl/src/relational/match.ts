import type { BooleanType, DataType, Fields } from '../types/data-type';
import type { ExprNode } from '../ast/expr-node';
import { node } from '../ast/expr-node';
import type { PatternQuantifier, PatternTermNode } from '../ast/rel-node';
import { patternTermSql } from '../compiler/compile-pattern';
import { parseDuration } from '../dialect';
import { dslError } from '../errors';
import { Expr, isExpr } from '../expr/expr';
import type { Columns } from '../expr/row-proxy';
import { columnsOf, requireColumn } from '../expr/row-proxy';
import { aggregateType, isTimeAttribute, plain, withNullable } from '../expr/type-rules';
import type { BigintType } from '../types/data-type';
import type { SetNull } from '../expr/static-types';
import type { Callback, Query, QueryState, SelectShape, ShapeFields, Simplify } from './query';
import { call, node2, outputFields, resolveItems } from './query-parts';

/** One pattern variable inside PATTERN, with an optional quantifier (its AST node is {@link PatternTerm.node}). */
export class PatternTerm {
  /** @internal */
  constructor(readonly node: PatternTermNode) {
    Object.freeze(this);
  }
  /** The term as SQL, e.g. `A{3}`. */
  get text(): string {
    return patternTermSql(this.node);
  }
  /** True when it ends with a greedy `*` or `?`, which Flink refuses at the end of a pattern. */
  get greedyOptional(): boolean {
    const last = this.node.quantifiers[this.node.quantifiers.length - 1];
    return last?.kind === 'zero-or-more' || last?.kind === 'optional';
  }
  private with(q: PatternQuantifier): PatternTerm {
    return new PatternTerm({ variable: this.node.variable, quantifiers: [...this.node.quantifiers, q] });
  }
  /** `A{n}` */
  times(n: number): PatternTerm {
    return this.with({ kind: 'times', n });
  }
  /** `A{n,}` */
  timesOrMore(n: number): PatternTerm {
    return this.with({ kind: 'times-or-more', n });
  }
  /** `A{min,max}` */
  between(min: number, max: number): PatternTerm {
    return this.with({ kind: 'between', min, max });
  }
  /** `A+` */
  oneOrMore(): PatternTerm {
    return this.with({ kind: 'one-or-more' });
  }
  /** `A*` */
  zeroOrMore(): PatternTerm {
    return this.with({ kind: 'zero-or-more' });
  }
  /** `A?` */
  optional(): PatternTerm {
    return this.with({ kind: 'optional' });
  }
  /** Reluctant form of the quantifier: `A+?`, `A*?`. */
  reluctant(): PatternTerm {
    return this.with({ kind: 'reluctant' });
  }
}

/** Navigation over the rows mapped to one pattern variable (used in MEASURES and DEFINE). */
export interface PatternVariable<F extends Fields> {
  /** `FIRST(A.col, n)` */
  first<C extends keyof F & string>(column: C, offset?: number): Expr<SetNull<F[C], true>>;
  /** `LAST(A.col, n)` */
  last<C extends keyof F & string>(column: C, offset?: number): Expr<SetNull<F[C], true>>;
  /** `COUNT(A.col)` */
  count(): Expr<BigintType<false>>;
  /** `SUM(A.col)`, `AVG(A.col)`, `MIN`, `MAX` over the rows of this variable. */
  agg<C extends keyof F & string>(fn: 'SUM' | 'AVG' | 'MIN' | 'MAX', column: C): Expr<SetNull<F[C], true>>;
}

/** What you pass to `query.match(...)`. */
export interface MatchSpec<F extends Fields, V extends string, P extends keyof F & string, M extends SelectShape> {
  readonly partitionBy?: readonly P[];
  /** The time attribute that orders rows (an event-time column with a watermark). */
  readonly orderBy: keyof F & string;
  /** One condition per pattern variable: `{ F: e => e.success.eq(false) }`. Unqualified columns are the current row. */
  readonly define: { readonly [K in V]: Callback<[row: Columns<F>, vars: { readonly [X in V]: PatternVariable<F> }], Expr<BooleanType>> };
  /** The pattern: `p => [p.A, p.B.oneOrMore()]` or `p => p.F.times(3)`. */
  readonly pattern: Callback<[p: { readonly [K in V]: PatternTerm }], PatternTerm | readonly PatternTerm[]>;
  /** Bound of a match in time; required on unbounded streams (state would grow without it). */
  readonly within?: string;
  readonly measures: Callback<[m: { readonly [K in V]: PatternVariable<F> }], M>;
  /** Where to resume after a match (default: past the last row). */
  readonly afterMatch?: 'skip-past-last-row' | 'skip-to-next-row' | { readonly toFirst: V } | { readonly toLast: V };
}

/**
 * `PREV(col, n)`: the value `n` rows before, inside a DEFINE condition.
 *
 * @example
 * ```ts
 * define: { UP: (e) => e.price.gt(prev(e.price)) }   // UP AS `price` > PREV(`price`, 1)
 * ```
 */
export function prev<T extends DataType>(column: Expr<T>, offset = 1): Expr<SetNull<T, true>> {
  return new Expr(node({ kind: 'Call', name: 'PREV', args: [column.node, { kind: 'Literal', value: offset, type: { kind: 'INT', nullable: false } }] }), withNullable(column.type, true), column.ctx) as unknown as Expr<SetNull<T, true>>;
}

function variable<F extends Fields>(state: QueryState, name: string, orderBy: string): PatternVariable<F> {
  const ctx = state.ctx;
  const ref = (column: string): ExprNode => node({ kind: 'Column', name: column, qualifier: name });
  const nav = (fn: 'FIRST' | 'LAST', column: string, offset: number): Expr<DataType> => {
    const type = requireColumn(state.fields, column, ctx, `${fn.toLowerCase()}()`);
    const args: ExprNode[] = offset === 0 ? [ref(column)] : [ref(column), { kind: 'Literal', value: offset, type: { kind: 'INT', nullable: false } }];
    return new Expr(node({ kind: 'Call', name: fn, args }), withNullable(plain(type), true), { signal: ctx.signal, field: column });
  };
  const v = {
    first: (column: string, offset = 0) => nav('FIRST', column, offset),
    last: (column: string, offset = 0) => nav('LAST', column, offset),
    // Flink rejects COUNT(A.*); the order column is never null, so counting it counts the rows
    count: () => new Expr(node({ kind: 'Aggregate', name: 'COUNT', args: [ref(orderBy)], distinct: false }), { kind: 'BIGINT', nullable: false }, ctx),
    agg: (fn: string, column: string) => {
      const type = requireColumn(state.fields, column, ctx, `${fn.toLowerCase()}()`);
      return new Expr(node({ kind: 'Aggregate', name: fn, args: [ref(column)], distinct: false }), aggregateType(fn, plain(type)), { signal: ctx.signal, field: column });
    },
  };
  return Object.freeze(v) as unknown as PatternVariable<F>;
}

const VARIABLE = /^[A-Za-z][A-Za-z0-9_]*$/;

/** @internal Builds the MATCH_RECOGNIZE query. */
export function matchQuery<F extends Fields, V extends string, P extends keyof F & string, M extends SelectShape>(
  q: Query<F>,
  spec: MatchSpec<F, V, P, M>,
): Query<Simplify<Pick<F, P> & ShapeFields<M>>> {
  const state = q.state;
  const ctx = state.ctx;
  if (spec === null || typeof spec !== 'object') throw dslError('DSL_INVALID_MATCH', ctx, 'match() needs { orderBy, define, pattern, measures }');
  const orderType = requireColumn(state.fields, spec.orderBy, ctx, 'match orderBy');
  if (!isTimeAttribute(orderType)) {
    throw dslError('DSL_WATERMARK_REQUIRED', { signal: ctx.signal, field: String(spec.orderBy) }, 'MATCH_RECOGNIZE must be ordered by a time attribute, and this column has no watermark', 'declare eventTime on the source');
  }
  if (state.changelog === 'update') throw dslError('DSL_MATCH_ON_UPDATES', { signal: ctx.signal, field: 'match' }, 'MATCH_RECOGNIZE needs an append-only input');
  if (spec.within === undefined && state.unbounded) {
    throw dslError('DSL_MATCH_WITHIN_REQUIRED', { signal: ctx.signal, field: 'within' }, 'MATCH_RECOGNIZE on an unbounded stream needs within (otherwise partial matches are kept forever)', "add within: '10 min'");
  }
  const partitionBy = [...(spec.partitionBy ?? [])];
  for (const p of partitionBy) requireColumn(state.fields, p, ctx, 'match partitionBy');
  const names = Object.keys(spec.define ?? {});
  if (names.length === 0) throw dslError('DSL_INVALID_MATCH', ctx, 'define needs at least one pattern variable');
  for (const n of names) if (!VARIABLE.test(n)) throw dslError('DSL_INVALID_MATCH', { signal: ctx.signal, field: n }, 'pattern variables are simple names such as A, UP, F1');
  const vars = Object.fromEntries(names.map((n) => [n, variable<F>(state, n, spec.orderBy)])) as { readonly [X in V]: PatternVariable<F> };
  const define = names.map((n) => {
    const fn = (spec.define as Record<string, (row: Columns<F>, v: typeof vars) => unknown>)[n];
    const e = call(ctx, `define ${n}`, () => fn?.(columnsOf(state.fields as F, ctx), vars));
    if (!isExpr(e) || e.type.kind !== 'BOOLEAN') throw dslError('DSL_TYPE_MISMATCH', { signal: ctx.signal, field: n }, 'a DEFINE condition must be a BOOLEAN expression');
    return { name: n, expr: e.node };
  });
  const terms = Object.fromEntries(names.map((n) => [n, new PatternTerm({ variable: n, quantifiers: [] })])) as { readonly [K in V]: PatternTerm };
  const patternOut = call(ctx, 'pattern', () => spec.pattern(terms));
  const list = Array.isArray(patternOut) ? patternOut : [patternOut];
  if (list.length === 0 || !list.every((p) => p instanceof PatternTerm)) throw dslError('DSL_INVALID_MATCH', { signal: ctx.signal, field: 'pattern' }, 'pattern must return pattern terms, e.g. p => [p.A, p.B.oneOrMore()]');
  const last = list[list.length - 1] as PatternTerm;
  if (last.greedyOptional) {
    throw dslError('DSL_MATCH_GREEDY_END', { signal: ctx.signal, field: 'pattern' }, `the pattern ends with the greedy optional '${last.text}', which Flink rejects`, 'make it reluctant (.reluctant()) or add a variable after it');
  }
  const measures = resolveItems(ctx, call(ctx, 'measures', () => spec.measures(vars)));
  const partitionFields = Object.fromEntries(partitionBy.map((p) => [p, plain(state.fields[p] as DataType)]));
  const measureFields = outputFields(ctx, measures, {});
  for (const m of Object.keys(measureFields)) {
    if (m in partitionFields) throw dslError('DSL_DUPLICATE_NAME', { signal: ctx.signal, field: m }, `measure '${m}' is also a partition column`);
  }
  const after = spec.afterMatch ?? 'skip-past-last-row';
  const afterMatch =
    after === 'skip-past-last-row' ? 'SKIP PAST LAST ROW' : after === 'skip-to-next-row' ? 'SKIP TO NEXT ROW' : 'toFirst' in after ? `SKIP TO FIRST ${after.toFirst}` : `SKIP TO LAST ${after.toLast}`;
  return q.derive({
    ...state,
    rel: node2({
      kind: 'Match',
      input: state.rel,
      where: state.where,
      partitionBy,
      orderBy: spec.orderBy,
      measures: measures.map((m) => ({ name: m.name, expr: m.expr.node })),
      pattern: list.map((p) => p.node),
      define,
      ...(spec.within === undefined ? {} : { within: parseDuration(spec.within, { signal: ctx.signal, field: 'within' }) }),
      afterMatch,
    }),
    fields: Object.freeze({ ...partitionFields, ...measureFields }),
    where: [],
    changelog: 'append',
    uniqueKey: undefined,
  }) as Query<Simplify<Pick<F, P> & ShapeFields<M>>>;
}
