import type { DataType, Fields } from '../types/data-type';
import type { ExprNode } from '../ast/expr-node';
import { node, walkExpr } from '../ast/expr-node';
import type { SelectItem, WindowTvfNode } from '../ast/rel-node';
import { dslError } from '../errors';
import type { Columns } from '../expr/row-proxy';
import { columnsOf, requireColumn } from '../expr/row-proxy';
import { plain } from '../expr/type-rules';
import type { Query, QueryState, SelectShape, ShapeFields, Simplify, WindowFields } from './query';
import type { ResolvedItem } from './query-parts';
import { call, node2, outputFields, resolveItems, toItem, type MakeQuery } from './query-parts';
import { hasWindowBounds, passesBounds } from './changelog';

// Grouped and windowed aggregation: GROUP BY, window TVFs with window_start/window_end.

/**
 * A grouped query waiting for its aggregate `select` (or `keys()` for the distinct keys). `KF` are the
 * key columns of the output: the grouped columns, or the named expressions of `groupBy(r => ({ ... }))`.
 */
export class GroupedQuery<F extends Fields, K extends keyof F & string, KF extends Fields = Pick<F, K>> {
  /** @internal */
  constructor(
    private readonly make: MakeQuery,
    private readonly state: QueryState,
    private readonly groupKeys: readonly K[],
    private readonly window: WindowTvfNode | undefined,
    private readonly keyExprs?: readonly ResolvedItem[],
  ) {
    Object.freeze(this);
  }
  /** The aggregates per group; the output has the group columns first, then these. `() => ({})` selects the keys only. */
  select<S extends SelectShape>(shape: (r: Columns<F>) => S): Query<Simplify<KF & ShapeFields<S>>> {
    const ctx = this.state.ctx;
    const raw = call(ctx, 'select', () => shape(columnsOf(this.state.fields as F, ctx)));
    // nothing but the keys: the distinct keys (a GROUP BY without aggregates)
    const keysOnly = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length === 0 && (this.groupKeys.length > 0 || (this.keyExprs?.length ?? 0) > 0);
    const items = keysOnly ? [] : resolveItems(ctx, raw);
    if (this.keyExprs === undefined) {
      const keyItems = this.groupKeys.map((k) => ({ name: k, expr: node({ kind: 'Column', name: k }) as ExprNode }));
      return aggregateQuery(this.make, this.state, items, keyItems, this.groupKeys, this.window) as Query<Simplify<KF & ShapeFields<S>>>;
    }
    const keyItems = this.keyExprs.map(toItem);
    const names = keyItems.map((k) => k.name);
    const state = { ...this.state, fields: { ...this.state.fields, ...outputFields(ctx, this.keyExprs, {}) } };
    return aggregateQuery(this.make, state, items, keyItems, names, this.window) as Query<Simplify<KF & ShapeFields<S>>>;
  }
  /**
   * The distinct keys: `SELECT keys FROM ... GROUP BY keys` (an updating query keyed by them).
   *
   * @example
   * ```ts
   * from(trades).groupBy('symbol').keys()   // SELECT `symbol` FROM `trades` GROUP BY `symbol`
   * ```
   */
  keys(): Query<Simplify<KF>> {
    return this.select(() => ({})) as unknown as Query<Simplify<KF>>;
  }
}

/** A windowed query waiting for `groupBy(...)` and/or `select(...)`. */
export class WindowedQuery<F extends Fields> {
  /** @internal */
  constructor(
    private readonly make: MakeQuery,
    private readonly state: QueryState,
    private readonly spec: WindowTvfNode,
  ) {
    Object.freeze(this);
  }
  /** Groups each window by these columns. */
  groupBy<K extends keyof F & string>(...keys: K[]): WindowedGroupedQuery<F, K>;
  /** Groups each window by named expressions: `groupBy(r => ({ bucket: floor(r.price) }))`; the keys follow `window_end`. */
  groupBy<KS extends SelectShape>(keys: (r: Columns<F>) => KS): WindowedGroupedQuery<F, never, ShapeFields<KS>>;
  groupBy(...keys: unknown[]): WindowedGroupedQuery<F, keyof F & string, Fields> {
    const first = keys[0];
    if (keys.length === 1 && typeof first === 'function') {
      const items = resolveItems(this.state.ctx, call(this.state.ctx, 'groupBy', () => (first as (r: Columns<F>) => unknown)(columnsOf(this.state.fields as F, this.state.ctx))));
      return new WindowedGroupedQuery<F, never, Fields>(this.make, this.state, [], this.spec, items);
    }
    for (const k of keys) requireColumn(this.state.fields, k, this.state.ctx, 'groupBy');
    return new WindowedGroupedQuery<F, keyof F & string, Fields>(this.make, this.state, keys as (keyof F & string)[], this.spec);
  }
  /** Aggregates over each whole window. */
  select<S extends SelectShape>(shape: (r: Columns<F & WindowFields>) => S): Query<Simplify<WindowFields & ShapeFields<S>>> {
    return new WindowedGroupedQuery<F, never>(this.make, this.state, [], this.spec).select(shape) as Query<Simplify<WindowFields & ShapeFields<S>>>;
  }
}

