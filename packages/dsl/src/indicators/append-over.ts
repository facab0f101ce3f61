import type { DataType, Fields } from '../types/data-type';
import type { ExprNode, OverWindowNode } from '../ast/expr-node';
import { walkExpr } from '../ast/expr-node';
import type { SelectNode } from '../ast/rel-node';
import { compileOverWindow } from '../compiler/compile-expr';
import type { Expr } from '../expr/expr';
import type { Columns } from '../expr/row-proxy';
import { columnsOf } from '../expr/row-proxy';
import { plain } from '../expr/type-rules';
import { Query } from '../relational/query';

/**
 * @internal Adds OVER-aggregate columns to a query. When the query is itself a SELECT of pass-through
 * columns and OVER aggregates with the same window, and the new columns only read pass-through columns,
 * the new columns join that SELECT instead of wrapping it: one operator instead of two, and it avoids a
 * Flink 2.2 planner error on three nested OVER selects with the same window ("Field names must be
 * unique. Found duplicates: [w0$o0]").
 */
export function appendOver(query: Query<Fields>, build: (cols: Columns<Fields>) => Record<string, Expr<DataType>>): Query<Fields> {
  const cols = columnsOf(query.fields, query.state.ctx);
  const added = build(cols);
  const merged = tryMerge(query, added);
  if (merged !== undefined) return merged;
  return query.select((r) => ({ ...Object.fromEntries(Object.keys(query.fields).map((n) => [n, r[n] as Expr<DataType>])), ...added }));
}

function tryMerge(query: Query<Fields>, added: Record<string, Expr<DataType>>): Query<Fields> | undefined {
  const rel = query.state.rel;
  if (rel.kind !== 'Select' || rel.window !== undefined || rel.groupBy !== undefined || rel.having !== undefined) return undefined;
  if (query.state.where.length > 0) return undefined;
  const inner = windowsOf(rel.items.map((i) => i.expr));
  const outer = windowsOf(Object.values(added).map((e) => e.node));
  if (inner.size !== 1 || outer.size !== 1 || [...inner][0] !== [...outer][0]) return undefined;
  const passThrough = new Set(rel.items.filter((i) => i.expr.kind === 'Column' && i.expr.qualifier === undefined && i.expr.name === i.name).map((i) => i.name));
  let readsOnlyPassThrough = true;
  for (const e of Object.values(added)) {
    walkExpr(e.node, (n) => {
      if (n.kind === 'Column' && (n.qualifier !== undefined || !passThrough.has(n.name))) readsOnlyPassThrough = false;
    });
  }
  if (!readsOnlyPassThrough) return undefined;
  const items = [...rel.items, ...Object.entries(added).map(([name, e]) => Object.freeze({ name, expr: e.node }))];
  const fields: Record<string, DataType> = { ...query.fields };
  for (const [name, e] of Object.entries(added)) fields[name] = plain(e.type);
  const next: SelectNode = Object.freeze({ ...rel, items });
  return new Query({ ...query.state, rel: next, fields: Object.freeze(fields) });
}

function windowsOf(exprs: readonly ExprNode[]): Set<string> {
  const out = new Set<string>();
  for (const e of exprs) {
    walkExpr(e, (n) => {
      if (n.kind === 'Over') out.add(compileOverWindow(n.window as OverWindowNode));
    });
  }
  return out;
}
