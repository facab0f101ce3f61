/** What {@link parseJavaErrorText} finds in a Java exception's text. */
export interface JavaErrorSummary {
  rootCause: string;
  exceptionClass: string;
  /** First "line N, column M" the text mentions (Calcite and Flink both write positions this way). */
  position?: { line: number; column: number };
}

// "Caused by: org.apache.calcite.sql.validate.SqlValidatorException: Column 'x' not found in any table"
const CAUSED_BY = /^Caused by: ([\w.$]+)(?::\s?(.*))?$/;
// The first line of a printed stack trace: "org.apache.flink.table.api.ValidationException: message"
const HEADLINE = /^([a-z][\w$]*(?:\.[\w$]+)+(?:Exception|Error|Throwable)[\w$]*)(?::\s?(.*))?$/;

/**
 * Reduces a printed Java exception (what the SQL Gateway puts in `{"errors": [...]}`) to its deepest
 * cause: the last `Caused by:` line, or the headline when there is none.
 *
 * @example
 * ```ts
 * parseJavaErrorText('org.x.SqlExecutionException: Failed\n\tat a.b(C.java:1)\nCaused by: org.y.ParseException: Encountered "x" at line 2, column 3.\n\tat ...')
 * // => { rootCause: 'Encountered "x" at line 2, column 3.', exceptionClass: 'org.y.ParseException', position: { line: 2, column: 3 } }
 * ```
 */
export function parseJavaErrorText(text: string): JavaErrorSummary {
  const lines = text.split(/\r?\n/);
  let exceptionClass: string | undefined;
  let rootCause: string | undefined;
  for (const line of lines) {
    const caused = CAUSED_BY.exec(line.trim());
    if (caused !== null) {
      exceptionClass = caused[1];
      rootCause = caused[2];
    }
  }
  if (exceptionClass === undefined) {
    for (const line of lines) {
      const headline = HEADLINE.exec(line.trim());
      if (headline !== null) {
        exceptionClass = headline[1];
        rootCause = headline[2];
        break;
      }
    }
  }
  const position = /line (\d+), column (\d+)/.exec(text);
  const summary: JavaErrorSummary = {
    rootCause: (rootCause ?? '').trim() || exceptionClass || firstLine(text),
    exceptionClass: exceptionClass ?? 'unknown',
  };
  if (position !== null) summary.position = { line: Number(position[1]), column: Number(position[2]) };
  return summary;
}

function firstLine(text: string): string {
  return text.trim().split(/\r?\n/)[0]?.trim() ?? '';
}
