import { defineErrorCodes, sluiceErrorFactory } from '@sluice/errors';

/**
 * Every error code `@sluice/stack` raises, with its category (the CLI's exit code follows the category).
 *
 * @example
 * ```ts
 * STACK_ERROR_CODES.STACK_ARTIFACT_BROKEN.category // 'environment'
 * ```
 */
export const STACK_ERROR_CODES = defineErrorCodes({
  STACK_ARTIFACT_BROKEN: { category: 'environment' },
  STACK_COMMAND_FAILED: { category: 'failed' },
  STACK_CONFLICT: { category: 'conflict' },
  STACK_INVALID_OPTION: { category: 'invalid' },
  STACK_NOT_RUNNING: { category: 'not-found' },
  STACK_PORT_BUSY: { category: 'conflict' },
  STACK_START_FAILED: { category: 'failed' },
  STACK_START_TIMEOUT: { category: 'timeout' },
  STACK_TOOL_MISSING: { category: 'environment' },
  STACK_UNSUPPORTED_VERSION: { category: 'environment' },
} as const);

/** A stable code of an error raised by `@sluice/stack`. */
export type StackErrorCode = keyof typeof STACK_ERROR_CODES;

/** @internal Builds a SluiceError whose code is one of {@link STACK_ERROR_CODES}. */
export const stackError = sluiceErrorFactory(STACK_ERROR_CODES);
