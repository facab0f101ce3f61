import type { DataType, DoubleType } from '../types/data-type';
import { node } from '../ast/expr-node';
import { NO_SIGNAL, dslError } from '../errors';
import { AggregateExpr } from '../expr/aggregates';
import { Expr } from '../expr/expr';
import { isNumeric } from '../expr/type-rules';
import type { NumericType } from '../expr/static-types';
import { asDouble } from './series-input';

/**
 * `PERCENTILE(x, p)`: the exact percentile of a group (Flink 2.x built-in; continuous, i.e. linear
 * interpolation between the two nearest ranks at position `p * (n - 1)`). Use it in a grouped or
 * windowed select, e.g. a p95 latency per service and window.
 *
 * @throws SluiceError `DSL_INVALID_PARAMETER` (p outside 0..1), `DSL_TYPE_MISMATCH` (x not numeric)
 * @example
 * ```ts
 * from(requests).window(hop('ts', '10 s', '5 min')).groupBy('service').select((r) => ({ p95: indicators.percentile(r.latency_ms, 0.95) }))
 * // SELECT `window_start`, `window_end`, `service`, PERCENTILE(`latency_ms`, 9.5E-1) AS `p95` FROM TABLE(HOP(...)) GROUP BY ...
 * ```
 */
export function percentile<T extends NumericType>(x: Expr<T>, p: number): AggregateExpr<DoubleType<true>> {
  const ctx = x instanceof Expr ? x.ctx : NO_SIGNAL;
  if (!(x instanceof Expr) || !isNumeric(x.type)) {
    throw dslError('DSL_TYPE_MISMATCH', ctx, `percentile needs a numeric value, got ${x instanceof Expr ? x.type.kind : String(x)}`);
  }
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw dslError('DSL_INVALID_PARAMETER', { signal: ctx.signal, field: 'percentile' }, `percentile: p must be between 0 and 1, got ${String(p)}`);
  const value = asDouble(x as Expr<DataType>);
  return new AggregateExpr(
    node({ kind: 'Aggregate', name: 'PERCENTILE', args: [value.node, { kind: 'Literal', value: p, type: { kind: 'DOUBLE', nullable: false } }], distinct: false }),
    { kind: 'DOUBLE', nullable: true },
    ctx,
  ) as AggregateExpr<DoubleType<true>>;
}
