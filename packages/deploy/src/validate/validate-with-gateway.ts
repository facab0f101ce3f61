import { randomUUID } from 'node:crypto';
import { GatewaySession, GatewayStatementError } from './gateway-http';
import { explainStatementFor, rebaseMessage, scriptPosition } from './explain-statement';
import { parseJavaErrorText } from './java-error-text';
import { splitSqlScript } from './sql-script-splitter';
import type { PlannerError, ScriptVerdict, StatementVerdict } from './verdict';
import { udfStatements, udfsUsedBy } from '../udf/udf-jar';

/** Options of {@link validateWithGateway}. */
export interface GatewayValidateOptions {
  /** e.g. `http://127.0.0.1:8083` */
  sqlGatewayUrl: string;
}

/**
 * Validates a script through a running SQL Gateway: in a fresh session, SET and DDL statements run as
 * they are, every INSERT, query and STATEMENT SET is sent as `EXPLAIN PLAN FOR ...` (nothing is
 * submitted), and the session is closed. Sluice UDFs the script calls are registered first. The verdicts
 * have the shape of {@link validateOffline}'s.
 *
 * @throws SluiceError `DEPLOY_GATEWAY_UNREACHABLE`, `DEPLOY_GATEWAY_FAILED`, `DEPLOY_GATEWAY_TIMEOUT`
 * @example
 * ```ts
 * const verdict = await validateWithGateway(script, { sqlGatewayUrl: 'http://127.0.0.1:8083' })
 * for (const s of verdict.statements) if (!s.ok) console.log(s.line, s.error?.rootCause)
 * ```
 */
export async function validateWithGateway(script: string, options: GatewayValidateOptions): Promise<ScriptVerdict> {
  const session = await GatewaySession.open(options.sqlGatewayUrl, `sluice-validate-${randomUUID().slice(0, 8)}`);
  try {
    // the Sluice UDFs the script calls (SLUICE_EMA, ...) are registered first, as deploy does
    const used = udfsUsedBy(script);
    for (const st of used.length === 0 ? [] : udfStatements({ functions: used })) await session.execute(st);
    const statements: StatementVerdict[] = [];
    for (const [index, statement] of splitSqlScript(script).entries()) {
      const verdict: StatementVerdict = { index, kind: statement.kind, line: statement.line, column: statement.column, ok: true };
      const explain = explainStatementFor(statement);
      try {
        const rows = await session.execute(explain ?? statement.text);
        if (explain !== undefined) verdict.plan = rows.map((row) => String(row[0] ?? '')).join('');
      } catch (error) {
        if (!(error instanceof GatewayStatementError)) throw error;
        const summary = parseJavaErrorText(error.text);
        const plannerError: PlannerError = { rootCause: rebaseMessage(summary.rootCause, statement, explain !== undefined), exceptionClass: summary.exceptionClass, fullText: error.text };
        const position = summary.position === undefined ? undefined : scriptPosition(statement, explain !== undefined, summary.position);
        if (position !== undefined) {
          plannerError.line = position.line;
          plannerError.column = position.column;
        }
        verdict.ok = false;
        verdict.error = plannerError;
      }
      statements.push(verdict);
    }
    return { ok: statements.every((s) => s.ok), via: 'gateway', statements };
  } finally {
    await session.close();
  }
}
