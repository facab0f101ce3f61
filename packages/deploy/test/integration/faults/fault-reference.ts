// The fault suite's input and its references: the ticks the load produces (a pure function of the event
// index) and, for each of the three signals, the result rows computed in TypeScript from those ticks,
// mirroring the compiled SQL's semantics. Nothing here knows Flink or Kafka.

/** The three signals of the fault suite. */
export const FAULT_SIGNALS = ['vwap', 'rsi', 'cep'] as const;
export type FaultSignal = (typeof FAULT_SIGNALS)[number];

/** One input event: `seq` is its index in the produced stream (markers are negative). */
export interface Tick {
  readonly symbol: string;
  readonly price: number;
  readonly qty: number;
  readonly ts_ms: number;
  readonly seq: number;
}

export const BASE_MS = Date.UTC(2026, 0, 1);
/** RSI period of the rsi signal. */
export const RSI_PERIOD = 14;
/** The CEP signal: CEP_COUNT ticks of one symbol with a price above HOT_ABOVE within CEP_WITHIN_MS. */
export const HOT_ABOVE = 108;
export const CEP_COUNT = 3;
export const CEP_WITHIN_MS = 10_000;
export const CEP_WITHIN = '10 s';
/** The symbol of the marker ticks sent after the load; a signal's first row of it is its last awaited row. */
export const MARKER_SYMBOL = 'marker';

