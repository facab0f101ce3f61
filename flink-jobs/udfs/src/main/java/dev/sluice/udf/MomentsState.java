package dev.sluice.udf;

/**
 * Count, sum and sum of squares of a window's values, kept as double-double numbers (a high and a low
 * double whose sum is the value) so that adding and retracting values for months does not drift.
 *
 * <p>Why: Flink's {@code STDDEV_POP} over a sliding window keeps {@code SUM(x)} and {@code SUM(x * x)} in
 * plain doubles and adds and subtracts every row once; each step rounds, the rounding never cancels, and
 * {@code E[x^2] - E[x]^2} turns that absolute error into a relative one that grows with the rows seen
 * (7e-10 after 600 rows per key at prices near 100). Here every square is split exactly into two doubles
 * ({@link Math#fma}), sums are error-free transformations (Knuth's TwoSum), so a retraction removes exactly
 * what the accumulation added, and the final subtraction runs in double-double too: the error stays at a few
 * units of the last place of the result, however long the signal runs.
 *
 * <p>Public fields and a no-argument constructor make it a Flink POJO (the accumulator is kept in state).
 */
public class MomentsState {
  /** Values in the window. */
  public long count;
  /** Sum of the values: high and low parts. */
  public double sumHi;
  public double sumLo;
  /** Sum of the squared values: high and low parts. */
  public double sumSqHi;
  public double sumSqLo;

  public MomentsState() {}

  /** Adds one value. */
  public void add(double x) {
    count++;
    addToSum(x);
    double sq = x * x;
    addToSumSq(sq, Math.fma(x, x, -sq));
  }

  /** Removes one value that {@link #add} added before (Flink retracts each row exactly once). */
  public void remove(double x) {
    count--;
    if (count <= 0) {
      clear();
      return;
    }
    addToSum(-x);
    double sq = x * x;
    addToSumSq(-sq, -Math.fma(x, x, -sq));
  }

  /** Adds another window's moments (Flink merges accumulators of session and local-global aggregates). */
  public void merge(MomentsState other) {
    count += other.count;
    addToSum(other.sumHi);
    addToSum(other.sumLo);
    addToSumSq(other.sumSqHi, other.sumSqLo);
  }

  /** Empties the state. */
  public void clear() {
    count = 0;
    sumHi = sumLo = sumSqHi = sumSqLo = 0.0;
  }

  /**
   * Population variance {@code (sum(x^2) - sum(x)^2 / n) / n}, computed in double-double; {@code null}
   * for an empty window, never negative.
   */
  public Double populationVariance() {
    if (count <= 0) return null;
    double n = (double) count;
    // sum^2 as a double-double: the exact square of the high part plus the cross term.
    double p = sumHi * sumHi;
    double pErr = Math.fma(sumHi, sumHi, -p) + 2.0 * sumHi * sumLo;
    double sqHi = p + pErr;
    double sqLo = pErr - (sqHi - p);
    // divided by n as a double-double: quotient plus the quotient of the exact remainder.
    double q = sqHi / n;
    double qLo = (Math.fma(-q, n, sqHi) + sqLo) / n;
    // sum(x^2) - sum^2 / n, still error-free until the last rounding.
    double[] d = twoSum(sumSqHi, -q);
    double num = d[0] + (d[1] + sumSqLo - qLo);
    return num <= 0.0 ? 0.0 : num / n;
  }

  private void addToSum(double x) {
    double[] s = twoSum(sumHi, x);
    double lo = s[1] + sumLo;
    sumHi = s[0] + lo;
    sumLo = lo - (sumHi - s[0]);
  }

  private void addToSumSq(double hi, double lo) {
    double[] s = twoSum(sumSqHi, hi);
    double l = s[1] + sumSqLo + lo;
    sumSqHi = s[0] + l;
    sumSqLo = l - (sumSqHi - s[0]);
  }

  /** Knuth's TwoSum: {@code a + b} exactly as a rounded sum and its rounding error. */
  private static double[] twoSum(double a, double b) {
    double s = a + b;
    double bb = s - a;
    return new double[] {s, (a - (s - bb)) + (b - bb)};
  }
}
