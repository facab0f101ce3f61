import type { DoubleType, Fields } from '../types/data-type';
import { avg, count } from '../expr/aggregates';
import { caseWhen } from '../expr/functions';
import type { Columns } from '../expr/row-proxy';
import type { Query, Simplify } from '../relational/query';
import { appendOver } from './append-over';
import type { IndicatorInput, SeriesOptions } from './series-input';
import { asDouble, checkNewColumns, integerParam, resolveSeries, seriesWindow } from './series-input';

/** Options of {@link sma}. */
export interface SmaOptions<F extends Fields, V extends keyof F & string, K extends keyof F & string, N extends string> extends SeriesOptions<F, V, K> {
  /** Number of rows averaged (>= 1). */
  readonly period: number;
  /** Output column name (default `sma`). */
  readonly as?: N;
}

/**
 * Simple moving average of the last `period` rows per key, added as a column; `NULL` until `period`
 * rows exist (built-in OVER aggregates, no UDF).
 *
 * @throws SluiceError `DSL_INVALID_PARAMETER` (period < 1), `DSL_UNKNOWN_COLUMN`, `DSL_TYPE_MISMATCH` (value not numeric), `DSL_WATERMARK_REQUIRED`
 * @example
 * ```ts
 * indicators.sma(trades, { value: 'price', period: 20, by: 'symbol' })
 * // SELECT `symbol`, `price`, ..., `ts`, CASE WHEN COUNT(`price`) OVER (PARTITION BY `symbol` ORDER BY `ts`
 * //   ROWS BETWEEN 19 PRECEDING AND CURRENT ROW) >= 20 THEN AVG(`price`) OVER (...) END AS `sma` FROM `trades`
 * ```
 */
export function sma<F extends Fields, const V extends keyof F & string, const K extends keyof F & string, const N extends string = 'sma'>(
  input: IndicatorInput<F>,
  options: SmaOptions<F, V, K, N>,
): Query<Simplify<F & { readonly [P in N]: DoubleType<true> }>> {
  const s = resolveSeries('sma', input, options);
  const period = integerParam(s.ctx, 'sma', 'period', options.period);
  const name = options.as ?? 'sma';
  checkNewColumns(s.ctx, s.query.fields, [name]);
  return appendOver(s.query as Query<Fields>, (cols) => {
    const w = seriesWindow(cols, s.keys, s.time, { unit: 'ROWS', preceding: period - 1 });
    const v = asDouble(cols[s.valueName] as Columns<Fields>[string]);
    return { [name]: caseWhen(count(v).over(w).ge(period), avg(v).over(w)).end() };
  }) as unknown as Query<Simplify<F & { readonly [P in N]: DoubleType<true> }>>;
}
