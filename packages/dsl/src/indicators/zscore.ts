import type { BooleanType, DoubleType, Fields } from '../types/data-type';
import { avg, count } from '../expr/aggregates';
import { abs, caseWhen } from '../expr/functions';
import type { Columns } from '../expr/row-proxy';
import type { Query, Simplify } from '../relational/query';
import { appendOver } from './append-over';
import type { IndicatorInput, SeriesOptions } from './series-input';
import { asDouble, checkNewColumns, integerParam, positiveParam, resolveSeries, seriesWindow, udafCall } from './series-input';
import { doubleLit } from './double-literal';

/** Options of {@link zscore}. */
export interface ZscoreOptions<F extends Fields, V extends keyof F & string, K extends keyof F & string> extends SeriesOptions<F, V, K> {
  /** Rows in the window (the current row included). */
  readonly period: number;
  /** `anomaly` is true when |z| >= threshold (default 3). */
  readonly threshold?: number;
}

/** Columns {@link zscore} adds. */
export type ZscoreFields = { readonly zscore: DoubleType<true>; readonly anomaly: BooleanType<true> };

/**
 * Rolling z-score anomaly flag per key: `zscore` = (value - mean) / population stddev over the last
 * `period` rows (the current row included), `anomaly` = |zscore| >= threshold. Both `NULL` until `period`
 * rows exist or while the window is constant (stddev 0).
 *
 * @throws SluiceError `DSL_INVALID_PARAMETER`, `DSL_UNKNOWN_COLUMN`, `DSL_TYPE_MISMATCH`, `DSL_WATERMARK_REQUIRED`
 * @example
 * ```ts
 * indicators.zscore(readings, { value: 'temp', period: 30, threshold: 3, by: 'sensor' })
 * // SELECT ..., CASE WHEN COUNT(`temp`) OVER w >= 30 AND SLUICE_STDDEV_POP(`temp`) OVER w > 0
 * //   THEN (`temp` - AVG(`temp`) OVER w) / SLUICE_STDDEV_POP(`temp`) OVER w END AS `zscore`,
 * //   CASE WHEN ... THEN ABS(...) >= 3.0E0 END AS `anomaly` FROM `readings`   (w written out in full)
 * ```
 */
export function zscore<F extends Fields, const V extends keyof F & string, const K extends keyof F & string>(
  input: IndicatorInput<F>,
  options: ZscoreOptions<F, V, K>,
): Query<Simplify<F & ZscoreFields>> {
  const s = resolveSeries('zscore', input, options);
  const period = integerParam(s.ctx, 'zscore', 'period', options.period, 2);
  const threshold = positiveParam(s.ctx, 'zscore', 'threshold', options.threshold ?? 3);
  checkNewColumns(s.ctx, s.query.fields, ['zscore', 'anomaly']);
  return appendOver(s.query as Query<Fields>, (cols) => {
    const w = seriesWindow(cols, s.keys, s.time, { unit: 'ROWS', preceding: period - 1 });
    const v = asDouble(cols[s.valueName] as Columns<Fields>[string]);
    const sd = udafCall('SLUICE_STDDEV_POP', v, []).over(w);
    const ready = count(v).over(w).ge(period).and(sd.gt(0));
    const z = v.minus(avg(v).over(w)).div(sd);
    return {
      zscore: caseWhen(ready, z).end(),
      anomaly: caseWhen(ready, abs(z).ge(doubleLit(threshold))).end(),
    };
  }) as unknown as Query<Simplify<F & ZscoreFields>>;
}
