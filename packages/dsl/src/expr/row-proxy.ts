import type { DataType, Fields } from '../types/data-type';
import { node } from '../ast/expr-node';
import type { DslContext } from '../errors';
import { dslError } from '../errors';
import { Expr } from './expr';

/** Typed column references of a relation: `r.price` is an `Expr<DoubleType>`. */
export type Columns<F extends Fields> = { readonly [K in keyof F]: Expr<F[K]> };

/**
 * Column references over `fields`; reading a column that does not exist raises DSL_UNKNOWN_COLUMN
 * (instead of `undefined` turning into a TypeError later).
 */
export function columnsOf<F extends Fields>(fields: F, ctx: DslContext, qualifier?: string): Columns<F> {
  const target: Record<string, Expr<DataType>> = {};
  for (const [name, type] of Object.entries(fields)) {
    const n = qualifier === undefined ? node({ kind: 'Column', name }) : node({ kind: 'Column', name, qualifier });
    target[name] = new Expr(n, type, { signal: ctx.signal, field: name });
  }
  Object.freeze(target);
  return new Proxy(target, {
    get(obj, key) {
      if (typeof key !== 'string' || key in obj) return (obj as Record<string | symbol, unknown>)[key];
      if (key === 'then' || key === 'toJSON' || key === 'constructor') return undefined;
      throw dslError('DSL_UNKNOWN_COLUMN', { signal: ctx.signal, field: key }, `no column '${key}'${qualifier === undefined ? '' : ` in ${qualifier}`}; columns are ${Object.keys(obj).join(', ')}`);
    },
  }) as unknown as Columns<F>;
}

/** Checks that `name` is a column of `fields` (for columns named by string). */
export function requireColumn(fields: Fields, name: unknown, ctx: DslContext, role: string): DataType {
  const type = typeof name === 'string' ? fields[name] : undefined;
  if (type === undefined) {
    throw dslError('DSL_UNKNOWN_COLUMN', { signal: ctx.signal, field: String(name) }, `${role} names column '${String(name)}', which does not exist; columns are ${Object.keys(fields).join(', ')}`);
  }
  return type;
}
