import { splitSqlScript } from '../validate/sql-script-splitter';
import { udfsUsedBy } from '../udf/udf-jar';
import type { RunnableStatement } from './statement-runner';

/** A statement with where it starts (1-based) in its script's text, for verdicts and error positions. */
export interface PositionedStatement extends RunnableStatement {
  readonly line: number;
  readonly column: number;
}

/**
 * Compiled statements with their positions in the script text they make (each ends with `;`, blank
 * lines between: the compiler's layout, {@link scriptText}), counted, not parsed back from the text.
 *
 * @example
 * ```ts
 * positionedStatements([{ kind: 'ddl', sql: 'CREATE TABLE t (\n  a INT\n)' }, { kind: 'insert', sql: 'INSERT INTO s SELECT a FROM t' }])
 * // [{ kind: 'ddl', ..., line: 1, column: 1 }, { kind: 'insert', ..., line: 5, column: 1 }]
 * ```
 */
export function positionedStatements(statements: readonly RunnableStatement[]): PositionedStatement[] {
  let line = 1;
  return statements.map((st) => {
    const at = { ...st, line, column: 1 };
    line += st.sql.split('\n').length + 1;
    return at;
  });
}

/**
 * SQL text a user hands Sluice (or a deploy state file written before statements were stored) as
 * statements: the one place a script is split, and scanned for the Sluice UDFs it calls.
 *
 * @example
 * ```ts
 * statementsOfRawSql("SET 'pipeline.name' = 'x';\nINSERT INTO s SELECT SLUICE_EMA(a, 5) OVER w FROM t")
 * // [{ kind: 'set', sql: "SET 'pipeline.name' = 'x'", line: 1, column: 1 },
 * //  { kind: 'insert', sql: 'INSERT INTO s SELECT ...', udfs: ['SLUICE_EMA'], line: 2, column: 1 }]
 * ```
 */
export function statementsOfRawSql(text: string): PositionedStatement[] {
  return splitSqlScript(text).map((s) => {
    const udfs = udfsUsedBy(s.text);
    return { kind: s.kind, sql: s.text, ...(udfs.length === 0 ? {} : { udfs }), line: s.line, column: s.column };
  });
}
