import type { DataType, Fields } from '../types/data-type';
import type { RelNode, SelectItem } from '../ast/rel-node';
import type { DslContext } from '../errors';
import type { DslErrorCode } from '../error-codes';
import { NO_SIGNAL, dslError } from '../errors';
import { isSluiceError } from '@sluice/errors';
import type { Expr } from '../expr/expr';
import { isExpr, toExpr } from '../expr/expr';
import { plain } from '../expr/type-rules';
import type { Query, QueryState } from './query';

// What the query builders share, apart from the Query class: they make queries with `q.derive(state)`
// and recognise them with isQuery, so no builder imports query.ts at run time (no import ring).

/** @internal How a builder of another file makes a query: `q.derive`, handed over by the query it starts from. */
export type MakeQuery = (state: QueryState) => Query<Fields>;

/** @internal A query (made by the builders in this folder), not a source. */
export function isQuery(x: unknown): x is Query<Fields> {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'Query';
}

/** @internal */
export interface ResolvedItem {
  readonly name: string;
  readonly expr: Expr<DataType>;
}

/** @internal Freezes a relational node. */
export function node2<N extends RelNode>(n: N): N {
  return Object.freeze(n);
}

/** @internal Runs a user callback; a raw JS error inside it becomes a DSL error naming the signal. */
export function call<R>(ctx: DslContext, what: string, fn: () => R): R {
  try {
    return fn();
  } catch (e) {
    if (isSluiceError(e)) {
      const details = e.details as { signal?: string; field?: string } | undefined;
      // expression helpers (interval(), lit(), ...) do not know the signal; name it here
      if (details?.signal === NO_SIGNAL.signal) {
        const where = `signal '${NO_SIGNAL.signal}'`;
        const field = details.field ?? what;
        const message = e.message.replace(new RegExp(`^${where.replace(/[()]/g, '\\$&')}(, field '[^']*')?: `), '');
        throw dslError(e.code as DslErrorCode, { signal: ctx.signal, field }, message, e.suggestion);
      }
      throw e;
    }
    throw dslError('DSL_INVALID_EXPRESSION', { signal: ctx.signal, field: what }, `${what} callback failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** @internal */
export function resolveItems(ctx: DslContext, shape: unknown): ResolvedItem[] {
  if (shape === null || typeof shape !== 'object' || Array.isArray(shape) || isExpr(shape)) {
    throw dslError('DSL_INVALID_EXPRESSION', { signal: ctx.signal, field: 'select' }, 'select() must return an object of named expressions, e.g. r => ({ total: sum(r.qty) })');
  }
  const entries = Object.entries(shape as Record<string, unknown>);
  if (entries.length === 0) throw dslError('DSL_INVALID_EXPRESSION', { signal: ctx.signal, field: 'select' }, 'select() returned no columns');
  return entries.map(([name, value]) => {
    if (value === undefined) throw dslError('DSL_INVALID_EXPRESSION', { signal: ctx.signal, field: name }, 'the value is undefined (a misspelled column?)');
    return { name, expr: toExpr(value, { signal: ctx.signal, field: name }) };
  });
}

/** @internal */
export function toItem(i: ResolvedItem): SelectItem {
  return Object.freeze({ name: i.name, expr: i.expr.node });
}

/** @internal Output fields of items; a plain column reference keeps its time attribute. */
export function outputFields(ctx: DslContext, items: readonly ResolvedItem[], input: Fields): Fields {
  const out: Record<string, DataType> = {};
  for (const i of items) {
    if (i.name in out) throw dslError('DSL_DUPLICATE_NAME', { signal: ctx.signal, field: i.name }, `output column '${i.name}' is defined twice`);
    const n = i.expr.node;
    const keepsAttribute = n.kind === 'Column' && n.qualifier === undefined && input[n.name] === i.expr.type;
    out[i.name] = keepsAttribute ? i.expr.type : plain(i.expr.type);
  }
  return Object.freeze(out);
}

