package dev.sluice.udf;

/**
 * Running state of MACD(fast, slow, signal): two EMAs of the input (each seeded with the simple average
 * of its own first values, see {@link EmaState}); the MACD line {@code emaFast - emaSlow} exists from the
 * {@code slow}-th value on; the signal line is an EMA({@code signal}) of the MACD line, seeded with the
 * simple average of the first {@code signal} MACD values (so it exists from value {@code slow + signal - 1});
 * histogram = line - signal.
 */
public class MacdState {
  public EmaState fast = new EmaState();
  public EmaState slow = new EmaState();
  public EmaState signal = new EmaState();

  public MacdState() {}

  public void add(double x, int fastPeriod, int slowPeriod, int signalPeriod) {
    fast.add(x, fastPeriod);
    slow.add(x, slowPeriod);
    if (fast.ready() && slow.ready()) signal.add(fast.ema - slow.ema, signalPeriod);
  }

  public Double line() {
    return fast.ready() && slow.ready() ? fast.ema - slow.ema : null;
  }

  public Double signalLine() {
    return signal.value();
  }

  public Double histogram() {
    Double line = line();
    Double sig = signal.value();
    return line == null || sig == null ? null : line - sig;
  }
}
