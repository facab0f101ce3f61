import type { DoubleType, Fields } from '../types/data-type';
import type { Columns } from '../expr/row-proxy';
import type { Query, Simplify } from '../relational/query';
import { appendOver } from './append-over';
import type { IndicatorInput, SeriesOptions } from './series-input';
import { asDouble, checkNewColumns, integerParam, resolveSeries, seriesWindow, udafCall } from './series-input';

/** Options of {@link rsi}. */
export interface RsiOptions<F extends Fields, V extends keyof F & string, K extends keyof F & string, N extends string> extends SeriesOptions<F, V, K> {
  /** Period N (>= 1), usually 14. */
  readonly period: number;
  /** Output column name (default `rsi`). */
  readonly as?: N;
}

/**
 * Wilder's RSI (0..100) per key, added as a column (`SLUICE_RSI` UDAF over an unbounded OVER window).
 * Warm-up (Wilder's, as TA-Lib): the first N changes seed the average gain and loss with simple
 * averages, then `avg = (avg * (N - 1) + current) / N`; `NULL` for the first N rows of a key; 0 when
 * both averages are 0.
 *
 * @throws SluiceError `DSL_INVALID_PARAMETER`, `DSL_UNKNOWN_COLUMN`, `DSL_TYPE_MISMATCH`, `DSL_WATERMARK_REQUIRED`
 * @example
 * ```ts
 * indicators.rsi(trades, { value: 'price', period: 14, by: 'symbol' })
 * // SELECT ..., SLUICE_RSI(`price`, 14) OVER (PARTITION BY `symbol` ORDER BY `ts`
 * //   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `rsi` FROM `trades`
 * ```
 */
export function rsi<F extends Fields, const V extends keyof F & string, const K extends keyof F & string, const N extends string = 'rsi'>(
  input: IndicatorInput<F>,
  options: RsiOptions<F, V, K, N>,
): Query<Simplify<F & { readonly [P in N]: DoubleType<true> }>> {
  const s = resolveSeries('rsi', input, options);
  const period = integerParam(s.ctx, 'rsi', 'period', options.period);
  const name = options.as ?? 'rsi';
  checkNewColumns(s.ctx, s.query.fields, [name]);
  return appendOver(s.query as Query<Fields>, (cols) => {
    const w = seriesWindow(cols, s.keys, s.time, { unit: 'ROWS', preceding: 'UNBOUNDED' });
    const v = asDouble(cols[s.valueName] as Columns<Fields>[string]);
    return { [name]: udafCall('SLUICE_RSI', v, [period]).over(w) };
  }) as unknown as Query<Simplify<F & { readonly [P in N]: DoubleType<true> }>>;
}
