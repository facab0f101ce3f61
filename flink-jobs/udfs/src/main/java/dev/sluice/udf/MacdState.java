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

  /**
   * Checks the periods (as the SQL function {@code function} received them) and adds {@code value};
   * shared by SLUICE_MACD, SLUICE_MACD_SIGNAL and SLUICE_MACD_HIST, which differ only in what they return.
   */
  void accept(String function, Double value, Integer fast, Integer slow, Integer signal) {
    int f = Params.period(function, "fast", fast);
    int s = Params.period(function, "slow", slow);
    int g = Params.period(function, "signal", signal);
    if (f >= s) {
      throw new IllegalArgumentException(function + ": fast (" + f + ") must be smaller than slow (" + s + ")");
    }
    if (value != null) {
      add(value, f, s, g);
    }
  }
}
