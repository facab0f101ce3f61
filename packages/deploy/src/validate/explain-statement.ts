import type { ScriptStatement } from './sql-script-splitter';

/** On its own line, so that positions in Flink's errors are the statement's own, one line down. */
const EXPLAIN_PREFIX = 'EXPLAIN PLAN FOR\n';

/**
 * The EXPLAIN text for INSERT, queries and STATEMENT SETs; undefined for statements that are executed
 * (DDL, SET ...). The plan tool builds the same text (flink-jobs/plan-tool Explain.java), so that both
 * paths ask Flink the same question.
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
