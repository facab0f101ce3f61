export { SluiceError, isSluiceError } from './sluice-error';
export type { ErrorCode, ErrorCodePrefix, SluiceErrorOptions, SluiceErrorJson } from './sluice-error';
export { redact, REDACTED } from './redact';
