import type { TradeEvent } from './signals';

/** Starting prices of the demo's symbols. */
export const DEMO_SYMBOLS: Readonly<Record<string, number>> = { AAPL: 231.4, MSFT: 468.2, NVDA: 141.9, ASML: 702.5 };

/** A random walk per symbol (0.1% steps) with a slow drift that changes sign, so RSI and MACD move. */
export class SyntheticTrades {
  readonly prices: Record<string, number> = { ...DEMO_SYMBOLS };
  private step = 0;

  /** `n` trades stamped with the current time. */
  next(n: number, now = Date.now()): TradeEvent[] {
    const symbols = Object.keys(this.prices);
    const out: TradeEvent[] = [];
    this.step += 1;
    const drift = Math.sin(this.step / 120) * 0.00004;
    for (let i = 0; i < n; i++) {
      const symbol = symbols[Math.floor(Math.random() * symbols.length)] as string;
      const before = this.prices[symbol] as number;
      const price = Math.max(1, before * (1 + drift + (Math.random() - 0.5) * 0.002));
      this.prices[symbol] = price;
      out.push({ symbol, price: Math.round(price * 100) / 100, qty: 1 + Math.floor(Math.random() * 500), ts_ms: now + i });
    }
    return out;
  }
}
