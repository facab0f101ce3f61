import type { BooleanType, DataType, Fields } from '../types/data-type';
import type { ExprNode } from '../ast/expr-node';
import { node } from '../ast/expr-node';
import { dslError } from '../errors';
import type { Expr } from '../expr/expr';
import { isExpr } from '../expr/expr';
import type { Columns } from '../expr/row-proxy';
import { requireColumn } from '../expr/row-proxy';
import { comparable, isRowtime, isTimeAttribute, plain, withNullable } from '../expr/type-rules';
import type { SetNull } from '../expr/static-types';
import { interval } from '../expr/functions';
import type { Callback, Query, QueryState, SelectShape, ShapeFields, Simplify, WindowFields } from './query';
import type { WindowSpec } from './window';
import { windowNode } from './window';
import { call, isQuery, node2, outputFields, resolveItems } from './query-parts';

/** Join types of a regular join. */
export type JoinType = 'inner' | 'left' | 'right' | 'full';

/** The join flavours the DSL emits; they differ in state and changelog. */
type JoinKind = 'regular' | 'interval' | 'temporal' | 'window';

/** A join waiting for its `select((l, r) => ...)`. */
export class JoinedQuery<L extends Fields, R extends Fields> {
  /** @internal */
  constructor(
    private readonly left: Query<L>,
    private readonly right: Query<R>,
    private readonly type: JoinType,
    private readonly join: JoinKind,
    private readonly on: ExprNode,
    private readonly filters: readonly ExprNode[],
    private readonly asOf: ExprNode | undefined,
  ) {
    Object.freeze(this);
  }

  /** Filters joined rows. */
  where(predicate: (l: Columns<L>, r: Columns<R>) => Expr<BooleanType>): JoinedQuery<L, R> {
    const ctx = this.left.state.ctx;
    const e = call(ctx, 'where', () => predicate(this.left.columns('l'), this.right.columns('r')));
    if (!isExpr(e) || e.type.kind !== 'BOOLEAN') throw dslError('DSL_TYPE_MISMATCH', { signal: ctx.signal, field: 'where' }, 'where() needs a BOOLEAN expression');
    return new JoinedQuery(this.left, this.right, this.type, this.join, this.on, [...this.filters, e.node], this.asOf);
  }

  /** Names the output columns from both sides (`l` is the left row, `r` the right row). */
  select<S extends SelectShape>(shape: (l: Columns<L>, r: Columns<R>) => S): Query<Simplify<ShapeFields<S>>> {
    const state = this.left.state;
    const items = resolveItems(state.ctx, call(state.ctx, 'select', () => shape(this.left.columns('l'), this.right.columns('r'))));
    // interval joins keep the time attributes of both sides (Flink does), other joins drop them
    const keep = this.join === 'interval' ? { ...prefixed(this.left.fields, 'l'), ...prefixed(this.right.fields, 'r') } : {};
    const fields = Object.fromEntries(
      Object.entries(outputFields(state.ctx, items, {})).map(([name, type]) => {
        const item = items.find((i) => i.name === name);
        const n = item?.expr.node;
        const kept = n?.kind === 'Column' && n.qualifier !== undefined ? keep[`${n.qualifier}.${n.name}`] : undefined;
        return [name, kept !== undefined && isTimeAttribute(kept) ? kept : type];
      }),
    );
    const appendOnly =
      this.left.changelog === 'append' && this.right.changelog === 'append' && (this.join !== 'regular' || this.type === 'inner');
    return this.left.derive({
      ...state,
      rel: node2({
        kind: 'Join',
        type: this.type === 'inner' ? 'INNER' : this.type === 'left' ? 'LEFT' : this.type === 'right' ? 'RIGHT' : 'FULL',
        left: this.left.materialize(),
        right: this.right.materialize(),
        leftAlias: 'l',
        rightAlias: 'r',
        on: this.on,
        where: this.filters,
        items: items.map((i) => ({ name: i.name, expr: i.expr.node })),
        ...(this.asOf === undefined ? {} : { asOf: this.asOf }),
      }),
      fields,
      where: [],
      // window joins emit once per window, so every join type stays append-only
      changelog: appendOnly || this.join === 'temporal' || this.join === 'window' ? 'append' : 'update',
      uniqueKey: undefined,
      unbounded: this.left.state.unbounded || this.right.state.unbounded,
    }) as Query<Simplify<ShapeFields<S>>>;
  }
}

