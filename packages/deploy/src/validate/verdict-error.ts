import { SluiceError } from '@sluice/errors';
import type { PlannerError, ScriptVerdict } from './verdict';
import { deployError } from '../error-codes';
import { APPEND_SINK_SUGGESTION, appendSinkRefusalOf } from './append-sink-refusal';

/** Details of a `DEPLOY_INVALID_SQL` error. */
export interface InvalidSqlDetails {
  via: ScriptVerdict['via'];
  statementIndex: number;
  line?: number;
  column?: number;
  exceptionClass: string;
  /** Everything Flink said (possibly a long Java stack), for --verbose and logs. */
  fullText: string;
}

/**
 * The first rejected statement of a verdict as a `DEPLOY_INVALID_SQL` error whose message is the
 * root-cause line (with its position), or undefined when the script is valid. An updating query into
 * an append-only sink is `DEPLOY_APPEND_SINK_UPDATES`, with the way out as its suggestion.
 *
 * @example
 * ```ts
 * const error = verdictError(await validateOffline(script))
 * if (error) throw error // "line 5, column 28: Column 'nam' not found in any table"
 * ```
 */
export function verdictError(verdict: ScriptVerdict): SluiceError<InvalidSqlDetails> | undefined {
  const failed = verdict.statements.find((s) => !s.ok && s.error !== undefined);
  if (failed === undefined || failed.error === undefined) return undefined;
  const error: PlannerError = failed.error;
  const line = error.line ?? failed.line;
  const where = error.column !== undefined ? `line ${line}, column ${error.column}` : `line ${line}`;
  const details: InvalidSqlDetails = { via: verdict.via, statementIndex: failed.index, exceptionClass: error.exceptionClass, fullText: error.fullText, line };
  if (error.column !== undefined) details.column = error.column;
  const refusal = appendSinkRefusalOf(error);
  if (refusal !== undefined) {
    // the message stays Flink's root cause (it names the sink and the node); the code says what it means
    return deployError('DEPLOY_APPEND_SINK_UPDATES', `${where}: ${error.rootCause}`, { details, suggestion: APPEND_SINK_SUGGESTION });
  }
  return deployError('DEPLOY_INVALID_SQL', `${where}: ${error.rootCause}`, { details, suggestion: 'fix the statement at that position; the full planner message is in details.fullText' });
}
