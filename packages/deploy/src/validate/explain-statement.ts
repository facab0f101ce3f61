import type { ScriptStatement } from './sql-script-splitter';
import type { JavaErrorSummary } from './java-error-text';
import type { PlannerError } from './verdict';

/** On its own line, so that positions in Flink's errors are the statement's own, one line down. */
const EXPLAIN_PREFIX = 'EXPLAIN PLAN FOR\n';

/**
 * The EXPLAIN text for INSERT, queries and STATEMENT SETs; undefined for statements that are executed
 * (DDL, SET ...). The one place the question is worded: the gateway path sends it, and the offline path
 * hands it to the plan tool, which only runs what it is sent.
 */
export function explainStatementFor(statement: Pick<ScriptStatement, 'kind' | 'text'>): string | undefined {
  return statement.kind === 'insert' || statement.kind === 'query' || statement.kind === 'statement-set' ? EXPLAIN_PREFIX + statement.text : undefined;
}

/** Maps a position Flink reported for the text it was sent back to the script. */
export function scriptPosition(
  statement: Pick<ScriptStatement, 'line' | 'column'>,
  explained: boolean,
  reported: { line: number; column: number },
): { line: number; column: number } | undefined {
  const line = explained ? reported.line - 1 : reported.line;
  if (line < 1) return undefined;
  return { line: statement.line + line - 1, column: line === 1 ? statement.column + reported.column - 1 : reported.column };
}

/** Rewrites every "line N, column M" in Flink's message to the script's positions, so that text and fields agree. */
export function rebaseMessage(message: string, statement: Pick<ScriptStatement, 'line' | 'column'>, explained: boolean): string {
  return message.replace(/line (\d+), column (\d+)/g, (whole, line: string, column: string) => {
    const position = scriptPosition(statement, explained, { line: Number(line), column: Number(column) });
    return position === undefined ? whole : `line ${position.line}, column ${position.column}`;
  });
}

/**
 * A refusal as a verdict's error: Flink's root cause and position (as it reported them, in the text it was
 * sent) moved to the statement's place in the script. Both validate paths build their errors here.
 *
 * @example
 * ```ts
 * plannerErrorOf({ rootCause: "From line 2, column 8 to line 2, column 8: Column 'b' not found", exceptionClass: 'x.Y', position: { line: 2, column: 8 } }, fullText, { line: 5, column: 1 }, true)
 * // { rootCause: "From line 5, column 8 to line 5, column 8: Column 'b' not found", exceptionClass: 'x.Y', fullText, line: 5, column: 8 }
 * ```
 */
export function plannerErrorOf(summary: JavaErrorSummary, fullText: string, statement: Pick<ScriptStatement, 'line' | 'column'>, explained: boolean): PlannerError {
  const error: PlannerError = { rootCause: rebaseMessage(summary.rootCause, statement, explained), exceptionClass: summary.exceptionClass, fullText };
  const position = summary.position === undefined ? undefined : scriptPosition(statement, explained, summary.position);
  if (position !== undefined) {
    error.line = position.line;
    error.column = position.column;
  }
  return error;
}
