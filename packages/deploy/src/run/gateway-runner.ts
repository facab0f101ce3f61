import { randomUUID } from 'node:crypto';
import { compileStatement } from '@sluice/dsl';
import type { SqlGatewayClient } from '@sluice/flink-client';
import { isSluiceError } from '@sluice/errors';
import { udfRegistrations } from '../udf/udf-jar';
import { GatewayStatementSession } from './gateway-session';
import { startsJob, type RunOptions, type RunResult, type RunnableStatement, type StatementRunner } from './statement-runner';
import { deployError } from '../error-codes';

function setStatement(key: string, value: string): RunnableStatement {
  return { kind: 'set', sql: compileStatement({ kind: 'Set', key, value }) };
}

/**
 * The SQL Gateway adapter of {@link StatementRunner}: a fresh session on the given (configured)
 * client, the Sluice UDFs the statements call, then every statement in order; a savepoint path is SET
 * right before the statement that starts the job. A statement Flink refuses is `DEPLOY_SUBMIT_FAILED`
 * with the root cause.
 *
 * @example
 * ```ts
 * const { jobId } = await gatewayRunner(ctx.gateway).run(compiled.script.statements)
 * ```
 */
export function gatewayRunner(gateway: SqlGatewayClient, options: { readonly mask?: (text: string) => string } = {}): StatementRunner {
  const mask = options.mask ?? ((t: string) => t);
  return {
    via: 'gateway',
    async run(statements: readonly RunnableStatement[], run: RunOptions = {}): Promise<RunResult> {
      const list: RunnableStatement[] = [...udfRegistrations(statements)];
      for (const st of statements) {
        if (startsJob(st.kind)) {
          // Flink 2.x reads execution.state-recovery.*, 1.20 execution.savepoint.*; unknown keys are ignored, so set both.
          if (run.savepointPath !== undefined) list.push(setStatement('execution.state-recovery.path', run.savepointPath), setStatement('execution.savepoint.path', run.savepointPath));
          if (run.allowNonRestoredState === true) list.push(setStatement('execution.state-recovery.ignore-unclaimed-state', 'true'), setStatement('execution.savepoint.ignore-unclaimed-state', 'true'));
        }
        list.push(st);
      }
      const session = await GatewayStatementSession.open(gateway, `sluice-deploy-${randomUUID().slice(0, 8)}`);
      try {
        let jobId: string | undefined;
        let rows: unknown[][] | undefined;
        for (const [i, st] of list.entries()) {
          run.onProgress?.(`statement ${i + 1}/${list.length} (${st.kind})`);
          try {
            const result = await session.execute(st.sql, { until: 'first-page' });
            if (result.jobId !== undefined) jobId = result.jobId;
            if (result.rows.length > 0) rows = result.rows;
          } catch (error) {
            if (isSluiceError(error, 'FLINK_SQL_ERROR')) {
              throw deployError('DEPLOY_SUBMIT_FAILED', mask(error.message), { cause: error, details: { statement: mask(st.sql.slice(0, 300)) }, suggestion: 'run `sluice validate` to see which signal and field the planner rejects' });
            }
            throw error;
          }
        }
        return { ...(jobId === undefined ? {} : { jobId }), ...(rows === undefined ? {} : { rows }) };
      } finally {
        await session.close();
      }
    },
  };
}
