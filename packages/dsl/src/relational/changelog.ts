import type { ExprNode, RawNode } from '../ast/expr-node';
import { walkExpr } from '../ast/expr-node';
import type { RelNode, SelectItem } from '../ast/rel-node';
import type { QueryState } from './query';

// Where the DSL's changelog inference needs more than "aggregates update": what Flink's planner does
// with window bounds, and the user's word on raw SQL fragments. The integration test
// changelog-verdict.test.ts compares the result with EXPLAIN CHANGELOG_MODE for every golden and example.

const BOUNDS = ['window_start', 'window_end'] as const;

/**
 * True when `window_start` and `window_end` of the relation are still a window's bounds: the output
 * of a window aggregate, passed on unchanged by selects (and by a regrouping that keeps both). Flink
 * then plans a GROUP BY on both as another window aggregate, which only appends.
 */
export function hasWindowBounds(rel: RelNode): boolean {
  if (rel.kind !== 'Select') return false;
  if (rel.window !== undefined) return true;
  return passesBounds(rel.items) && hasWindowBounds(rel.input);
}

/** True when both bounds are items that pass a column of the same name through (a key or a plain select). */
export function passesBounds(items: readonly SelectItem[]): boolean {
  return BOUNDS.every((b) => items.some((i) => i.name === b && i.expr.kind === 'Column' && i.expr.name === b));
}

/**
 * True when a filter on an updating query reads a column outside its unique key. Flink cannot then
 * forward updates by key alone (a row may leave the filter), so it asks for the before-images
 * (UPDATE_BEFORE) and the sink receives a retract stream.
 */
export function filtersBeyondKey(state: QueryState, predicate: ExprNode): boolean {
  if (state.changelog !== 'update') return false;
  const key = state.uniqueKey ?? [];
  let beyond = false;
  walkExpr(predicate, (n) => {
    if (n.kind === 'Column' && !key.includes(n.name)) beyond = true;
  });
  return beyond;
}

/**
 * True when the relation still carries a filter that needed before-images: from the top, through
 * plain selects (projections and filters, Flink's Calc), down to the relation it was applied on.
 * Any stateful operator in between (aggregate, join, Top-N, ...) makes its own changelog anew.
 */
export function carriesFilteredUpdates(rel: RelNode, filtered: RelNode | undefined): boolean {
  let at: RelNode = rel;
  for (;;) {
    if (at === filtered) return true;
    if (at.kind !== 'Select' || at.groupBy !== undefined || at.window !== undefined) return false;
    at = at.input;
  }
}

/** True when an expression holds a raw SQL fragment declared `{ updating: true }`. */
export function declaresUpdating(exprs: readonly ExprNode[]): boolean {
  let found = false;
  for (const e of exprs) {
    walkExpr(e, (n) => {
      if (n.kind === 'Raw' && (n as RawNode).updating === true) found = true;
    });
  }
  return found;
}

/**
 * A query state with the user's declarations applied: a relation whose own expressions (items,
 * filters, pending filters) hold a rawSql fragment declared updating is updating, with no known key.
 * The inputs were checked when they were built, so only the top relation is looked at.
 */
export function withDeclaredChangelog(state: QueryState): QueryState {
  if (state.changelog === 'update') return state;
  const own: ExprNode[] = [...state.where, ...ownExprs(state.rel)];
  return declaresUpdating(own) ? { ...state, changelog: 'update', uniqueKey: undefined } : state;
}

function ownExprs(rel: RelNode): readonly ExprNode[] {
  switch (rel.kind) {
    case 'Select':
      return [...rel.items.map((i) => i.expr), ...rel.where, ...(rel.groupBy ?? []), ...(rel.having === undefined ? [] : [rel.having])];
    case 'Join':
      return [...rel.items.map((i) => i.expr), ...rel.where, rel.on];
    case 'Match':
      return [...rel.where, ...rel.measures.map((m) => m.expr), ...rel.define.map((d) => d.expr)];
    case 'Rank':
      return rel.where;
    case 'Scan':
    case 'Union':
    case 'RawQuery':
      return [];
  }
}
