// The only public surface of @sluice/testing: run signals on real Flink over typed events, in a test.
export { runSignal } from './run-signal';
export type { RunSignalOptions, SourceEvents } from './run-signal';
export { testEndpoints } from './test-endpoints';
export type { TestEndpoints } from './test-endpoints';
export { TESTING_ERROR_CODES } from './error-codes';
export type { TestingErrorCode } from './error-codes';
