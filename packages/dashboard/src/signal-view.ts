import type { DataType, Signal } from '@sluice/dsl';
import type { SeriesPoint } from './series-history';

/** How the page draws a signal: a time series per key, candlesticks per key, or a table of recent rows. */
export type ChartKind = 'series' | 'ohlc' | 'table';

/** What the page needs to draw a signal; built from its output fields, nothing else of the project. */
export interface SignalView {
  readonly signal: string;
  readonly topic: string | null;
  readonly kind: ChartKind;
  /** Columns that make a row's key (the sink's key, else its text columns); empty: one series. */
  readonly keyColumns: readonly string[];
  /** The column that gives a point its time (a window end, the event time); null: arrival time. */
  readonly timeColumn: string | null;
  /** Numeric columns, the lines of a series chart. */
  readonly numericColumns: readonly string[];
  readonly columns: readonly string[];
}

const NUMERIC = new Set(['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'DECIMAL']);
const TEXT = new Set(['STRING', 'VARCHAR', 'CHAR']);
const TIME = new Set(['TIMESTAMP', 'TIMESTAMP_LTZ', 'DATE']);
const OHLC = ['open', 'high', 'low', 'close'];
// A window's end is the time its value belongs to; then event time; then any other time column.
const TIME_PREFERENCE = ['window_end', 'window_time', 'rowtime', 'ts', 'event_time', 'time'];

function timeColumnOf(fields: Readonly<Record<string, DataType>>): string | null {
  const times = Object.entries(fields)
    .filter(([, type]) => TIME.has(type.kind))
    .map(([name]) => name);
  return TIME_PREFERENCE.find((name) => times.includes(name)) ?? times[0] ?? null;
}

/**
 * The view of a signal: its chart kind (candlesticks when it has numeric open/high/low/close; a time
 * series when it has other numeric columns; a table when it has none, as alerts), key and time columns.
 *
 * @example
 * ```ts
 * viewOf(vwap1m) // { kind: 'series', keyColumns: ['symbol'], timeColumn: 'window_end', numericColumns: ['vwap', 'volume', 'trades'], ... }
 * ```
 */
export function viewOf(signal: Signal): SignalView {
  const fields = signal.fields;
  const columns = Object.keys(fields);
  const numeric = columns.filter((c) => NUMERIC.has((fields[c] as DataType).kind));
  const text = columns.filter((c) => TEXT.has((fields[c] as DataType).kind));
  const key = signal.sink.key !== undefined && signal.sink.key.length > 0 ? [...signal.sink.key] : text;
  const lower = new Map(numeric.map((c) => [c.toLowerCase(), c]));
  const kind: ChartKind = OHLC.every((c) => lower.has(c)) ? 'ohlc' : numeric.length > 0 ? 'series' : 'table';
  return { signal: signal.name, topic: signal.sink.topic ?? null, kind, keyColumns: key, timeColumn: timeColumnOf(fields), numericColumns: numeric.filter((c) => !key.includes(c)), columns };
}

function plain(value: unknown): number | string | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

/**
 * A consumed row as the page gets it: its key (key columns joined by `|`) and a point whose time is the
 * row's time column (arrival time when it has none or it is null). BIGINT becomes a number, a time its epoch ms.
 *
 * @example
 * ```ts
 * pointOf(view, { symbol: 'ACME', vwap: 101.5, window_end: new Date(60_000) }, Date.now())
 * // { key: 'ACME', point: { t: 60000, values: { symbol: 'ACME', vwap: 101.5, window_end: 60000 } } }
 * ```
 */
export function pointOf(view: SignalView, row: Readonly<Record<string, unknown>>, arrival: number): { key: string; point: SeriesPoint } {
  const values: Record<string, number | string | boolean | null> = {};
  for (const c of view.columns) values[c] = plain(row[c]);
  const key = view.keyColumns.map((c) => String(values[c] ?? '')).join('|');
  const time = view.timeColumn === null ? null : values[view.timeColumn];
  return { key, point: { t: typeof time === 'number' ? time : arrival, values } };
}
