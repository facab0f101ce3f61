// Terminal rendering of the finance demo: one row per symbol with the latest signals and sparklines.

const SPARKS = '▁▂▃▄▅▆▇█';

/** A sparkline of the values (min..max mapped onto 8 block heights). */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.map((v) => SPARKS[max === min ? 3 : Math.round(((v - min) / (max - min)) * (SPARKS.length - 1))]).join('');
}

/** Latest signal values of one symbol. */
export interface SymbolView {
  price?: number;
  rsi?: number | null;
  macd?: number | null;
  macdSignal?: number | null;
  macdHist?: number | null;
  bbUpper?: number | null;
  bbLower?: number | null;
  vwap1m?: number | null;
  volume1m?: number | null;
  windowEnd?: Date;
  prices: number[];
  rsis: number[];
}

/** Everything the screen shows. */
export interface DemoState {
  readonly symbols: readonly string[];
  readonly views: Map<string, SymbolView>;
  readonly jobs: string;
  produced: number;
  momentumRows: number;
  vwapRows: number;
  firstSignalAfterMs?: number;
  readonly flinkUi: string;
  /** The web dashboard of the same signals. */
  readonly dashboard?: string;
}

function num(v: number | null | undefined, digits: number, width: number): string {
  return (v === null || v === undefined ? '-' : v.toFixed(digits)).padStart(width);
}

function percentB(v: SymbolView): number | null {
  if (v.price === undefined || v.bbUpper == null || v.bbLower == null || v.bbUpper === v.bbLower) return null;
  return (v.price - v.bbLower) / (v.bbUpper - v.bbLower);
}

/** The screen as lines of text. */
export function renderDemo(state: DemoState): string[] {
  const lines: string[] = [];
  lines.push(`Sluice finance demo: live signals per symbol (event time, Flink jobs ${state.jobs})`);
  lines.push(`trades produced: ${state.produced}   momentum rows: ${state.momentumRows}   VWAP windows: ${state.vwapRows}   Flink UI: ${state.flinkUi}   Ctrl-C to stop`);
  if (state.dashboard !== undefined) lines.push(`Dashboard: ${state.dashboard}`);
  lines.push('');
  lines.push(`${'symbol'.padEnd(7)}${'price'.padStart(9)}  ${'price (last 30)'.padEnd(30)}${'RSI 14'.padStart(7)}  ${'RSI (last 30)'.padEnd(30)}${'MACD'.padStart(8)}${'signal'.padStart(8)}${'hist'.padStart(8)}${'%B'.padStart(6)}${'VWAP 1m'.padStart(10)}${'vol 1m'.padStart(9)}`);
  for (const symbol of state.symbols) {
    const v = state.views.get(symbol) ?? { prices: [], rsis: [] };
    lines.push(
      `${symbol.padEnd(7)}${num(v.price, 2, 9)}  ${sparkline(v.prices).padEnd(30)}${num(v.rsi, 1, 7)}  ${sparkline(v.rsis).padEnd(30)}${num(v.macd, 3, 8)}${num(v.macdSignal, 3, 8)}${num(v.macdHist, 3, 8)}${num(percentB(v), 2, 6)}${num(v.vwap1m, 2, 10)}${num(v.volume1m, 0, 9)}`,
    );
  }
  lines.push('');
  if (state.momentumRows === 0) lines.push('waiting for the first signals (the watermark trails event time by 1 s)...');
  else lines.push(`RSI needs 15 trades of a symbol, MACD signal 34, Bollinger 20; VWAP 1m appears when a minute closes.${state.firstSignalAfterMs === undefined ? '' : `  First signal ${(state.firstSignalAfterMs / 1000).toFixed(1)} s after start.`}`);
  return lines;
}
