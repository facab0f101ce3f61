export { SluiceError, isSluiceError } from './sluice-error';
export type { ErrorCode, ErrorCodePrefix, SluiceErrorOptions, SluiceErrorJson } from './sluice-error';
export { redact, REDACTED } from './redact';
export { defineErrorCodes, categoryOf, ERROR_CATEGORIES } from './error-codes';
export type { ErrorCategory, ErrorCodeInfo, ErrorCodeTable } from './error-codes';
export { sluiceErrorFactory } from './error-factory';
export type { SluiceErrorFactory } from './error-factory';
