/**
 * Operations in Flink's OpenAPI files that this client deliberately has no method for, with the
 * reason. The contract test and `scripts/operation-coverage.js` read this list.
 *
 * @example
 * ```ts
 * OPERATION_GAPS.submitJob // 'POST /jobs needs a Java-serialized JobGraph ...'
 * ```
 */
export const OPERATION_GAPS: Readonly<Record<string, string>> = {
  submitJob:
    'POST /jobs needs a Java-serialized JobGraph/ExecutionPlan file, which only a JVM can build; in the 1.20 spec only (hidden from 2.x docs). Use runJar (jar upload + run) or the SQL Gateway.',
};
