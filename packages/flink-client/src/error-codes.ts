import { defineErrorCodes, sluiceErrorFactory } from '@sluice/errors';

/**
 * Every error code `@sluice/flink-client` raises, with its category (the CLI's exit code follows the category).
 *
 * @example
 * ```ts
 * FLINK_ERROR_CODES.FLINK_ABORTED.category // 'cancelled'
 * ```
 */
export const FLINK_ERROR_CODES = defineErrorCodes({
  FLINK_ABORTED: { category: 'cancelled' },
  FLINK_BAD_REQUEST: { category: 'invalid' },
  FLINK_CHECKPOINT_FAILED: { category: 'failed' },
  FLINK_CONFLICT: { category: 'conflict' },
  FLINK_HTTP_ERROR: { category: 'failed' },
  FLINK_JOB_STATE: { category: 'failed' },
  FLINK_NOT_FOUND: { category: 'not-found' },
  FLINK_PROTOCOL_ERROR: { category: 'internal' },
  FLINK_SAVEPOINT_DISPOSAL_FAILED: { category: 'failed' },
  FLINK_SAVEPOINT_FAILED: { category: 'failed' },
  FLINK_SERVER_ERROR: { category: 'failed' },
  FLINK_SQL_ERROR: { category: 'invalid' },
  FLINK_TIMEOUT: { category: 'timeout' },
  FLINK_UNAUTHORIZED: { category: 'config' },
  FLINK_UNAVAILABLE: { category: 'unreachable' },
  FLINK_UNSUPPORTED: { category: 'environment' },
} as const);

/** A stable code of an error raised by `@sluice/flink-client`. */
export type FlinkErrorCode = keyof typeof FLINK_ERROR_CODES;

/** @internal Builds a SluiceError whose code is one of {@link FLINK_ERROR_CODES}. */
export const flinkError = sluiceErrorFactory(FLINK_ERROR_CODES);
