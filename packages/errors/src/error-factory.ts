import { SluiceError, type ErrorCode, type SluiceErrorOptions } from './sluice-error';
import type { ErrorCodeTable } from './error-codes';

/** Builds a {@link SluiceError} whose code must be one of a package's table. */
export type SluiceErrorFactory<C extends ErrorCode> = <D extends object = Record<string, unknown>>(
  code: C,
  message: string,
  options?: SluiceErrorOptions<D>,
) => SluiceError<D>;

/**
 * A package's error constructor: like `new SluiceError(...)`, but a code that is not in the package's
 * table does not compile (and the table is loaded wherever the package raises errors).
 *
 * @example
 * ```ts
 * export const STACK_ERROR_CODES = defineErrorCodes({ STACK_PORT_BUSY: { category: 'conflict' } } as const);
 * export const stackError = sluiceErrorFactory(STACK_ERROR_CODES);
 * throw stackError('STACK_PORT_BUSY', 'port 8081 is already in use', { details: { port: 8081 } });
 * ```
 */
export function sluiceErrorFactory<T extends ErrorCodeTable>(table: T): SluiceErrorFactory<keyof T & ErrorCode> {
  void table; // only its type is needed here; taking it makes callers import (and so declare) the table
  const create = <D extends object = Record<string, unknown>>(code: keyof T & ErrorCode, message: string, options?: SluiceErrorOptions<D>): SluiceError<D> => {
    const error = new SluiceError<D>(code, message, options);
    // The stack starts where the package raised the error, not in this helper.
    Error.captureStackTrace(error, create);
    return error;
  };
  return create;
}
