package dev.sluice.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Hand-computed warm-up and recursion checks (the parity on the cluster is tested from TypeScript). */
class IndicatorStateTest {
  @Test
  void emaIsSeededWithTheSimpleAverageThenSmoothed() {
    Ema f = new Ema();
    EmaState acc = f.createAccumulator();
    f.accumulate(acc, 1.0, 3);
    assertNull(f.getValue(acc));
    f.accumulate(acc, 2.0, 3);
    f.accumulate(acc, null, 3); // ignored
    assertNull(f.getValue(acc));
    f.accumulate(acc, 3.0, 3);
    assertEquals(2.0, f.getValue(acc), 0.0); // SMA of 1, 2, 3
    f.accumulate(acc, 6.0, 3);
    assertEquals(2.0 + 0.5 * (6.0 - 2.0), f.getValue(acc), 1e-15); // alpha = 2 / 4
  }

  @Test
  void rsiSeedsWithSimpleAveragesOfTheFirstChanges() {
    Rsi f = new Rsi();
    RsiState acc = f.createAccumulator();
    double[] xs = {10, 11, 10.5, 12}; // changes +1, -0.5, +1.5
    for (int i = 0; i < xs.length; i++) {
      f.accumulate(acc, xs[i], 3);
      if (i < 3) assertNull(f.getValue(acc));
    }
    // avgGain = 2.5 / 3, avgLoss = 0.5 / 3 -> RSI = 100 * 2.5 / 3
    assertEquals(100.0 * 2.5 / 3.0, f.getValue(acc), 1e-12);
    f.accumulate(acc, 11.0, 3); // change -1: gain (2.5/3*2 + 0)/3, loss (0.5/3*2 + 1)/3
    double g = (2.5 / 3 * 2) / 3;
    double l = (0.5 / 3 * 2 + 1) / 3;
    assertEquals(100.0 * g / (g + l), f.getValue(acc), 1e-12);
  }

  @Test
  void rsiIsZeroOnAFlatSeries() {
    Rsi f = new Rsi();
    RsiState acc = f.createAccumulator();
    for (int i = 0; i < 5; i++) f.accumulate(acc, 7.0, 2);
    assertEquals(0.0, f.getValue(acc), 0.0);
  }

  @Test
  void macdLineSignalAndHistogramAppearAtTheirWarmUpRows() {
    Macd line = new Macd();
    MacdSignal signal = new MacdSignal();
    MacdHistogram hist = new MacdHistogram();
    MacdState a = line.createAccumulator();
    MacdState b = signal.createAccumulator();
    MacdState c = hist.createAccumulator();
    for (int i = 1; i <= 6; i++) {
      double x = i * i;
      line.accumulate(a, x, 2, 3, 2);
      signal.accumulate(b, x, 2, 3, 2);
      hist.accumulate(c, x, 2, 3, 2);
      if (i < 3) assertNull(line.getValue(a));
      if (i < 4) assertNull(signal.getValue(b));
      if (i < 4) assertNull(hist.getValue(c));
    }
    // fast EMA(2): seed (1+4)/2 = 2.5, then alpha 2/3: 9 -> 6.8333.., 16 -> 12.9444.., 25 -> 20.98148.., 36 -> 30.99382..
    // slow EMA(3): seed (1+4+9)/3 = 14/3, then alpha 1/2: 16 -> 10.3333.., 25 -> 17.6666.., 36 -> 26.8333..
    double f3 = 2.5 + 2.0 / 3 * (9 - 2.5);
    double s3 = 14.0 / 3;
    double f4 = f3 + 2.0 / 3 * (16 - f3);
    double s4 = s3 + 0.5 * (16 - s3);
    double f5 = f4 + 2.0 / 3 * (25 - f4);
    double s5 = s4 + 0.5 * (25 - s4);
    double f6 = f5 + 2.0 / 3 * (36 - f5);
    double s6 = s5 + 0.5 * (36 - s5);
    double sig4 = ((f3 - s3) + (f4 - s4)) / 2;
    double sig5 = sig4 + 2.0 / 3 * ((f5 - s5) - sig4);
    double sig6 = sig5 + 2.0 / 3 * ((f6 - s6) - sig5);
    assertEquals(f6 - s6, line.getValue(a), 1e-12);
    assertEquals(sig6, signal.getValue(b), 1e-12);
    assertEquals(f6 - s6 - sig6, hist.getValue(c), 1e-12);
  }

  @Test
  void badPeriodsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new Ema().accumulate(new EmaState(), 1.0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Rsi().accumulate(new RsiState(), 1.0, null));
    assertThrows(IllegalArgumentException.class, () -> new Macd().accumulate(new MacdState(), 1.0, 26, 12, 9));
  }
}
