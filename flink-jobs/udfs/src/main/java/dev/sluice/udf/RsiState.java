package dev.sluice.udf;

/**
 * Running state of Wilder's RSI. A change is {@code x_t - x_{t-1}}; gain = max(change, 0), loss =
 * max(-change, 0). The first {@code period} changes are averaged (simple averages of gains and losses);
 * after that each change updates {@code avg = (avg * (period - 1) + current) / period} (Wilder smoothing).
 * RSI = {@code 100 * avgGain / (avgGain + avgLoss)} (= {@code 100 - 100 / (1 + RS)}), {@code 0} when both
 * averages are 0 (TA-Lib's rule), and {@code null} before {@code period} changes (the first {@code period}
 * values of a key give no RSI; value {@code period + 1} gives the first).
 */
public class RsiState {
  public int period;
  /** Values seen (0 or 1 before the first change; afterwards not used). */
  public boolean hasPrevious;
  public double previous;
  /** Changes seen, capped at {@code period}. */
  public int changes;
  public double avgGain;
  public double avgLoss;

  public RsiState() {}

  public void add(double x, int period) {
    this.period = period;
    if (!hasPrevious) {
      hasPrevious = true;
      previous = x;
      return;
    }
    double change = x - previous;
    previous = x;
    double gain = change > 0 ? change : 0.0;
    double loss = change < 0 ? -change : 0.0;
    if (changes < period) {
      // while seeding, avgGain/avgLoss hold sums
      avgGain += gain;
      avgLoss += loss;
      changes++;
      if (changes == period) {
        avgGain = avgGain / period;
        avgLoss = avgLoss / period;
      }
    } else {
      avgGain = (avgGain * (period - 1) + gain) / period;
      avgLoss = (avgLoss * (period - 1) + loss) / period;
    }
  }

  public Double value() {
    if (period < 1 || changes < period) return null;
    double total = avgGain + avgLoss;
    return total == 0.0 ? 0.0 : 100.0 * avgGain / total;
  }
}
