import type { Fields, RowOfFields } from './types/data-type';
import { dslCodeError } from './error-codes';

/** Named, ordered columns with Flink types; the input of sources and the output of signals. */
export interface Schema<F extends Fields = Fields> {
  readonly kind: 'Schema';
  readonly fields: F;
  /** Column names in declaration order (the DDL order). */
  readonly names: readonly (keyof F & string)[];
}

/**
 * Declares a schema. Column order is the object's key order.
 *
 * @example
 * ```ts
 * const Trade = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), ts: t.timestampLtz(3) })
 * type Row = RowOf<typeof Trade> // { symbol: string | null; price: number | null; qty: bigint | null; ts: Date | null }
 * // DDL: `symbol` STRING, `price` DOUBLE, `qty` BIGINT, `ts` TIMESTAMP_LTZ(3)
 * ```
 */
export function schema<F extends Fields>(fields: F): Schema<F> {
  if (fields === null || typeof fields !== 'object') {
    throw dslCodeError('DSL_INVALID_SCHEMA', 'schema() takes an object of column types, e.g. schema({ id: t.bigint() })');
  }
  const names = Object.keys(fields);
  if (names.length === 0) throw dslCodeError('DSL_INVALID_SCHEMA', 'a schema needs at least one column');
  for (const name of names) {
    const type = fields[name];
    if (name.length === 0) throw dslCodeError('DSL_INVALID_SCHEMA', 'a column name may not be empty');
    if (type === undefined || typeof type !== 'object' || typeof (type as { kind?: unknown }).kind !== 'string') {
      throw dslCodeError('DSL_INVALID_SCHEMA', `column '${name}' has no type; use t.*(), e.g. t.string()`, {
        details: { field: name },
      });
    }
  }
  return Object.freeze({ kind: 'Schema', fields: Object.freeze({ ...fields }), names: Object.freeze(names) as readonly (keyof F & string)[] });
}

/**
 * The TS row type of anything with typed fields: a schema, a source, a signal.
 *
 * @example
 * ```ts
 * type Vwap = RowOf<typeof vwap1m> // { symbol: string | null; window_start: Date; window_end: Date; vwap: number | null }
 * ```
 */
export type RowOf<X> = X extends { readonly fields: infer F } ? RowOfFields<F> : never;

/** The field record of a schema, source or signal. */
export type FieldsOf<X> = X extends { readonly fields: infer F extends Fields } ? F : never;
