package dev.sluice.udf;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code SLUICE_RSI(value DOUBLE, period INT) -> DOUBLE}: Wilder's Relative Strength Index (0..100) for an
 * unbounded OVER window.
 *
 * <p>Warm-up convention (Wilder's original, as TA-Lib): the first {@code period} price changes seed the
 * average gain and loss with simple averages; later changes use Wilder smoothing
 * {@code avg = (avg * (period - 1) + current) / period}. The result is {@code NULL} until {@code period}
 * changes exist (i.e. for the first {@code period} rows of a key), and {@code 0} if both averages are 0.
 * NULL inputs are ignored. See {@link RsiState}.
 *
 * <pre>
 * SELECT symbol, ts, SLUICE_RSI(price, 14) OVER (PARTITION BY symbol ORDER BY ts) AS rsi14 FROM trades;
 * </pre>
 */
// A RAW accumulator stays a Java object in heap state; as a structured type Flink converted it to and
// from a row on every input row (issue 17: the indicators used 3.2x the CPU per row). Checkpoints serialize it with Kryo.
@FunctionHint(accumulator = @DataTypeHint(value = "RAW", bridgedTo = RsiState.class))
public class Rsi extends AggregateFunction<Double, RsiState> {
  @Override
  public RsiState createAccumulator() {
    return new RsiState();
  }

  public void accumulate(RsiState acc, @DataTypeHint("DOUBLE") Double value, @DataTypeHint("INT") Integer period) {
    int n = Params.period("SLUICE_RSI", "period", period);
    if (value != null) acc.add(value, n);
  }

  @Override
  public Double getValue(RsiState acc) {
    return acc.value();
  }
}
