import { SluiceError } from '@sluice/errors';
import type { DslErrorCode } from './error-codes';

/** Where a DSL error happened: the signal (or source) and the field, named in every message. */
export interface DslContext {
  readonly signal: string;
  readonly field?: string;
}

/** Details attached to every DSL error. */
export interface DslErrorDetails {
  signal: string;
  field?: string;
}

/** Raises a `DSL_*` error whose message starts with the signal and the field it concerns. */
export function dslError(code: DslErrorCode, ctx: DslContext, message: string, suggestion?: string): SluiceError<DslErrorDetails> {
  const where = ctx.field === undefined ? `signal '${ctx.signal}'` : `signal '${ctx.signal}', field '${ctx.field}'`;
  const details: DslErrorDetails = ctx.field === undefined ? { signal: ctx.signal } : { signal: ctx.signal, field: ctx.field };
  const options = suggestion === undefined ? { details } : { details, suggestion };
  return new SluiceError<DslErrorDetails>(code, `${where}: ${message}`, options);
}

/** The context of code that runs outside any signal (a free-standing query or expression). */
export const NO_SIGNAL: DslContext = Object.freeze({ signal: '(no signal)' });
