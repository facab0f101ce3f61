package dev.sluice.udf;

/**
 * Running state of one exponential moving average with the standard seeding: the first {@code period}
 * values are summed, the EMA starts as their simple average (at the {@code period}-th value), and every
 * later value {@code x} gives {@code ema = ema + alpha * (x - ema)} with {@code alpha = 2 / (period + 1)}.
 * Before the {@code period}-th value there is no EMA ({@link #value()} is {@code null}).
 *
 * <p>Public fields and a no-argument constructor make it a Flink POJO (the accumulator is kept in state).
 */
public class EmaState {
  /** The period (set by the first value). */
  public int period;
  /** Values seen so far, capped at {@code period} (it stays there once the EMA is seeded). */
  public int count;
  /** Sum of the first {@code period} values (only used while seeding). */
  public double seedSum;
  /** The current EMA, valid once {@code count == period}. */
  public double ema;

  public EmaState() {}

  /** Adds one value; {@code period} must be the same on every call. */
  public void add(double x, int period) {
    this.period = period;
    if (count < period) {
      seedSum += x;
      count++;
      if (count == period) ema = seedSum / period;
    } else {
      double alpha = 2.0 / (period + 1);
      ema = ema + alpha * (x - ema);
    }
  }

  /** True once the EMA exists (after {@code period} values). */
  public boolean ready() {
    return period > 0 && count >= period;
  }

  /** The EMA, or null while seeding. */
  public Double value() {
    return ready() ? ema : null;
  }
}
