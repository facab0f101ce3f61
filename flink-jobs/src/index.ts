export { FLINK_JOBS_JARS, jarPath, jarPaths, missingJarSuggestion, planToolJar, sqlRunnerJar, udfsJar } from './jars';
export type { FlinkJobsJar } from './jars';
export { UDF_CATALOG } from './udf-catalog';
export type { SluiceUdf } from './udf-catalog';
export { FLINK_JOBS_ERROR_CODES } from './error-codes';
export type { FlinkJobsErrorCode } from './error-codes';
