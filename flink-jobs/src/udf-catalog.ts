/** One user-defined function of `sluice-udfs.jar`. */
export interface SluiceUdf {
  /** SQL name (what the DSL's indicators call), e.g. `SLUICE_EMA`. */
  readonly name: string;
  /** Java class in the jar. */
  readonly className: string;
}

/**
 * Every function of `sluice-udfs.jar` (recursive indicators: UDAFs for unbounded OVER windows; a drift-free
 * standard deviation for bounded ones); the
 * classes are in flink-jobs/udfs (a unit test checks each one is in the built jar).
 *
 * @example
 * ```ts
 * import { UDF_CATALOG, udfsJar } from '@sluice/flink-jobs';
 * const ddl = UDF_CATALOG.map((f) => `CREATE TEMPORARY FUNCTION ${f.name} AS '${f.className}' USING JAR '${udfsJar}'`);
 * ```
 */
export const UDF_CATALOG: readonly SluiceUdf[] = Object.freeze([
  { name: 'SLUICE_EMA', className: 'dev.sluice.udf.Ema' },
  { name: 'SLUICE_RSI', className: 'dev.sluice.udf.Rsi' },
  { name: 'SLUICE_MACD', className: 'dev.sluice.udf.Macd' },
  { name: 'SLUICE_MACD_SIGNAL', className: 'dev.sluice.udf.MacdSignal' },
  { name: 'SLUICE_MACD_HIST', className: 'dev.sluice.udf.MacdHistogram' },
  { name: 'SLUICE_STDDEV_POP', className: 'dev.sluice.udf.StddevPop' },
]);
