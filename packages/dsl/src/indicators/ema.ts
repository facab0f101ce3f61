import type { DoubleType, Fields } from '../types/data-type';
import type { Columns } from '../expr/row-proxy';
import type { Query, Simplify } from '../relational/query';
import { appendOver } from './append-over';
import type { IndicatorInput, SeriesOptions } from './series-input';
import { asDouble, checkNewColumns, integerParam, resolveSeries, seriesWindow, udafCall } from './series-input';

/** Options of {@link ema}. */
export interface EmaOptions<F extends Fields, V extends keyof F & string, K extends keyof F & string, N extends string> extends SeriesOptions<F, V, K> {
  /** Period N (>= 1): alpha = 2 / (N + 1). */
  readonly period: number;
  /** Output column name (default `ema`). */
  readonly as?: N;
}

/**
 * Exponential moving average per key, added as a column. Runs the `SLUICE_EMA` UDAF of flink-jobs
 * (registered by deploy) over an unbounded OVER window. Warm-up: seeded with the SMA of the first N
 * values, `NULL` before the N-th row; then `ema += alpha * (x - ema)` with `alpha = 2 / (N + 1)`.
 *
 * @throws SluiceError `DSL_INVALID_PARAMETER`, `DSL_UNKNOWN_COLUMN`, `DSL_TYPE_MISMATCH`, `DSL_WATERMARK_REQUIRED`
 * @example
 * ```ts
 * indicators.ema(trades, { value: 'price', period: 12, by: 'symbol', as: 'ema12' })
 * // SELECT ..., SLUICE_EMA(`price`, 12) OVER (PARTITION BY `symbol` ORDER BY `ts`
 * //   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `ema12` FROM `trades`
 * ```
 */
export function ema<F extends Fields, const V extends keyof F & string, const K extends keyof F & string, const N extends string = 'ema'>(
  input: IndicatorInput<F>,
  options: EmaOptions<F, V, K, N>,
): Query<Simplify<F & { readonly [P in N]: DoubleType<true> }>> {
  const s = resolveSeries('ema', input, options);
  const period = integerParam(s.ctx, 'ema', 'period', options.period);
  const name = options.as ?? 'ema';
  checkNewColumns(s.ctx, s.query.fields, [name]);
  return appendOver(s.query as Query<Fields>, (cols) => {
    const w = seriesWindow(cols, s.keys, s.time, { unit: 'ROWS', preceding: 'UNBOUNDED' });
    const v = asDouble(cols[s.valueName] as Columns<Fields>[string]);
    return { [name]: udafCall('SLUICE_EMA', v, [period]).over(w) };
  }) as unknown as Query<Simplify<F & { readonly [P in N]: DoubleType<true> }>>;
}
