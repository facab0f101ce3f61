package dev.sluice.udf;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code SLUICE_MACD_SIGNAL(value DOUBLE, fast INT, slow INT, signal INT) -> DOUBLE}: the signal line (EMA of the MACD line) of MACD, for an unbounded
 * OVER window. The usual parameters are 12, 26, 9.
 *
 * <p>Warm-up convention: both EMAs are seeded with the simple average of their own first values
 * ({@code fast} and {@code slow} values, StockCharts' convention; TA-Lib instead starts the fast EMA later,
 * so its first MACD values differ). The line exists from the {@code slow}-th row of a key; the signal line
 * is an EMA of the line seeded with the average of its first {@code signal} values, so it and the histogram
 * exist from row {@code slow + signal - 1}. Before that the result is {@code NULL}. See {@link MacdState}.
 *
 * <pre>
 * SELECT symbol, ts, SLUICE_MACD_SIGNAL(price, 12, 26, 9) OVER (PARTITION BY symbol ORDER BY ts) FROM trades;
 * </pre>
 */
// A RAW accumulator stays a Java object in heap state; as a structured type Flink converted it to and
// from a row on every input row (issue 17: the indicators used 3.2x the CPU per row). Checkpoints serialize it with Kryo.
@FunctionHint(accumulator = @DataTypeHint(value = "RAW", bridgedTo = MacdState.class))
public class MacdSignal extends AggregateFunction<Double, MacdState> {
  @Override
  public MacdState createAccumulator() {
    return new MacdState();
  }

  public void accumulate(
      MacdState acc,
      @DataTypeHint("DOUBLE") Double value,
      @DataTypeHint("INT") Integer fast,
      @DataTypeHint("INT") Integer slow,
      @DataTypeHint("INT") Integer signal) {
    acc.accept("SLUICE_MACD_SIGNAL", value, fast, slow, signal);
  }

  @Override
  public Double getValue(MacdState acc) {
    return acc.signalLine();
  }
}
