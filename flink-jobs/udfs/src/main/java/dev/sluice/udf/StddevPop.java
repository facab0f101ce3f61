package dev.sluice.udf;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code SLUICE_STDDEV_POP(value DOUBLE) -> DOUBLE}: population standard deviation that stays exact over
 * long runs, for bounded OVER windows ({@code ROWS BETWEEN n PRECEDING AND CURRENT ROW}), where Flink adds
 * each row once and retracts it once. Same result as {@code STDDEV_POP} (NULL inputs ignored, NULL for no
 * values, 0 for one value), but its sums are double-double ({@link MomentsState}), so the error does not
 * grow with the rows a key has seen.
 *
 * <pre>
 * CREATE TEMPORARY FUNCTION SLUICE_STDDEV_POP AS 'dev.sluice.udf.StddevPop' USING JAR '.../sluice-udfs.jar';
 * SELECT symbol, ts, SLUICE_STDDEV_POP(price) OVER (PARTITION BY symbol ORDER BY ts
 *   ROWS BETWEEN 19 PRECEDING AND CURRENT ROW) AS sd20 FROM trades;
 * </pre>
 */
// A RAW accumulator stays a Java object in heap state; as a structured type Flink converted it to and
// from a row on every input row (issue 17: the indicators used 3.2x the CPU per row). Checkpoints serialize it with Kryo.
@FunctionHint(accumulator = @DataTypeHint(value = "RAW", bridgedTo = MomentsState.class))
public class StddevPop extends AggregateFunction<Double, MomentsState> {
  @Override
  public MomentsState createAccumulator() {
    return new MomentsState();
  }

  public void accumulate(MomentsState acc, @DataTypeHint("DOUBLE") Double value) {
    if (value != null) acc.add(value);
  }

  public void retract(MomentsState acc, @DataTypeHint("DOUBLE") Double value) {
    if (value != null) acc.remove(value);
  }

  public void merge(MomentsState acc, Iterable<MomentsState> others) {
    for (MomentsState other : others) acc.merge(other);
  }

  public void resetAccumulator(MomentsState acc) {
    acc.clear();
  }

  @Override
  public Double getValue(MomentsState acc) {
    Double variance = acc.populationVariance();
    return variance == null ? null : Math.sqrt(variance);
  }
}
