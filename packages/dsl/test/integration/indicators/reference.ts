// Reference implementations of the indicators, written from their textbook definitions over plain
// arrays (one symbol's series in time order). They know nothing of SQL or of the UDAFs: each output
// index i is computed from xs[0..i] directly. `null` = not defined yet (warm-up).
//
// Warm-up conventions (the standard ones):
//  - SMA(n), Bollinger(n), z-score(n): defined once n values exist (rows n-1...).
//  - EMA(n): alpha = 2/(n+1), first value at index n-1 = mean of xs[0..n-1].
//  - RSI(n), Wilder: first value at index n = 100*G/(G+L) with G, L the means of the first n gains and
//    losses; then G = (G*(n-1)+gain)/n (same for L); 0 when G+L = 0.
//  - MACD(f, s, g): line = EMA_f - EMA_s (from index s-1), signal = EMA_g of the line values (seeded
//    with the mean of the first g line values), histogram = line - signal.
//  - ROC(n) = 100 * (x_i - x_{i-n}) / x_{i-n}, from index n.

export type Series = (number | null)[];

function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Simple moving average of the last n values. */
export function smaRef(xs: readonly number[], n: number): Series {
  return xs.map((_, i) => (i + 1 < n ? null : mean(xs.slice(i + 1 - n, i + 1))));
}

/** Exponential moving average with SMA seeding. */
export function emaRef(xs: readonly number[], n: number): Series {
  const out: Series = [];
  const alpha = 2 / (n + 1);
  let prev: number | null = null;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i] as number;
    if (i + 1 < n) out.push(null);
    else if (prev === null) out.push((prev = mean(xs.slice(0, n))));
    else out.push((prev = alpha * x + (1 - alpha) * prev));
  }
  return out;
}

/** Wilder's RSI. */
export function rsiRef(xs: readonly number[], n: number): Series {
  const gains = xs.slice(1).map((x, i) => Math.max(x - (xs[i] as number), 0));
  const losses = xs.slice(1).map((x, i) => Math.max((xs[i] as number) - x, 0));
  const out: Series = [null];
  let g = 0;
  let l = 0;
  for (let j = 0; j < gains.length; j++) {
    // change j belongs to value j + 1
    if (j + 1 < n) {
      out.push(null);
      continue;
    }
    if (j + 1 === n) {
      g = mean(gains.slice(0, n));
      l = mean(losses.slice(0, n));
    } else {
      g = (g * (n - 1) + (gains[j] as number)) / n;
      l = (l * (n - 1) + (losses[j] as number)) / n;
    }
    out.push(g + l === 0 ? 0 : 100 - 100 / (1 + g / l));
  }
  return out.slice(0, xs.length);
}

/** MACD line, signal and histogram. */
export function macdRef(xs: readonly number[], fast: number, slow: number, signal: number): { line: Series; signal: Series; hist: Series } {
  const f = emaRef(xs, fast);
  const s = emaRef(xs, slow);
  const line: Series = xs.map((_, i) => (f[i] == null || s[i] == null ? null : (f[i] as number) - (s[i] as number)));
  const first = line.findIndex((v) => v !== null);
  const defined = line.slice(first) as number[];
  const sigDefined = emaRef(defined, signal);
  const sig: Series = [...line.slice(0, first).map(() => null), ...sigDefined];
  const hist: Series = line.map((v, i) => (v === null || sig[i] == null ? null : v - (sig[i] as number)));
  return { line, signal: sig, hist };
}

/** Population standard deviation. */
function stddevPop(xs: readonly number[]): number {
  const m = mean(xs);
  return Math.sqrt(mean(xs.map((x) => (x - m) * (x - m))));
}

/** Bollinger bands: SMA(n) +- k population standard deviations of the last n values. */
export function bollingerRef(xs: readonly number[], n: number, k: number): { middle: Series; upper: Series; lower: Series } {
  const middle: Series = [];
  const upper: Series = [];
  const lower: Series = [];
  xs.forEach((_, i) => {
    if (i + 1 < n) {
      middle.push(null);
      upper.push(null);
      lower.push(null);
      return;
    }
    const w = xs.slice(i + 1 - n, i + 1);
    const m = mean(w);
    const sd = stddevPop(w);
    middle.push(m);
    upper.push(m + k * sd);
    lower.push(m - k * sd);
  });
  return { middle, upper, lower };
}

/** Rolling z-score of the current value against the last n values (itself included) and |z| >= threshold. */
export function zscoreRef(xs: readonly number[], n: number, threshold: number): { z: Series; flag: (boolean | null)[] } {
  const z: Series = xs.map((x, i) => {
    if (i + 1 < n) return null;
    const w = xs.slice(i + 1 - n, i + 1);
    const sd = stddevPop(w);
    return sd === 0 ? null : (x - mean(w)) / sd;
  });
  return { z, flag: z.map((v) => (v === null ? null : Math.abs(v) >= threshold)) };
}

/** Rate of change in percent over n rows. */
export function rocRef(xs: readonly number[], n: number): Series {
  return xs.map((x, i) => (i < n ? null : (100 * (x - (xs[i - n] as number))) / (xs[i - n] as number)));
}

/** A priced, sized, timed event. */
export interface Trade {
  price: number;
  qty: number;
  ts_ms: number;
}

/** Rolling VWAP over the trades within `rangeMs` before each trade (inclusive) and the trade itself. */
export function rollingVwapRef(trades: readonly Trade[], rangeMs: number): number[] {
  return trades.map((t) => {
    const w = trades.filter((u) => u.ts_ms <= t.ts_ms && t.ts_ms - u.ts_ms <= rangeMs);
    return w.reduce((a, u) => a + u.price * u.qty, 0) / w.reduce((a, u) => a + u.qty, 0);
  });
}

/** One tumbling-window bar. */
export interface Bar {
  windowStart: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  vwap: number;
  trades: number;
}

/** OHLC + volume + VWAP bars of `sizeMs` tumbling windows (aligned to the epoch), in time order. */
export function barsRef(trades: readonly Trade[], sizeMs: number): Bar[] {
  const byWindow = new Map<number, Trade[]>();
  for (const t of trades) {
    const start = t.ts_ms - (t.ts_ms % sizeMs);
    byWindow.set(start, [...(byWindow.get(start) ?? []), t]);
  }
  return [...byWindow.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([windowStart, w]) => {
      const volume = w.reduce((a, t) => a + t.qty, 0);
      return {
        windowStart,
        open: (w[0] as Trade).price,
        close: (w[w.length - 1] as Trade).price,
        high: Math.max(...w.map((t) => t.price)),
        low: Math.min(...w.map((t) => t.price)),
        volume,
        vwap: w.reduce((a, t) => a + t.price * t.qty, 0) / volume,
        trades: w.length,
      };
    });
}