/** A windowed, grouped query waiting for its aggregate `select`; `KF` are the key columns (see {@link GroupedQuery}). */
export class WindowedGroupedQuery<F extends Fields, K extends keyof F & string, KF extends Fields = Pick<F, K>> {
  /** @internal */
  constructor(
    private readonly make: MakeQuery,
    private readonly state: QueryState,
    private readonly keys: readonly K[],
    private readonly spec: WindowTvfNode,
    private readonly keyExprs?: readonly ResolvedItem[],
  ) {
    Object.freeze(this);
  }
  /** The aggregates per window and group: output `window_start`, `window_end`, the keys, then these. */
  select<S extends SelectShape>(shape: (r: Columns<F & WindowFields>) => S): Query<Simplify<WindowFields & KF & ShapeFields<S>>> {
    const windowFields = { ...this.state.fields, ...WINDOW_FIELDS };
    const items = resolveItems(this.state.ctx, call(this.state.ctx, 'select', () => shape(columnsOf(windowFields as F & WindowFields, this.state.ctx))));
    const keyItems = [
      { name: 'window_start', expr: node({ kind: 'Column', name: 'window_start' }) as ExprNode },
      { name: 'window_end', expr: node({ kind: 'Column', name: 'window_end' }) as ExprNode },
      ...(this.keyExprs === undefined ? this.keys.map((k) => ({ name: k, expr: node({ kind: 'Column', name: k }) as ExprNode })) : this.keyExprs.map(toItem)),
    ];
    const keyFields = this.keyExprs === undefined ? {} : outputFields(this.state.ctx, this.keyExprs, {});
    const names = this.keyExprs === undefined ? this.keys : this.keyExprs.map((k) => k.name);
    return aggregateQuery(this.make, { ...this.state, fields: { ...windowFields, ...keyFields } }, items, keyItems, names, this.spec) as Query<Simplify<WindowFields & KF & ShapeFields<S>>>;
  }
}

const WINDOW_FIELDS: Fields = Object.freeze({
  window_start: Object.freeze({ kind: 'TIMESTAMP', nullable: false, precision: 3 }),
  window_end: Object.freeze({ kind: 'TIMESTAMP', nullable: false, precision: 3 }),
});

/** @internal An aggregate SELECT (grouped, windowed or global). */
export function aggregateQuery(make: MakeQuery, state: QueryState, items: readonly ResolvedItem[], keyItems: readonly SelectItem[], keys: readonly string[], window: WindowTvfNode | undefined): Query<Fields> {
  const ctx = state.ctx;
  // only a key that is a column of the input can appear outside an aggregate (an expression key is output anyway)
  const allowed = new Set(keyItems.filter((k) => k.expr.kind === 'Column' && k.expr.name === k.name).map((k) => k.name));
  const fields: Record<string, DataType> = {};
  for (const k of keyItems) {
    const type = state.fields[k.name];
    if (type !== undefined) fields[k.name] = plain(type);
    walkExpr(k.expr, (n) => {
      if (n.kind === 'Aggregate' || n.kind === 'Over') throw dslError('DSL_AGGREGATE_NOT_ALLOWED', { signal: ctx.signal, field: k.name }, 'a GROUP BY key cannot contain an aggregate');
    });
  }
  for (const item of items) {
    if (item.name in fields) throw dslError('DSL_DUPLICATE_NAME', { signal: ctx.signal, field: item.name }, `output column '${item.name}' is also a group or window column`);
    walkExpr(item.expr.node, (n, inside) => {
      if (n.kind === 'Over') throw dslError('DSL_OVER_WITH_GROUP_BY', { signal: ctx.signal, field: item.name }, 'OVER aggregates cannot be mixed with GROUP BY aggregates');
      if (n.kind === 'Aggregate' && window?.kind === 'Session' && (n.name === 'FIRST_VALUE' || n.name === 'LAST_VALUE')) {
        throw dslError('DSL_AGGREGATE_NOT_MERGEABLE', { signal: ctx.signal, field: item.name }, `${n.name} cannot run in SESSION windows (Flink merges session windows, and ${n.name} has no merge)`, 'use MIN/MAX, or a TUMBLE/HOP window');
      }
      if (n.kind === 'Column' && !inside && !allowed.has(n.name)) {
        throw dslError('DSL_NOT_GROUPED', { signal: ctx.signal, field: item.name }, `column '${n.name}' is neither grouped nor aggregated`, `add '${n.name}' to groupBy, or wrap it in an aggregate such as lastValue()`);
      }
    });
  }
  Object.assign(fields, outputFields(ctx, items, {}));
  const groupBy = keyItems.map((k) => k.expr);
  const windowed = window !== undefined;
  // a GROUP BY on both bounds of a window aggregate's output is planned by Flink as another window
  // aggregate (append-only), not as a group aggregate
  const regroupsWindow = !windowed && state.changelog === 'append' && passesBounds(keyItems) && hasWindowBounds(state.rel);
  return make({
    ...state,
    rel: node2({
      kind: 'Select',
      input: state.rel,
      items: [...keyItems, ...items.map(toItem)],
      where: state.where,
      groupBy,
      ...(window === undefined ? {} : { window }),
    }),
    fields: Object.freeze(fields),
    where: [],
    // window aggregates emit final rows once per window; group aggregates update their rows
    changelog: windowed || regroupsWindow ? 'append' : 'update',
    uniqueKey: windowed ? [...keyItems.map((k) => k.name)] : [...keys],
  });
}