function prefixed(fields: Fields, alias: string): Record<string, DataType> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${alias}.${k}`, v]));
}

function onCondition<L extends Fields, R extends Fields>(left: Query<L>, right: Query<R>, on: (l: Columns<L>, r: Columns<R>) => Expr<BooleanType>): Expr<BooleanType> {
  const ctx = left.state.ctx;
  if (!isQuery(right)) throw dslError('DSL_INVALID_JOIN', ctx, 'join() needs a query or a source on the right');
  const e = call(ctx, 'join on', () => on(left.columns('l'), right.columns('r')));
  if (!isExpr(e) || e.type.kind !== 'BOOLEAN') throw dslError('DSL_TYPE_MISMATCH', { signal: ctx.signal, field: 'on' }, 'a join condition must be a BOOLEAN expression');
  return e as Expr<BooleanType>;
}

/** Fields made nullable: the side of an outer join that may have no match. */
export type NullableFields<F> = { readonly [K in keyof F]: SetNull<F[K], true> };

/** The left fields as seen after a join of type `J`. */
export type JoinLeft<F, J extends JoinType> = J extends 'right' | 'full' ? NullableFields<F> : F;
/** The right fields as seen after a join of type `J`. */
export type JoinRight<F, J extends JoinType> = J extends 'left' | 'full' ? NullableFields<F> : F;

function nullableSide<F extends Fields>(q: Query<F>): Query<F> {
  const fields = Object.fromEntries(Object.entries(q.fields).map(([k, v]) => [k, withNullable(plain(v), true)]));
  return q.derive<F>({ ...q.state, fields: Object.freeze(fields) });
}

/** @internal `JOIN ... ON ...`; the outer side's columns become nullable. */
export function regularJoin<L extends Fields, R extends Fields, J extends JoinType>(left: Query<L>, right: Query<R>, on: (l: Columns<L>, r: Columns<R>) => Expr<BooleanType>, type: J): JoinedQuery<JoinLeft<L, J> & Fields, JoinRight<R, J> & Fields> {
  const cond = onCondition(left, right, on);
  const l = type === 'right' || type === 'full' ? nullableSide(left) : left;
  const r = type === 'left' || type === 'full' ? nullableSide(right) : right;
  return new JoinedQuery(l, r, type, 'regular', cond.node, [], undefined) as unknown as JoinedQuery<JoinLeft<L, J> & Fields, JoinRight<R, J> & Fields>;
}

/** Options of an interval join. */
export interface IntervalJoinOptions<L extends Fields, R extends Fields> {
  readonly on: Callback<[l: Columns<L>, r: Columns<R>], Expr<BooleanType>>;
  /** Event-time columns of both sides: `['ts', 'ts']`. */
  readonly time: readonly [keyof L & string, keyof R & string];
  /** `r.time BETWEEN l.time + lower AND l.time + upper`, e.g. `['0 s', '10 min']` or `['-1 min', '1 min']`. */
  readonly between: readonly [string, string];
  /**
   * `'left'`: every left row comes out, a left row without a match once the watermark passes its interval's
   * end, with the right columns NULL (still append-only: Flink emits it only when no match can come).
   */
  readonly type?: 'inner' | 'left';
}

/** @internal An interval join: bounded state, append-only output. */
export function intervalJoin<L extends Fields, R extends Fields>(left: Query<L>, right: Query<R>, options: IntervalJoinOptions<L, R>): JoinedQuery<L, R> {
  const ctx = left.state.ctx;
  const cond = onCondition(left, right, options.on);
  const [lt, rt] = options.time ?? [];
  const ltType = requireColumn(left.fields, lt, ctx, 'interval join time');
  const rtType = requireColumn(right.fields, rt, right.state.ctx, 'interval join time');
  for (const [name, type] of [[lt, ltType], [rt, rtType]] as const) {
    if (!isTimeAttribute(type)) throw dslError('DSL_WATERMARK_REQUIRED', { signal: ctx.signal, field: String(name) }, 'an interval join needs time attributes on both sides', 'declare eventTime on both sources');
  }
  if (ltType.kind !== rtType.kind) throw dslError('DSL_TYPE_MISMATCH', { signal: ctx.signal, field: String(rt) }, `interval join times differ: ${ltType.kind} and ${rtType.kind}`);
  const [lower, upper] = options.between;
  const lcol = left.columns('l')[lt as keyof L] as Expr<DataType>;
  const rcol = right.columns('r')[rt as keyof R] as Expr<DataType>;
  const low = node({ kind: 'Binary', op: '+', left: lcol.node, right: interval(lower).node });
  const high = node({ kind: 'Binary', op: '+', left: lcol.node, right: interval(upper).node });
  const bounds = node({ kind: 'Between', operand: rcol.node, low, high });
  const on = node({ kind: 'Binary', op: 'AND', left: cond.node, right: bounds });
  if (options.type === 'left') return new JoinedQuery(left, nullableSide(right), 'left', 'interval', on, [], undefined);
  if (options.type !== undefined && options.type !== 'inner') throw dslError('DSL_INVALID_JOIN', { signal: ctx.signal, field: 'type' }, `an interval join is 'inner' or 'left', got '${String(options.type)}'`);
  return new JoinedQuery(left, right, 'inner', 'interval', on, [], undefined);
}

/** @internal `JOIN versioned FOR SYSTEM_TIME AS OF l.time ON ...` */
export function temporalJoin<L extends Fields, R extends Fields>(left: Query<L>, right: Query<R>, options: { readonly on: (l: Columns<L>, r: Columns<R>) => Expr<BooleanType>; readonly asOf: keyof L & string; readonly type?: 'inner' | 'left' }): JoinedQuery<L, R> {
  const ctx = left.state.ctx;
  const cond = onCondition(left, right, options.on);
  const rel = right.state.rel;
  if (rel.kind !== 'Scan' || right.state.where.length > 0 || rel.source.primaryKey.length === 0 || rel.source.eventTime === undefined) {
    throw dslError('DSL_TEMPORAL_NOT_VERSIONED', { signal: ctx.signal, field: rel.kind === 'Scan' ? rel.source.name : 'right' }, 'a temporal join needs a versioned table on the right: a source with a primaryKey and an eventTime', 'use upsertKafka.source(...) with primaryKey and eventTime');
  }
  const type = requireColumn(left.fields, options.asOf, ctx, 'asOf');
  if (!isRowtime(type)) throw dslError('DSL_WATERMARK_REQUIRED', { signal: ctx.signal, field: String(options.asOf) }, 'FOR SYSTEM_TIME AS OF needs the left event-time column (with a watermark)');
  return new JoinedQuery(left, right, options.type ?? 'inner', 'temporal', cond.node, [], node({ kind: 'Column', name: options.asOf, qualifier: 'l' }));
}

/** Options of a window join. */
export interface WindowJoinOptions<L extends Fields, R extends Fields> {
  /** The same window TVF on both sides, over each side's event-time column: `tumble('ts', '5 min')`. */
  readonly window: WindowSpec<keyof L & keyof R & string>;
  /** The key condition; `window_start`/`window_end` equality is added. */
  readonly on: Callback<[l: Columns<L & WindowFields>, r: Columns<R & WindowFields>], Expr<BooleanType>>;
  readonly type?: JoinType;
}

/** @internal Both inputs windowed by the same TVF, joined per window (append-only, state freed per window). */
export function windowJoin<L extends Fields, R extends Fields>(left: Query<L>, right: Query<R>, options: WindowJoinOptions<L, R>): JoinedQuery<L & WindowFields, R & WindowFields> {
  const ctx = left.state.ctx;
  if (!isQuery(right)) throw dslError('DSL_INVALID_JOIN', ctx, 'windowJoin() needs a query or a source on the right');
  const windowed = <F extends Fields>(q: Query<F>): Query<F & WindowFields> => {
    const spec = options.window;
    const type = requireColumn(q.fields, spec?.column, ctx, 'window join');
    if (!isRowtime(type)) {
      throw dslError('DSL_WATERMARK_REQUIRED', { signal: ctx.signal, field: String(spec.column) }, 'a window join needs event-time columns with watermarks on both sides');
    }
    if (q.changelog === 'update') throw dslError('DSL_WINDOW_ON_UPDATES', { signal: ctx.signal, field: String(spec.column) }, 'window joins need append-only inputs');
    const names = Object.keys(q.fields);
    const items = [...names, 'window_start', 'window_end'].map((name) => ({ name, expr: node({ kind: 'Column', name }) }));
    const fields = { ...Object.fromEntries(names.map((n) => [n, plain(q.fields[n] as DataType)])), ...WINDOW_COLUMNS };
    return q.derive<F & WindowFields>({
      ...q.state,
      rel: node2({ kind: 'Select', input: q.materialize(), items, where: [], window: windowNode(spec, ctx) }),
      fields: Object.freeze(fields),
      where: [],
    });
  };
  const l = windowed(left);
  const r = windowed(right);
  const cond = onCondition(l, r, options.on);
  const lc = l.columns('l') as unknown as Record<string, Expr<DataType>>;
  const rc = r.columns('r') as unknown as Record<string, Expr<DataType>>;
  const same = (c: string): ExprNode => node({ kind: 'Binary', op: '=', left: (lc[c] as Expr<DataType>).node, right: (rc[c] as Expr<DataType>).node });
  const on = node({ kind: 'Binary', op: 'AND', left: cond.node, right: node({ kind: 'Binary', op: 'AND', left: same('window_start'), right: same('window_end') }) });
  return new JoinedQuery(l, r, options.type ?? 'inner', 'window', on, [], undefined);
}

const WINDOW_COLUMNS: Fields = Object.freeze({
  window_start: Object.freeze({ kind: 'TIMESTAMP', nullable: false, precision: 3 }),
  window_end: Object.freeze({ kind: 'TIMESTAMP', nullable: false, precision: 3 }),
});

/** Options of deduplication. */
export interface DeduplicateOptions<F extends Fields> {
  readonly partitionBy: readonly (keyof F & string)[];
  /** A time attribute. */
  readonly orderBy: keyof F & string;
  /** Keep the first row per key (append-only with event time order) or the last (updating). */
  readonly keep: 'first' | 'last';
}

/** @internal ROW_NUMBER() = 1 per key. */
export function deduplicate<F extends Fields>(q: Query<F>, options: DeduplicateOptions<F>): Query<F> {
  const ctx = q.state.ctx;
  for (const p of options.partitionBy) requireColumn(q.fields, p, ctx, 'deduplicate partitionBy');
  const type = requireColumn(q.fields, options.orderBy, ctx, 'deduplicate orderBy');
  if (!isTimeAttribute(type)) throw dslError('DSL_WATERMARK_REQUIRED', { signal: ctx.signal, field: String(options.orderBy) }, 'deduplication orders by a time attribute; this column has none');
  return rank(q, options.partitionBy, [{ column: options.orderBy, desc: options.keep === 'last' }], 1, options.keep === 'first' ? 'append' : 'update', [...options.partitionBy]);
}

/** Options of top-N. */
export interface TopNOptions<F extends Fields> {
  readonly n: number;
  readonly partitionBy?: readonly (keyof F & string)[];
  readonly orderBy: { readonly [K in keyof F & string]?: 'asc' | 'desc' };
  /**
   * Outputs the row number (1..n, BIGINT NOT NULL) under this name: `ROW_NUMBER() OVER (...) AS rank`.
   * The result is keyed by the partition columns and this column (upsert into a sink keyed by them).
   */
  readonly rowNumber?: string;
}

/** @internal The first `n` rows per key (an updating query). */
export function topN<F extends Fields>(q: Query<F>, options: TopNOptions<F>): Query<F> {
  const ctx = q.state.ctx;
  if (!Number.isInteger(options.n) || options.n < 1) throw dslError('DSL_INVALID_OPTION', { signal: ctx.signal, field: 'n' }, `top-N needs n >= 1, got ${String(options.n)}`);
  const partition = [...(options.partitionBy ?? [])];
  for (const p of partition) requireColumn(q.fields, p, ctx, 'topN partitionBy');
  const order = Object.entries(options.orderBy ?? {}).map(([column, dir]) => {
    requireColumn(q.fields, column, ctx, 'topN orderBy');
    return { column, desc: dir === 'desc' };
  });
  if (order.length === 0) throw dslError('DSL_INVALID_OPTION', { signal: ctx.signal, field: 'orderBy' }, 'top-N needs orderBy');
  const rowNumber = options.rowNumber;
  // Flink keeps the input's upsert key when it holds the partition columns (a row stays one row)
  const inputKey = q.state.uniqueKey !== undefined && partition.every((p) => q.state.uniqueKey?.includes(p) === true) ? [...q.state.uniqueKey] : undefined;
  if (rowNumber === undefined) return rank(q, partition, order, options.n, 'update', inputKey);
  if (typeof rowNumber !== 'string' || rowNumber.length === 0) throw dslError('DSL_INVALID_OPTION', { signal: ctx.signal, field: 'rowNumber' }, 'rowNumber names the output column of the row number, e.g. \'rank\'');
  if (rowNumber in q.fields) throw dslError('DSL_DUPLICATE_NAME', { signal: ctx.signal, field: rowNumber }, `rowNumber '${rowNumber}' is already a column of the input`, 'pick another name for the row number');
  // Flink's upsert key of a Top-N that outputs its row number: the partition columns and the row number
  return rank(q, partition, order, options.n, 'update', [...partition, rowNumber], rowNumber);
}

function rank<F extends Fields>(q: Query<F>, partitionBy: readonly string[], orderBy: { column: string; desc: boolean }[], limit: number, changelog: 'append' | 'update', uniqueKey: string[] | undefined, rowNumber?: string): Query<F> {
  const fields: Record<string, DataType> = Object.fromEntries(Object.entries(q.fields).map(([k, v]) => [k, changelog === 'append' ? v : plain(v)]));
  if (rowNumber !== undefined) fields[rowNumber] = Object.freeze({ kind: 'BIGINT', nullable: false });
  return q.derive<F>({
    ...q.state,
    rel: node2({ kind: 'Rank', input: q.state.rel, where: q.state.where, columns: Object.keys(q.fields), partitionBy, orderBy, limit, ...(rowNumber === undefined ? {} : { rowNumber }) }),
    fields: Object.freeze(fields),
    where: [],
    changelog: q.changelog === 'update' ? 'update' : changelog,
    uniqueKey,
  });
}

/** @internal `UNION ALL` of queries with the same columns. */
export function unionAll<F extends Fields>(first: Query<F>, others: readonly Query<F>[]): Query<F> {
  const ctx = first.state.ctx;
  const names = Object.keys(first.fields);
  for (const o of others) {
    if (!isQuery(o)) throw dslError('DSL_INVALID_UNION', ctx, 'unionAll() takes queries');
    const other = Object.keys(o.fields);
    if (other.join(',') !== names.join(',')) throw dslError('DSL_UNION_MISMATCH', { signal: ctx.signal, field: other.find((n, i) => n !== names[i]) ?? names[other.length] ?? '?' }, `UNION ALL inputs need the same columns in the same order: (${names.join(', ')}) vs (${other.join(', ')})`);
    for (const n of names) {
      const a = first.fields[n] as DataType;
      const b = o.fields[n] as DataType;
      if (!comparable(a, b) || a.kind !== b.kind) throw dslError('DSL_UNION_MISMATCH', { signal: ctx.signal, field: n }, `column '${n}' is ${a.kind} in one input and ${b.kind} in another`);
    }
  }
  const all = [first, ...others];
  return first.derive<F>({
    ...first.state,
    rel: node2({ kind: 'Union', inputs: all.map((q) => q.materialize()) }),
    where: [],
    changelog: all.some((q) => q.changelog === 'update') ? 'update' : 'append',
    uniqueKey: undefined,
    unbounded: all.some((q) => q.state.unbounded),
  });
}
