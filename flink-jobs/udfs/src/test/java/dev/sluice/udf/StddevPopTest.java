package dev.sluice.udf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * SLUICE_STDDEV_POP over a sliding window of 20 rows for 1,000,000 rows of one key, driven the way Flink
 * drives a bounded OVER window (accumulate the new row, retract the one that left), against an exact two-pass
 * reference (BigDecimal) on every 997th row and the last 1,000 rows.
 */
class StddevPopTest {
  private static final int ROWS = 1_000_000;
  private static final int PERIOD = 20;

  @Test
  void staysWithinOneBillionthOfTheTwoPassReferenceAfterAMillionRows() {
    // Prices near 10,000 moving by cents: the case where E[x^2] - E[x]^2 cancels hardest.
    Result hard = run(new Random(7), 10_000.0, 0.01);
    // Prices near 100 with a realistic spread.
    Result usual = run(new Random(11), 100.0, 0.5);
    System.out.printf(
        "SLUICE_STDDEV_POP after %,d rows, window %d: max relative error %.2e (prices ~10000, cent steps), %.2e (prices ~100)%n"
            + "  running plain-double sums (what STDDEV_POP keeps): %.2e and %.2e%n",
        ROWS, PERIOD, hard.ours, usual.ours, hard.naive, usual.naive);
    assertTrue(hard.ours <= 1e-12, "prices ~10000: " + hard.ours);
    assertTrue(usual.ours <= 1e-12, "prices ~100: " + usual.ours);
  }

  @Test
  void matchesStddevPopOnSmallCases() {
    StddevPop f = new StddevPop();
    MomentsState acc = f.createAccumulator();
    assertNull(f.getValue(acc));
    f.accumulate(acc, 2.0);
    assertEquals(0.0, f.getValue(acc), 0.0);
    f.accumulate(acc, null); // ignored, as STDDEV_POP ignores NULL
    for (double x : new double[] {4, 4, 4, 5, 5, 7, 9}) f.accumulate(acc, x);
    assertEquals(2.0, f.getValue(acc), 0.0); // the textbook example: mean 5, variance 4
    f.retract(acc, 2.0);
    f.retract(acc, 9.0);
    assertEquals(Math.sqrt(41.0 / 36.0), f.getValue(acc), 1e-15); // 4, 4, 4, 5, 5, 7: mean 29/6
    for (double x : new double[] {4, 4, 4, 5, 5, 7}) f.retract(acc, x);
    assertNull(f.getValue(acc));
    MomentsState a = f.createAccumulator();
    MomentsState b = f.createAccumulator();
    f.accumulate(a, 1.0);
    f.accumulate(b, 3.0);
    f.merge(a, List.of(b));
    assertEquals(1.0, f.getValue(a), 0.0);
  }

  private static final class Result {
    double ours;
    double naive;
  }

  private static Result run(Random random, double start, double step) {
    StddevPop f = new StddevPop();
    MomentsState acc = f.createAccumulator();
    double naiveSum = 0;
    double naiveSumSq = 0;
    ArrayDeque<Double> window = new ArrayDeque<>();
    double price = start;
    Result r = new Result();
    for (int i = 0; i < ROWS; i++) {
      price += Math.round(random.nextGaussian() * step * 100) / 100.0;
      f.accumulate(acc, price);
      naiveSum += price;
      naiveSumSq += price * price;
      window.addLast(price);
      if (window.size() > PERIOD) {
        double gone = window.removeFirst();
        f.retract(acc, gone);
        naiveSum -= gone;
        naiveSumSq -= gone * gone;
      }
      if (window.size() == PERIOD && (i % 997 == 0 || i >= ROWS - 1000)) {
        double reference = twoPass(window);
        if (reference == 0.0) continue;
        double ours = f.getValue(acc);
        double naiveVar = (naiveSumSq - naiveSum * naiveSum / PERIOD) / PERIOD;
        double naive = Math.sqrt(Math.max(naiveVar, 0.0));
        r.ours = Math.max(r.ours, Math.abs(ours - reference) / reference);
        r.naive = Math.max(r.naive, Math.abs(naive - reference) / reference);
      }
    }
    return r;
  }

  /** Exact mean, then the exact mean of squared deviations; only the square root rounds. */
  private static double twoPass(ArrayDeque<Double> window) {
    MathContext mc = MathContext.DECIMAL128;
    BigDecimal sum = BigDecimal.ZERO;
    for (double x : window) sum = sum.add(new BigDecimal(x));
    BigDecimal mean = sum.divide(BigDecimal.valueOf(window.size()), mc);
    BigDecimal ss = BigDecimal.ZERO;
    for (double x : window) {
      BigDecimal d = new BigDecimal(x).subtract(mean);
      ss = ss.add(d.multiply(d, mc), mc);
    }
    return Math.sqrt(ss.divide(BigDecimal.valueOf(window.size()), mc).doubleValue());
  }
}
