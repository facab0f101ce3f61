// The indicator library: typed functions that add indicator columns to a source or query (or build a
// windowed/pattern query from it). Recursive ones run flink-jobs' UDAFs (SLUICE_EMA, SLUICE_RSI,
// SLUICE_MACD*), which deploy registers from the built sluice-udfs.jar.
import { SLUICE_UDAF_NAMES } from '../compiler/udf-use';
import { sma } from './sma';
import { ema } from './ema';
import { rsi } from './rsi';
import { macd } from './macd';
import { bollinger } from './bollinger';
import { zscore } from './zscore';
import { roc } from './roc';
import { vwap, rollingVwap } from './vwap';
import { ohlc } from './ohlc';
import { countWithin } from './count-within';
import { heldFor } from './held-for';
import { percentile } from './percentile';
import { absent, notFollowedBy } from './absent';

/**
 * The indicator functions as one namespace: `indicators.rsi(trades, { value: 'price', period: 14, by: 'symbol' })`.
 * Each validates its parameters (`DSL_INVALID_PARAMETER`, `DSL_UNKNOWN_COLUMN`, `DSL_TYPE_MISMATCH`,
 * `DSL_WATERMARK_REQUIRED`) and returns a query to continue or to send to a sink with `signal(...).from(q)`.
 */
export const indicators = Object.freeze({ sma, ema, rsi, macd, bollinger, zscore, roc, vwap, rollingVwap, ohlc, countWithin, heldFor, percentile, absent, notFollowedBy });

/** SQL names of the UDAFs an indicator may call (deploy registers them from sluice-udfs.jar). */
export const INDICATOR_UDAFS: readonly string[] = SLUICE_UDAF_NAMES;

export type { IndicatorInput, SeriesOptions } from './series-input';
export type { SmaOptions } from './sma';
export type { EmaOptions } from './ema';
export type { RsiOptions } from './rsi';
export type { MacdOptions, MacdFields } from './macd';
export type { BollingerOptions, BollingerFields } from './bollinger';
export type { ZscoreOptions, ZscoreFields } from './zscore';
export type { RocOptions } from './roc';
export type { VwapOptions, VwapFields } from './vwap';
export type { OhlcOptions, OhlcFields } from './ohlc';
export type { CountWithinOptions, CountWithinFields } from './count-within';
export type { HeldForOptions, HeldForFields } from './held-for';
export type { AbsentOptions, AbsentFields, NotFollowedByOptions } from './absent';
