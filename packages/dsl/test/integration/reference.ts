// Reference computations in plain TS: what each signal must output for a fixture.

export interface TradeEvent {
  symbol: string;
  price: number;
  qty: number;
  ts_ms: number;
}
export interface LoginEvent {
  user_id: string;
  success: boolean;
  ts_ms: number;
}
export interface OrderEvent {
  order_id: number;
  ts_ms: number;
}
export interface ShipmentEvent {
  order_id: number;
  carrier: string;
  ts_ms: number;
}

/** Flink's SQL text of a UTC timestamp with milliseconds, as a comparable key. */
export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Parses Flink JSON timestamps ('2024-01-01 00:00:10', '... .5', '...Z') as UTC. */
export function parseTs(value: unknown): string {
  const text = String(value).replace(' ', 'T').replace(/Z$/, '');
  return new Date(`${text}Z`).toISOString();
}

function groupBy<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return m;
}

/** Windows of a tumbling/hopping assigner containing `ts`. */
function hopWindows(ts: number, slide: number, size: number): number[] {
  const starts: number[] = [];
  const last = ts - (ts % slide);
  for (let start = last; start > ts - size; start -= slide) starts.push(start);
  return starts;
}

export function tumbleAgg(events: readonly TradeEvent[], size: number): string[] {
  const out: string[] = [];
  const groups = groupBy(events, (e) => `${e.symbol}|${e.ts_ms - (e.ts_ms % size)}`);
  for (const [key, rows] of groups) {
    const [symbol, start] = key.split('|');
    const s = Number(start);
    out.push(`${iso(s)} ${iso(s + size)} ${symbol} qty=${rows.reduce((a, r) => a + r.qty, 0)} n=${rows.length} max=${Math.max(...rows.map((r) => r.price))}`);
  }
  return out.sort();
}

export function hopCount(events: readonly TradeEvent[], slide: number, size: number): string[] {
  const counts = new Map<string, number>();
  for (const e of events) {
    for (const start of hopWindows(e.ts_ms, slide, size)) {
      const key = `${iso(start)} ${iso(start + size)} ${e.symbol}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].map(([k, n]) => `${k} n=${n}`).sort();
}

/** Session windows: a row joins the session while it starts before the last row + gap. */
export function sessions(events: readonly TradeEvent[], gap: number): string[] {
  const out: string[] = [];
  for (const [symbol, rows] of groupBy(events, (e) => e.symbol)) {
    const sorted = [...rows].sort((a, b) => a.ts_ms - b.ts_ms);
    let current: TradeEvent[] = [];
    const flush = (): void => {
      const first = current[0];
      const last = current[current.length - 1];
      if (first === undefined || last === undefined) return;
      out.push(`${iso(first.ts_ms)} ${iso(last.ts_ms + gap)} ${symbol} n=${current.length} qty=${current.reduce((a, r) => a + r.qty, 0)}`);
    };
    for (const e of sorted) {
      const last = current[current.length - 1];
      if (last !== undefined && e.ts_ms >= last.ts_ms + gap) {
        flush();
        current = [];
      }
      current.push(e);
    }
    flush();
  }
  return out.sort();
}

/** AVG over the current row and `preceding` rows before it, per symbol in time order. */
export function movingAverage(events: readonly TradeEvent[], preceding: number): string[] {
  const out: string[] = [];
  for (const [symbol, rows] of groupBy(events, (e) => e.symbol)) {
    const sorted = [...rows].sort((a, b) => a.ts_ms - b.ts_ms);
    sorted.forEach((e, i) => {
      const frame = sorted.slice(Math.max(0, i - preceding), i + 1);
      const avg = frame.reduce((a, r) => a + r.price, 0) / frame.length;
      out.push(`${symbol} ${iso(e.ts_ms)} price=${e.price} ma=${avg}`);
    });
  }
  return out.sort();
}

/** Orders joined with shipments at most `upper` ms after the order. */
export function intervalJoin(orders: readonly OrderEvent[], shipments: readonly ShipmentEvent[], upper: number): string[] {
  const out: string[] = [];
  for (const o of orders) {
    for (const s of shipments) {
      if (s.order_id === o.order_id && s.ts_ms >= o.ts_ms && s.ts_ms <= o.ts_ms + upper) {
        out.push(`${o.order_id} ${s.carrier} ${iso(o.ts_ms)} ${iso(s.ts_ms)}`);
      }
    }
  }
  return out.sort();
}

/** PATTERN (F{n}) WITHIN `within`, AFTER MATCH SKIP PAST LAST ROW, per user in time order. */
export function failedLogins(events: readonly LoginEvent[], n: number, within: number): string[] {
  const out: string[] = [];
  for (const [user, rows] of groupBy(events, (e) => e.user_id)) {
    const sorted = [...rows].sort((a, b) => a.ts_ms - b.ts_ms);
    let i = 0;
    while (i + n <= sorted.length) {
      const run = sorted.slice(i, i + n);
      const first = run[0];
      const last = run[run.length - 1];
      if (first !== undefined && last !== undefined && run.every((r) => !r.success) && last.ts_ms - first.ts_ms < within) {
        out.push(`${user} ${iso(first.ts_ms)} ${iso(last.ts_ms)} n=${n}`);
        i += n;
      } else {
        i += 1;
      }
    }
  }
  return out.sort();
}
