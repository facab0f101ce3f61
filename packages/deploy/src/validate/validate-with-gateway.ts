import { randomUUID } from 'node:crypto';
import { isSluiceError } from '@sluice/errors';
import type { FlinkErrorDetails, SqlGatewayClient } from '@sluice/flink-client';
import { sqlGatewayClientOf } from '../context';
import { GatewayStatementSession } from '../run/gateway-session';
import { udfRegistrations } from '../udf/udf-jar';
import { positionedStatements, statementsOfRawSql } from '../run/positioned-statements';
import type { RunnableStatement } from '../run/statement-runner';
import { explainStatementFor, plannerErrorOf } from './explain-statement';
import { parseJavaErrorText } from './java-error-text';
import type { ScriptVerdict, StatementVerdict } from './verdict';
import { deployError } from '../error-codes';

/**
 * Options of {@link validateWithGateway}: a configured SQL Gateway client (what deploy's context and
 * `sluice validate` pass, with the config's auth and headers), or the gateway's URL (and headers).
 */
export type GatewayValidateOptions =
  | { readonly gateway: SqlGatewayClient; readonly sqlGatewayUrl?: string }
  | { readonly sqlGatewayUrl: string; readonly headers?: Readonly<Record<string, string>>; readonly auth?: { readonly username: string; readonly password: string } };

/** One statement may take this long to plan (a cold cluster loads the connector classes first). */
const STATEMENT_TIMEOUT_MS = 120_000;

/** What {@link validateWithGateway} checks: compiled statements (a `SqlScript` is one), or a user's SQL text. */
export type GatewayValidateInput = string | { readonly statements: readonly RunnableStatement[] };

/**
 * Validates a script through a running SQL Gateway: in a fresh session, SET and DDL statements run as
 * they are, every INSERT, query and STATEMENT SET is sent as `EXPLAIN PLAN FOR ...` (nothing is
 * submitted), and the session is closed. Sluice UDFs the script calls are registered first. The verdicts
 * have the shape of {@link validateOffline}'s; lines are those of the script's text. A compiled script's
 * statements are taken as they are; only a user's SQL text is split.
 *
 * @throws SluiceError `DEPLOY_GATEWAY_UNREACHABLE`, `DEPLOY_GATEWAY_FAILED`, `DEPLOY_GATEWAY_TIMEOUT`, `FLINK_UNAUTHORIZED`
 * @example
 * ```ts
 * const verdict = await validateWithGateway(compile([vwap1m], { flinkVersion: '2.2' }), { sqlGatewayUrl: 'http://127.0.0.1:8083' })
 * for (const s of verdict.statements) if (!s.ok) console.log(s.line, s.error?.rootCause)
 * ```
 */
export async function validateWithGateway(script: GatewayValidateInput, options: GatewayValidateOptions): Promise<ScriptVerdict> {
  const input = typeof script === 'string' ? statementsOfRawSql(script) : positionedStatements(script.statements);
  const gateway = 'gateway' in options ? options.gateway : sqlGatewayClientOf(options, { timeoutMs: 60_000 });
  const where = options.sqlGatewayUrl ?? 'the configured URL';
  const session = await GatewayStatementSession.open(gateway, `sluice-validate-${randomUUID().slice(0, 8)}`).catch((error: unknown) => {
    throw sessionError(error, where);
  });
  const run = async (sql: string): Promise<unknown[][]> => {
    try {
      return (await session.execute(sql, { timeoutMs: STATEMENT_TIMEOUT_MS })).rows;
    } catch (error) {
      const details = isSluiceError(error) && error.code !== 'FLINK_UNAUTHORIZED' ? (error.details as FlinkErrorDetails | undefined) : undefined;
      // A statement the planner refuses is a verdict; anything else stays an error.
      if (details?.serverErrors !== undefined && details.status !== undefined) throw new StatementRefused(details.serverErrors.join('\n'));
      throw unreachable(error, where);
    }
  };
  try {
    // the Sluice UDFs the script calls (SLUICE_EMA, ...) are registered first, as deploy does
    for (const st of udfRegistrations(input)) await run(st.sql);
    const statements: StatementVerdict[] = [];
    for (const [index, st] of input.entries()) {
      const statement = { kind: st.kind, text: st.sql, line: st.line, column: st.column };
      const verdict: StatementVerdict = { index, kind: statement.kind, line: statement.line, column: statement.column, ok: true };
      const explain = explainStatementFor(statement);
      try {
        const rows = await run(explain ?? statement.text);
        if (explain !== undefined) verdict.plan = rows.map((row) => String(row[0] ?? '')).join('');
      } catch (error) {
        if (!(error instanceof StatementRefused)) throw error;
        verdict.ok = false;
        verdict.error = plannerErrorOf(parseJavaErrorText(error.text), error.text, statement, explain !== undefined);
      }
      statements.push(verdict);
    }
    return { ok: statements.every((s) => s.ok), via: 'gateway', statements };
  } finally {
    await session.close();
  }
}

/** A statement the gateway refused; `text` is everything the server said. */
class StatementRefused extends Error {
  constructor(readonly text: string) {
    super(parseJavaErrorText(text).rootCause);
    this.name = 'StatementRefused';
  }
}

function unreachable(error: unknown, where: string): unknown {
  if (isSluiceError(error, 'FLINK_UNAVAILABLE') || isSluiceError(error, 'FLINK_TIMEOUT')) {
    return deployError('DEPLOY_GATEWAY_UNREACHABLE', `the SQL Gateway at ${where} did not answer`, {
      cause: error,
      retriable: true,
      details: { sqlGatewayUrl: where },
      suggestion: 'start it (npm run stack:up) or pass the right sqlGatewayUrl',
    });
  }
  return error;
}

function sessionError(error: unknown, where: string): unknown {
  // Missing credentials are the config's business: flink-client's FLINK_UNAUTHORIZED says so, with the status.
  if (isSluiceError(error) && error.code !== 'FLINK_UNAVAILABLE' && error.code !== 'FLINK_TIMEOUT' && error.code !== 'FLINK_UNAUTHORIZED') {
    return deployError('DEPLOY_GATEWAY_FAILED', `the SQL Gateway refused a session: ${error.message}`, { cause: error, details: { sqlGatewayUrl: where } });
  }
  return unreachable(error, where);
}
