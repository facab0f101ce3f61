import { defineErrorCodes, sluiceErrorFactory } from '@sluice/errors';

/** Every error code `@sluice/flink-jobs` throws, with its category. */
export const FLINK_JOBS_ERROR_CODES = defineErrorCodes({
  /** A jar this package should carry is not there (not built in a checkout, or a damaged install). */
  FLINK_JOBS_JAR_MISSING: { category: 'usage' },
} as const);

/** A code of {@link FLINK_JOBS_ERROR_CODES}. */
export type FlinkJobsErrorCode = keyof typeof FLINK_JOBS_ERROR_CODES;

/** @internal Builds a SluiceError whose code is one of {@link FLINK_JOBS_ERROR_CODES}. */
export const flinkJobsError = sluiceErrorFactory(FLINK_JOBS_ERROR_CODES);
