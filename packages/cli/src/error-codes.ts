import { defineErrorCodes, sluiceErrorFactory } from '@sluice/errors';

/**
 * Every error code `@sluice/cli` raises, with its category (the CLI's exit code follows the category).
 *
 * @example
 * ```ts
 * CLI_ERROR_CODES.CLI_INIT_FILES_EXIST.category // 'usage'
 * ```
 */
export const CLI_ERROR_CODES = defineErrorCodes({
  CLI_INIT_FILES_EXIST: { category: 'usage' },
  CLI_INIT_PACKAGE_JSON: { category: 'usage' },
  CLI_INVALID_NAME: { category: 'usage' },
} as const);

/** A stable code of an error raised by `@sluice/cli`. */
export type CliErrorCode = keyof typeof CLI_ERROR_CODES;

/** @internal Builds a SluiceError whose code is one of {@link CLI_ERROR_CODES}. */
export const cliError = sluiceErrorFactory(CLI_ERROR_CODES);
