import { defineErrorCodes, sluiceErrorFactory } from '@sluice/errors';

/**
 * Every error code `@sluice/dashboard` raises, with its category.
 *
 * @example
 * ```ts
 * DASHBOARD_ERROR_CODES.DASHBOARD_TOKEN_REQUIRED.category // 'usage'
 * ```
 */
export const DASHBOARD_ERROR_CODES = defineErrorCodes({
  /** A host other than loopback was asked for without a token. */
  DASHBOARD_TOKEN_REQUIRED: { category: 'usage' },
  /** An option is out of range (port, history cap, interval, token). */
  DASHBOARD_INVALID_OPTION: { category: 'usage' },
  /** The port is taken. */
  DASHBOARD_PORT_BUSY: { category: 'conflict' },
} as const);

/** A stable code of an error raised by `@sluice/dashboard`. */
export type DashboardErrorCode = keyof typeof DASHBOARD_ERROR_CODES;

/** @internal Builds a SluiceError whose code is one of {@link DASHBOARD_ERROR_CODES}. */
export const dashboardError = sluiceErrorFactory(DASHBOARD_ERROR_CODES);
