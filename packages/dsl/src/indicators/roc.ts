import type { DoubleType, Fields } from '../types/data-type';
import { count, firstValue } from '../expr/aggregates';
import { caseWhen } from '../expr/functions';
import type { Columns } from '../expr/row-proxy';
import type { Query, Simplify } from '../relational/query';
import { appendOver } from './append-over';
import type { IndicatorInput, SeriesOptions } from './series-input';
import { asDouble, checkNewColumns, integerParam, resolveSeries, seriesWindow } from './series-input';
import { doubleLit } from './double-literal';

/** Options of {@link roc}. */
export interface RocOptions<F extends Fields, V extends keyof F & string, K extends keyof F & string, N extends string> extends SeriesOptions<F, V, K> {
  /** Compare with the value this many rows back (>= 1). */
  readonly period: number;
  /** Output column name (default `roc`). */
  readonly as?: N;
}

/**
 * Rate of change in percent per key: `100 * (x - x[n rows back]) / x[n rows back]`, `NULL` for the
 * first `period` rows (FIRST_VALUE over `ROWS BETWEEN n PRECEDING`).
 *
 * @throws SluiceError `DSL_INVALID_PARAMETER`, `DSL_UNKNOWN_COLUMN`, `DSL_TYPE_MISMATCH`, `DSL_WATERMARK_REQUIRED`
 * @example
 * ```ts
 * indicators.roc(trades, { value: 'price', period: 10, by: 'symbol' })
 * // SELECT ..., CASE WHEN COUNT(`price`) OVER (PARTITION BY `symbol` ORDER BY `ts` ROWS BETWEEN 10 PRECEDING
 * //   AND CURRENT ROW) >= 11 THEN 1.0E2 * (`price` - FIRST_VALUE(`price`) OVER (...)) / FIRST_VALUE(`price`) OVER (...) END AS `roc`
 * ```
 */
export function roc<F extends Fields, const V extends keyof F & string, const K extends keyof F & string, const N extends string = 'roc'>(
  input: IndicatorInput<F>,
  options: RocOptions<F, V, K, N>,
): Query<Simplify<F & { readonly [P in N]: DoubleType<true> }>> {
  const s = resolveSeries('roc', input, options);
  const period = integerParam(s.ctx, 'roc', 'period', options.period);
  const name = options.as ?? 'roc';
  checkNewColumns(s.ctx, s.query.fields, [name]);
  return appendOver(s.query as Query<Fields>, (cols) => {
    const w = seriesWindow(cols, s.keys, s.time, { unit: 'ROWS', preceding: period });
    const v = asDouble(cols[s.valueName] as Columns<Fields>[string]);
    const back = firstValue(v).over(w);
    return { [name]: caseWhen(count(v).over(w).ge(period + 1), doubleLit(100).times(v.minus(back)).div(back)).end() };
  }) as unknown as Query<Simplify<F & { readonly [P in N]: DoubleType<true> }>>;
}
