import { defineErrorCodes, sluiceErrorFactory } from '@sluice/errors';

/**
 * Every error code `@sluice/testing` raises, with its category (the CLI's exit code follows the category).
 *
 * @example
 * ```ts
 * TESTING_ERROR_CODES.TEST_JOB_FAILED.category // 'failed'
 * ```
 */
export const TESTING_ERROR_CODES = defineErrorCodes({
  TEST_JOB_FAILED: { category: 'failed' },
  TEST_TIMEOUT: { category: 'timeout' },
  TEST_UNKNOWN_SOURCE: { category: 'not-found' },
  TEST_UNSUPPORTED_SIGNAL: { category: 'invalid' },
} as const);

/** A stable code of an error raised by `@sluice/testing`. */
export type TestingErrorCode = keyof typeof TESTING_ERROR_CODES;

/** @internal Builds a SluiceError whose code is one of {@link TESTING_ERROR_CODES}. */
export const testingError = sluiceErrorFactory(TESTING_ERROR_CODES);
