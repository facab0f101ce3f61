import type { DataType, Fields } from '../types/data-type';
import type { Columns } from '../expr/row-proxy';
import { dslError } from '../errors';
import { node } from '../ast/expr-node';
import { call, node2 } from '../relational/query-parts';
import type { Query } from '../relational/query';
import type { TableUdfCall } from './udf';

/** Options of `query.lateral(...)`. */
export interface LateralOptions {
  /** `inner` (default): input rows for which the function emits no row are dropped; `left`: kept, with NULL columns. */
  readonly type?: 'inner' | 'left';
}

/**
 * The rows of `q`, each joined to the rows a user table function emits for it (`LATERAL TABLE`): the
 * input's columns then the function's. Appends stay appends (Flink plans a Correlate, no state).
 *
 * @throws SluiceError `DSL_INVALID_EXPRESSION` (the callback returns no table function call), `DSL_DUPLICATE_NAME`
 */
export function lateralJoin(q: Query<Fields>, fn: (r: Columns<Fields>) => TableUdfCall<Fields>, options: LateralOptions = {}): Query<Fields> {
  const ctx = q.state.ctx;
  const tableCall = call(ctx, 'lateral', () => fn(q.columns()));
  if (tableCall === null || typeof tableCall !== 'object' || tableCall.kind !== 'TableUdfCall' || tableCall.node.kind !== 'Call' || tableCall.node.udf === undefined) {
    throw dslError('DSL_INVALID_EXPRESSION', { signal: ctx.signal, field: 'lateral' }, 'lateral() needs a call of a table function declared with udf.table', "e.g. q.lateral((r) => splitWords(r.line))");
  }
  const left = options.type === 'left';
  const added = Object.entries(tableCall.fields);
  for (const [name] of added) {
    if (name in q.fields) {
      throw dslError('DSL_DUPLICATE_NAME', { signal: ctx.signal, field: name }, `the table function ${tableCall.node.name} emits a column '${name}', which the input has too`, 'rename the input column with select() first');
    }
  }
  const columns = (names: readonly string[]) => names.map((name) => ({ name, expr: node({ kind: 'Column', name }) }));
  const fields: Record<string, DataType> = { ...q.fields };
  for (const [name, type] of added) fields[name] = left ? Object.freeze({ ...type, nullable: true }) : type;
  return q.derive({
    ...q.state,
    rel: node2({
      kind: 'Select',
      input: q.materialize(),
      items: columns([...Object.keys(q.fields), ...added.map(([name]) => name)]),
      where: [],
      lateral: Object.freeze({ call: tableCall.node, alias: `${tableCall.node.name}_rows`, columns: added.map(([name]) => name), left }),
    }),
    fields: Object.freeze(fields),
    where: [],
    // one input row becomes several: the input's key no longer identifies a row
    uniqueKey: undefined,
  });
}
