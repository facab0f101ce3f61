package dev.sluice.udf;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code SLUICE_EMA(value DOUBLE, period INT) -> DOUBLE}: exponential moving average for an unbounded
 * OVER window ({@code PARTITION BY key ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW}).
 *
 * <p>Warm-up convention (the standard one: TA-Lib's default, StockCharts): {@code alpha = 2 / (period + 1)};
 * the EMA is seeded with the simple average of the first {@code period} values and is {@code NULL} before
 * that; afterwards {@code ema_t = ema_{t-1} + alpha * (x_t - ema_{t-1})}. NULL inputs are ignored (the row
 * gets the current EMA). {@code period} must be a positive integer.
 *
 * <pre>
 * CREATE TEMPORARY FUNCTION SLUICE_EMA AS 'dev.sluice.udf.Ema' USING JAR '.../sluice-udfs.jar';
 * SELECT symbol, ts, SLUICE_EMA(price, 20) OVER (PARTITION BY symbol ORDER BY ts) AS ema20 FROM trades;
 * </pre>
 */
// A RAW accumulator stays a Java object in heap state; as a structured type Flink converted it to and
// from a row on every input row (issue 17: the indicators used 3.2x the CPU per row). Checkpoints serialize it with Kryo.
@FunctionHint(accumulator = @DataTypeHint(value = "RAW", bridgedTo = EmaState.class))
public class Ema extends AggregateFunction<Double, EmaState> {
  @Override
  public EmaState createAccumulator() {
    return new EmaState();
  }

  public void accumulate(EmaState acc, @DataTypeHint("DOUBLE") Double value, @DataTypeHint("INT") Integer period) {
    int n = Params.period("SLUICE_EMA", "period", period);
    if (value != null) acc.add(value, n);
  }

  @Override
  public Double getValue(EmaState acc) {
    return acc.value();
  }
}