function mix(i: number): number {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Tick i. Event time is compressed: a 1 min window holds `perWindow` ticks (all symbols), each symbol's ticks
 * strictly increase in time while perWindow <= 60,000 (no ties in the OVER and MATCH_RECOGNIZE order). Prices
 * are multiples of 0.25 in 90..110 and quantities integers, so price * qty and their sums are exact in doubles:
 * VWAP rows compare exactly. About 1 tick in 10 is above HOT_ABOVE.
 */
export function tickOf(i: number, symbols: number, perWindow: number): Tick {
  const h = mix(i);
  return { symbol: `s${i % symbols}`, price: 90 + (h % 81) * 0.25, qty: 1 + ((h >>> 8) % 100), ts_ms: BASE_MS + Math.floor((i * 60_000) / perWindow), seq: i };
}

/**
 * The ticks sent after the load: three hot ones in a window of their own two windows after the last tick (the
 * VWAP window row, the RSI rows and the CEP match of the marker symbol), then one far later that moves the
 * watermark past all of them. Every signal emits its marker row after all its real rows (timers fire in time
 * order), so a reader can stop at the first marker row.
 */
export function markerTicks(events: number, symbols: number, perWindow: number): Tick[] {
  const last = tickOf(events - 1, symbols, perWindow).ts_ms;
  const at = BASE_MS + (Math.floor((last - BASE_MS) / 60_000) + 2) * 60_000;
  return [
    { symbol: MARKER_SYMBOL, price: 200, qty: 1, ts_ms: at, seq: -1 },
    { symbol: MARKER_SYMBOL, price: 200, qty: 1, ts_ms: at + 1, seq: -2 },
    { symbol: MARKER_SYMBOL, price: 200, qty: 1, ts_ms: at + 2, seq: -3 },
    { symbol: MARKER_SYMBOL, price: 200, qty: 1, ts_ms: at + 180_000, seq: -4 },
  ];
}

/** True for a result row of the marker symbol (any signal). */
export function isMarkerRow(row: Readonly<Record<string, unknown>>): boolean {
  return row['symbol'] === MARKER_SYMBOL;
}

/** Flink's JSON text of a TIMESTAMP_LTZ ('2026-01-01 00:01:00Z', '... .5Z') as epoch ms. */
export function parseFlinkTs(value: unknown): number {
  return Date.parse(`${String(value).replace(' ', 'T').replace(/Z$/, '')}Z`);
}

/** How a result row is identified and checked against its reference row. */
export interface RowCheck {
  /** Row identity: the same id read twice is a duplicate. */
  readonly id: (row: Readonly<Record<string, unknown>>) => string;
  /** Expected values by id. */
  readonly expected: ReadonlyMap<string, unknown>;
  /** The row's relative difference from its expected values (0 = equal; Infinity = another kind of difference). */
  readonly diff: (row: Readonly<Record<string, unknown>>, expected: unknown) => number;
}

/** Relative tolerance of double results (RSI runs the same IEEE-754 operations as the UDAF, so 0 is expected). */
export const RELATIVE_TOLERANCE = 1e-9;

function rel(a: unknown, b: number | null): number {
  if (b === null) return a === null || a === undefined ? 0 : Infinity;
  if (typeof a !== 'number') return Infinity;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

function bySymbol(events: number, symbols: number, perWindow: number): Map<string, Tick[]> {
  const out = new Map<string, Tick[]>();
  for (let i = 0; i < events; i++) {
    const tick = tickOf(i, symbols, perWindow);
    const list = out.get(tick.symbol) ?? [];
    list.push(tick);
    out.set(tick.symbol, list);
  }
  return out;
}

/** VWAP TUMBLE 1 min per symbol: sum(price * qty) / sum(qty), sum(qty), count, summed in produced order. */
function vwapReference(events: number, symbols: number, perWindow: number): RowCheck {
  const sums = new Map<string, { pq: number; q: number; trades: number }>();
  for (let i = 0; i < events; i++) {
    const e = tickOf(i, symbols, perWindow);
    const id = `${e.symbol}|${e.ts_ms - ((e.ts_ms - BASE_MS) % 60_000)}`;
    const s = sums.get(id) ?? { pq: 0, q: 0, trades: 0 };
    s.pq += e.price * e.qty;
    s.q += e.qty;
    s.trades += 1;
    sums.set(id, s);
  }
  const expected = new Map([...sums].map(([id, s]) => [id, { vwap: s.pq / s.q, volume: s.q, trades: s.trades }]));
  return {
    id: (row) => `${String(row['symbol'])}|${parseFlinkTs(row['window_start'])}`,
    expected,
    diff: (row, want) => {
      const w = want as { vwap: number; volume: number; trades: number };
      return row['trades'] !== w.trades ? Infinity : Math.max(rel(row['vwap'], w.vwap), rel(row['volume'], w.volume));
    },
  };
}

/** Wilder RSI per symbol and tick, the arithmetic of the SLUICE_RSI UDAF (RsiState.java) step by step. */
function rsiReference(events: number, symbols: number, perWindow: number): RowCheck {
  const expected = new Map<string, number | null>();
  for (const [symbol, ticks] of bySymbol(events, symbols, perWindow)) {
    let previous: number | undefined;
    let changes = 0;
    let avgGain = 0;
    let avgLoss = 0;
    for (const tick of ticks) {
      const x = tick.price;
      if (previous !== undefined) {
        const change = x - previous;
        const gain = change > 0 ? change : 0;
        const loss = change < 0 ? -change : 0;
        if (changes < RSI_PERIOD) {
          avgGain += gain;
          avgLoss += loss;
          changes++;
          if (changes === RSI_PERIOD) {
            avgGain = avgGain / RSI_PERIOD;
            avgLoss = avgLoss / RSI_PERIOD;
          }
        } else {
          avgGain = (avgGain * (RSI_PERIOD - 1) + gain) / RSI_PERIOD;
          avgLoss = (avgLoss * (RSI_PERIOD - 1) + loss) / RSI_PERIOD;
        }
      }
      previous = x;
      const total = avgGain + avgLoss;
      expected.set(`${symbol}|${tick.seq}`, changes < RSI_PERIOD ? null : total === 0 ? 0 : (100 * avgGain) / total);
    }
  }
  return {
    id: (row) => `${String(row['symbol'])}|${String(row['seq'])}`,
    expected,
    diff: (row, want) => rel(row['rsi'], want as number | null),
  };
}

/**
 * countWithin's MATCH_RECOGNIZE (PATTERN (E1 S1*? E2 S2*? E3) WITHIN, S = not hot, AFTER MATCH SKIP PAST LAST
 * ROW) by brute force per symbol: a match starting at hot tick j takes the next two hot ticks (the reluctant
 * skips stop at the first hot one) and completes when the last is less than WITHIN after the first (Flink
 * times a partial match out at first + WITHIN); after a match the search resumes past its last row,
 * otherwise at the next hot tick.
 */
function cepReference(events: number, symbols: number, perWindow: number): RowCheck {
  const expected = new Map<string, { first: number; last: number }>();
  for (const [symbol, ticks] of bySymbol(events, symbols, perWindow)) {
    const hot = ticks.filter((tick) => tick.price > HOT_ABOVE);
    let j = 0;
    while (j + CEP_COUNT <= hot.length) {
      const first = hot[j] as Tick;
      const last = hot[j + CEP_COUNT - 1] as Tick;
      if (last.ts_ms - first.ts_ms < CEP_WITHIN_MS) {
        expected.set(`${symbol}|${last.seq}`, { first: first.ts_ms, last: last.ts_ms });
        j += CEP_COUNT;
      } else {
        j += 1;
      }
    }
  }
  return {
    id: (row) => `${String(row['symbol'])}|${String(row['seq'])}`,
    expected,
    diff: (row, want) => {
      const w = want as { first: number; last: number };
      return parseFlinkTs(row['first_at']) === w.first && parseFlinkTs(row['last_at']) === w.last ? 0 : Infinity;
    },
  };
}

/** Each signal's reference over ticks 0..events-1. */
export function expectedRows(signalKind: FaultSignal, events: number, symbols: number, perWindow: number): RowCheck {
  switch (signalKind) {
    case 'vwap':
      return vwapReference(events, symbols, perWindow);
    case 'rsi':
      return rsiReference(events, symbols, perWindow);
    case 'cep':
      return cepReference(events, symbols, perWindow);
  }
}

/** Counts of one signal's rows read against its reference. */
export interface RowCounts {
  readonly expectedRows: number;
  /** Rows read, duplicates included. */
  readonly received: number;
  /** Expected rows never read. */
  readonly lost: number;
  /** Rows read more than once (each extra reading counts). */
  readonly duplicated: number;
  /** Distinct rows the reference does not have, or whose values differ beyond RELATIVE_TOLERANCE. */
  readonly wrong: number;
  /** Largest relative difference of a matched row's doubles (0 = bit for bit). */
  readonly maxRelDiff: number;
}

/** Compares rows read (their JSON text -> how often) with a reference. */
export function countRows(check: RowCheck, seen: ReadonlyMap<string, number>): RowCounts {
  const times = new Map<string, number>();
  let wrong = 0;
  let maxRelDiff = 0;
  let received = 0;
  for (const [text, n] of seen) {
    const row = JSON.parse(text) as Record<string, unknown>;
    const id = check.id(row);
    received += n;
    times.set(id, (times.get(id) ?? 0) + n);
    const d = check.expected.has(id) ? check.diff(row, check.expected.get(id)) : Infinity;
    if (d > RELATIVE_TOLERANCE) wrong++;
    else maxRelDiff = Math.max(maxRelDiff, d);
  }
  let lost = 0;
  for (const id of check.expected.keys()) if (!times.has(id)) lost++;
  const duplicated = [...times.values()].reduce((a, n) => a + Math.max(0, n - 1), 0);
  return { expectedRows: check.expected.size, received, lost, duplicated, wrong, maxRelDiff };
}
