export { stackUp, stackDown, stackStatus } from './stack';
export type { StackProgress, StackUpResult, PartStart, StackDownResult, PartStop, StackStatus, PartStatus } from './stack';
export {
  resolveStackOptions,
  stackProcesses,
  taskManagerProcess,
  partOf,
  MAX_TASKMANAGERS,
  kafkaConnectorFor,
  jdbcConnectorFor,
  endpointsOf,
  defaultCacheDir,
  defaultStateDir,
  STACK_PARTS,
  DEFAULT_PORTS,
  DEFAULT_MEMORY,
  DEFAULT_FLINK_VERSION,
  DEFAULT_KAFKA_VERSION,
  DEFAULT_REGISTRY_VERSION,
  CCOMPAT_PATH,
  avroFormatFor,
  PORT_ENV,
  STACK_SASL_USER,
  STACK_SASL_PASSWORD,
  STACK_SASL_MECHANISMS,
} from './options';
export type { StackOptions, StackOptionsInput, StackPorts, RecordedPorts, StackMemory, StackPart, StackProcess, StackEndpoints } from './options';
export { fetchArtifacts } from './artifacts/fetch-artifacts';
export { flinkLibJars, jdbcConnectorJars } from './artifacts/flink-distribution';
export type { StackHomes } from './artifacts/fetch-artifacts';
export { flinkHomeFor, flinkHomePrefix } from './artifacts/cache-layout';
export type { FlinkHomeOptions as StackFlinkHomeOptions } from './artifacts/cache-layout';
export type { ArtifactReport } from './artifacts/cached-artifact';
export { findFreePorts, freeStackPorts, isPortFree } from './ports';
export { checkPart } from './health';
export type { HealthResult } from './health';
export { stackLayout } from './layout';
export { javaCommand, kafkaToolJvmArgs } from './process/launch-part';
export type { StackHomesRef } from './process/launch-part';
export type { StackLayout } from './layout';
export { testStackEndpoints, OPTIONAL_ENDPOINT_ENV } from './jest/test-endpoints';
export { STACK_ERROR_CODES } from './error-codes';
export type { StackErrorCode } from './error-codes';
