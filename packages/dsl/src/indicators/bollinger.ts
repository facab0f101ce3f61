import type { DoubleType, Fields } from '../types/data-type';
import { avg, count } from '../expr/aggregates';
import { caseWhen } from '../expr/functions';
import type { Columns } from '../expr/row-proxy';
import type { Query, Simplify } from '../relational/query';
import { appendOver } from './append-over';
import type { IndicatorInput, SeriesOptions } from './series-input';
import { asDouble, checkNewColumns, integerParam, positiveParam, resolveSeries, seriesWindow, udafCall } from './series-input';
import { doubleLit } from './double-literal';

/** Options of {@link bollinger}. */
export interface BollingerOptions<F extends Fields, V extends keyof F & string, K extends keyof F & string> extends SeriesOptions<F, V, K> {
  /** Rows in the window (usually 20). */
  readonly period: number;
  /** Band width in population standard deviations (default 2). */
  readonly k?: number;
}

/** Columns {@link bollinger} adds. */
export type BollingerFields = { readonly bb_middle: DoubleType<true>; readonly bb_upper: DoubleType<true>; readonly bb_lower: DoubleType<true> };

/**
 * Bollinger bands per key: `bb_middle` = SMA(period), `bb_upper`/`bb_lower` = middle +- k population
 * standard deviations of the same rows; `NULL` until `period` rows exist. The deviation is Sluice's
 * `SLUICE_STDDEV_POP` (double-double sums: exact however many rows a key has seen), the mean Flink's `AVG`.
 *
 * @throws SluiceError `DSL_INVALID_PARAMETER`, `DSL_UNKNOWN_COLUMN`, `DSL_TYPE_MISMATCH`, `DSL_WATERMARK_REQUIRED`
 * @example
 * ```ts
 * indicators.bollinger(trades, { value: 'price', period: 20, by: 'symbol' })
 * // SELECT ..., CASE WHEN COUNT(`price`) OVER (PARTITION BY `symbol` ORDER BY `ts` ROWS BETWEEN 19 PRECEDING
 * //   AND CURRENT ROW) >= 20 THEN AVG(`price`) OVER (...) + SLUICE_STDDEV_POP(`price`) OVER (...) * 2.0E0 END AS `bb_upper`, ...
 * ```
 */
export function bollinger<F extends Fields, const V extends keyof F & string, const K extends keyof F & string>(
  input: IndicatorInput<F>,
  options: BollingerOptions<F, V, K>,
): Query<Simplify<F & BollingerFields>> {
  const s = resolveSeries('bollinger', input, options);
  const period = integerParam(s.ctx, 'bollinger', 'period', options.period);
  const k = positiveParam(s.ctx, 'bollinger', 'k', options.k ?? 2);
  checkNewColumns(s.ctx, s.query.fields, ['bb_middle', 'bb_upper', 'bb_lower']);
  return appendOver(s.query as Query<Fields>, (cols) => {
    const w = seriesWindow(cols, s.keys, s.time, { unit: 'ROWS', preceding: period - 1 });
    const v = asDouble(cols[s.valueName] as Columns<Fields>[string]);
    const ready = count(v).over(w).ge(period);
    const mid = avg(v).over(w);
    const width = udafCall('SLUICE_STDDEV_POP', v, []).over(w).times(doubleLit(k));
    return {
      bb_middle: caseWhen(ready, mid).end(),
      bb_upper: caseWhen(ready, mid.plus(width)).end(),
      bb_lower: caseWhen(ready, mid.minus(width)).end(),
    };
  }) as unknown as Query<Simplify<F & BollingerFields>>;
}
