import type { BigintType, DoubleType, Fields } from '../types/data-type';
import { count, sum } from '../expr/aggregates';
import type { Columns } from '../expr/row-proxy';
import type { Query, Simplify, WindowFields } from '../relational/query';
import { tumble } from '../relational/window';
import type { WindowSpec } from '../relational/window';
import { parseDuration } from '../dialect';
import { dslError } from '../errors';
import { appendOver } from './append-over';
import type { IndicatorInput } from './series-input';
import { asDouble, checkNewColumns, numericColumn, resolveSeries, seriesWindow } from './series-input';

/** Options of {@link vwap} and {@link rollingVwap}. */
export interface VwapOptions<F extends Fields, K extends keyof F & string> {
  /** Price column (numeric). */
  readonly price: keyof F & string;
  /** Quantity column (numeric). */
  readonly qty: keyof F & string;
  /** Key column(s), e.g. `'symbol'`. */
  readonly by?: K | readonly K[];
  /** The time attribute (default: the input's only one). */
  readonly time?: keyof F & string;
}

/** Columns of {@link vwap}: one row per key and window. */
export type VwapFields = { readonly vwap: DoubleType<true>; readonly volume: DoubleType<true>; readonly trades: BigintType<false> };

/**
 * Windowed VWAP per key: `sum(price * qty) / sum(qty)`, the volume and the trade count of each window
 * (a window TVF; a string is a tumbling window size). Rows appear when the watermark passes the window end.
 *
 * @throws SluiceError `DSL_UNKNOWN_COLUMN`, `DSL_TYPE_MISMATCH`, `DSL_WATERMARK_REQUIRED`, `DSL_INVALID_DURATION`
 * @example
 * ```ts
 * indicators.vwap(trades, { price: 'price', qty: 'qty', window: '1 min', by: 'symbol' })
 * // SELECT `window_start`, `window_end`, `symbol`, SUM(CAST(`price` AS DOUBLE) * CAST(`qty` AS DOUBLE)) / SUM(CAST(`qty` AS DOUBLE)) AS `vwap`,
 * //   SUM(CAST(`qty` AS DOUBLE)) AS `volume`, COUNT(*) AS `trades`
 * // FROM TABLE(TUMBLE(TABLE `trades`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE)) GROUP BY `window_start`, `window_end`, `symbol`
 * ```
 */
export function vwap<F extends Fields, const K extends keyof F & string>(
  input: IndicatorInput<F>,
  options: VwapOptions<F, K> & { readonly window: string | WindowSpec<keyof F & string> },
): Query<Simplify<WindowFields & Pick<F, K> & VwapFields>> {
  const s = resolveSeries('vwap', input, { by: options?.by, time: options?.time }, false);
  numericColumn('vwap', s.query.fields, options.price, s.ctx, 'price');
  numericColumn('vwap', s.query.fields, options.qty, s.ctx, 'qty');
  const spec = typeof options.window === 'string' ? tumble(s.time, options.window) : options.window;
  if (spec === undefined || spec === null) throw dslError('DSL_INVALID_PARAMETER', { signal: s.ctx.signal, field: 'window' }, "vwap needs window: '1 min' or a window spec");
  return s.query
    .window(spec as WindowSpec<keyof F & string>)
    .groupBy(...(s.keys as K[]))
    .select((r) => {
      const cols = r as unknown as Columns<Fields>;
      const p = asDouble(cols[options.price] as Columns<Fields>[string]);
      const q = asDouble(cols[options.qty] as Columns<Fields>[string]);
      return { vwap: sum(p.times(q)).div(sum(q)), volume: sum(q), trades: count() };
    }) as unknown as Query<Simplify<WindowFields & Pick<F, K> & VwapFields>>;
}

/**
 * Rolling VWAP per key over the trades of the last `range` (the current one and every earlier one at most
 * `range` older, inclusive), added as a column `vwap` (OVER `RANGE BETWEEN INTERVAL ... PRECEDING`).
 *
 * @throws SluiceError `DSL_UNKNOWN_COLUMN`, `DSL_TYPE_MISMATCH`, `DSL_WATERMARK_REQUIRED`, `DSL_INVALID_DURATION`
 * @example
 * ```ts
 * indicators.rollingVwap(trades, { price: 'price', qty: 'qty', range: '5 min', by: 'symbol' })
 * // SELECT ..., SUM(CAST(`price` AS DOUBLE) * CAST(`qty` AS DOUBLE)) OVER (PARTITION BY `symbol` ORDER BY `ts`
 * //   RANGE BETWEEN INTERVAL '5' MINUTE PRECEDING AND CURRENT ROW) / SUM(CAST(`qty` AS DOUBLE)) OVER (...) AS `vwap`
 * ```
 */
export function rollingVwap<F extends Fields, const K extends keyof F & string>(
  input: IndicatorInput<F>,
  options: VwapOptions<F, K> & { readonly range: string },
): Query<Simplify<F & { readonly vwap: DoubleType<true> }>> {
  const s = resolveSeries('rollingVwap', input, { by: options?.by, time: options?.time }, false);
  numericColumn('rollingVwap', s.query.fields, options.price, s.ctx, 'price');
  numericColumn('rollingVwap', s.query.fields, options.qty, s.ctx, 'qty');
  const range = parseDuration(options.range, { signal: s.ctx.signal, field: 'range' });
  checkNewColumns(s.ctx, s.query.fields, ['vwap']);
  return appendOver(s.query as Query<Fields>, (cols) => {
    const w = seriesWindow(cols, s.keys, s.time, { unit: 'RANGE', preceding: range });
    const p = asDouble(cols[options.price] as Columns<Fields>[string]);
    const q = asDouble(cols[options.qty] as Columns<Fields>[string]);
    return { vwap: sum(p.times(q)).over(w).div(sum(q).over(w)) };
  }) as unknown as Query<Simplify<F & { readonly vwap: DoubleType<true> }>>;
}
