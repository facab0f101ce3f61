import type { DoubleType, Fields } from '../types/data-type';
import { dslError } from '../errors';
import type { Columns } from '../expr/row-proxy';
import type { Query, Simplify } from '../relational/query';
import { appendOver } from './append-over';
import type { IndicatorInput, SeriesOptions } from './series-input';
import { asDouble, checkNewColumns, integerParam, resolveSeries, seriesWindow, udafCall } from './series-input';

/** Options of {@link macd}. */
export interface MacdOptions<F extends Fields, V extends keyof F & string, K extends keyof F & string> extends SeriesOptions<F, V, K> {
  /** Fast EMA period (default 12). */
  readonly fast?: number;
  /** Slow EMA period (default 26), > fast. */
  readonly slow?: number;
  /** Signal EMA period (default 9). */
  readonly signal?: number;
}

/** Columns {@link macd} adds. */
export type MacdFields = { readonly macd: DoubleType<true>; readonly macd_signal: DoubleType<true>; readonly macd_hist: DoubleType<true> };

/**
 * MACD per key: `macd` (fast EMA - slow EMA), `macd_signal` (EMA of the line) and `macd_hist` (line -
 * signal), from the `SLUICE_MACD*` UDAFs over one unbounded OVER window. Warm-up: both EMAs seeded with
 * the SMA of their first values, so `macd` starts at row `slow`, signal and histogram at row
 * `slow + signal - 1` (12/26/9: rows 26 and 34).
 *
 * @throws SluiceError `DSL_INVALID_PARAMETER` (a period < 1, fast >= slow), `DSL_UNKNOWN_COLUMN`, `DSL_TYPE_MISMATCH`, `DSL_WATERMARK_REQUIRED`
 * @example
 * ```ts
 * indicators.macd(trades, { value: 'price', by: 'symbol' })
 * // SELECT ..., SLUICE_MACD(`price`, 12, 26, 9) OVER (PARTITION BY `symbol` ORDER BY `ts` ROWS BETWEEN
 * //   UNBOUNDED PRECEDING AND CURRENT ROW) AS `macd`, SLUICE_MACD_SIGNAL(`price`, 12, 26, 9) OVER (...) AS `macd_signal`,
 * //   SLUICE_MACD_HIST(`price`, 12, 26, 9) OVER (...) AS `macd_hist` FROM `trades`
 * ```
 */
export function macd<F extends Fields, const V extends keyof F & string, const K extends keyof F & string>(
  input: IndicatorInput<F>,
  options: MacdOptions<F, V, K>,
): Query<Simplify<F & MacdFields>> {
  const s = resolveSeries('macd', input, options);
  const fast = integerParam(s.ctx, 'macd', 'fast', options.fast ?? 12);
  const slow = integerParam(s.ctx, 'macd', 'slow', options.slow ?? 26);
  const signal = integerParam(s.ctx, 'macd', 'signal', options.signal ?? 9);
  if (fast >= slow) throw dslError('DSL_INVALID_PARAMETER', { signal: s.ctx.signal, field: 'fast' }, `macd: fast (${fast}) must be smaller than slow (${slow})`);
  checkNewColumns(s.ctx, s.query.fields, ['macd', 'macd_signal', 'macd_hist']);
  return appendOver(s.query as Query<Fields>, (cols) => {
    const w = seriesWindow(cols, s.keys, s.time, { unit: 'ROWS', preceding: 'UNBOUNDED' });
    const v = asDouble(cols[s.valueName] as Columns<Fields>[string]);
    const p = [fast, slow, signal];
    return {
            macd: udafCall('SLUICE_MACD', v, p).over(w),
      macd_signal: udafCall('SLUICE_MACD_SIGNAL', v, p).over(w),
      macd_hist: udafCall('SLUICE_MACD_HIST', v, p).over(w),
    };
  }) as unknown as Query<Simplify<F & MacdFields>>;
}
