import type { RelNode } from '../ast/rel-node';
import type { CreateViewNode, QueryNode } from '../ast/statement-node';
import { unreachable } from '../dialect';
import { namedInputOf, viewQueryOf } from './compile-query';

/** The views of a signal's query so far (named `<signal>_step<n>`). */
interface ViewScope {
  readonly signal: string;
  readonly views: CreateViewNode[];
}

/**
 * A signal's query as statements hold it: the temporary views it needs (inputs of window TVFs,
 * MATCH_RECOGNIZE and temporal joins must be named relations), in the order they must be created,
 * and the query that reads them. Pure structure: compileStatement renders both.
 *
 * @example
 * ```ts
 * const { views, query } = queryWithViews(spikes.query.materialize(), 'price_spike')
 * views.map((v) => v.name) // ['price_spike_step1']: the MATCH_RECOGNIZE input with its WHERE
 * ```
 */
export function queryWithViews(rel: RelNode, signal: string): { readonly query: QueryNode; readonly views: readonly CreateViewNode[] } {
  const scope: ViewScope = { signal, views: [] };
  const query = queryOf(rel, scope);
  return { query, views: scope.views };
}

/** `rel` with the views it reads, each planned (with the views it reads in turn) into `scope`. */
function queryOf(rel: RelNode, scope: ViewScope): QueryNode {
  const views: { at: RelNode; name: string }[] = [];
  visit(rel, scope, views);
  return Object.freeze({ rel, views: Object.freeze(views) });
}

// Visits the places that need a named relation in the order compileQuery meets them.
function visit(rel: RelNode, scope: ViewScope, used: { at: RelNode; name: string }[]): void {
  switch (rel.kind) {
    case 'Scan':
    case 'RawQuery':
      return;
    case 'Select':
      if (rel.window === undefined) return visit(rel.input, scope, used);
      return named(rel, scope, used);
    case 'Match':
      return named(rel, scope, used);
    case 'Join':
      visit(rel.left, scope, used);
      return rel.asOf === undefined ? visit(rel.right, scope, used) : named(rel, scope, used);
    case 'Rank':
      return visit(rel.input, scope, used);
    case 'Union':
      for (const i of rel.inputs) visit(i, scope, used);
      return;
    default:
      return unreachable(rel);
  }
}

function named(at: RelNode, scope: ViewScope, used: { at: RelNode; name: string }[]): void {
  const input = namedInputOf(at);
  if (input === undefined || (input.rel.kind === 'Scan' && input.where.length === 0)) return;
  // Numbered before its own input's views are planned, as the SQL has always named them.
  const name = `${scope.signal}_step${scope.views.length + 1}`;
  const query = queryOf(viewQueryOf(input), scope);
  scope.views.push(Object.freeze({ kind: 'CreateView', name, temporary: true, query }));
  used.push({ at, name });
}
