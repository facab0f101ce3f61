// A deterministic tick fixture: several symbols, unique increasing timestamps per symbol, prices from a
// seeded random walk (two decimals), integer quantities. Produced in timestamp order to one partition.
import { seededRandom } from '../../../../../examples/shared/seeded-random';

/** One trade tick as produced to Kafka (JSON). */
export interface Tick {
  symbol: string;
  price: number;
  qty: number;
  ts_ms: number;
}

/** `perSymbol` ticks for each symbol, starting at `t0`, 1 to 4 s apart, sorted by time over all symbols. */
export function tickFixture(symbols: readonly string[], perSymbol: number, t0: number, seed = 7): Tick[] {
  const rnd = seededRandom(seed);
  const out: Tick[] = [];
  symbols.forEach((symbol, s) => {
    let price = 50 + 40 * s;
    let ts = t0 + s * 137;
    for (let i = 0; i < perSymbol; i++) {
      price = Math.max(5, Math.round((price + (rnd() - 0.5) * 2) * 100) / 100);
      ts += 1000 + Math.floor(rnd() * 3000);
      out.push({ symbol, price, qty: 1 + Math.floor(rnd() * 50), ts_ms: ts });
    }
  });
  // one global order by time (ties broken by symbol) = the order Flink reads them in
  return out.sort((a, b) => a.ts_ms - b.ts_ms || a.symbol.localeCompare(b.symbol));
}

/** Ticks of one symbol in time order. */
export function seriesOf(ticks: readonly Tick[], symbol: string): Tick[] {
  return ticks.filter((t) => t.symbol === symbol);
}
