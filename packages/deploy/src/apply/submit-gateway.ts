import { randomUUID } from 'node:crypto';
import type { SqlGatewayClient } from '@sluice/flink-client';
import { SluiceError, isSluiceError } from '@sluice/errors';
import { udfStatements, udfsUsedBy } from '../udf/udf-jar';

/** A statement to run: INSERTs and STATEMENT SETs start the job; the rest prepares the session. */
export interface RunnableStatement {
  readonly kind: string;
  readonly sql: string;
}

/** Options of {@link submitThroughGateway}. */
export interface GatewaySubmitOptions {
  /** Start the INSERT from this savepoint (`SET 'execution.savepoint.path'`). */
  readonly savepointPath?: string;
  /** Allow state of the savepoint that no operator claims (`execution.savepoint.ignore-unclaimed-state`). */
  readonly allowNonRestoredState?: boolean;
  /** Masks secrets in error messages. */
  readonly mask?: (text: string) => string;
}

function setStatement(key: string, value: string): string {
  return `SET '${key}' = '${value.replace(/'/g, "''")}'`;
}

/**
 * Runs a compiled signal's statements in a fresh SQL Gateway session (the Sluice UDFs it calls, DDL and
 * SETs, then the INSERT) and returns the job id the INSERT started. A savepoint path is SET right before the INSERT.
 *
 * @throws SluiceError `DEPLOY_SUBMIT_FAILED` (the root cause of Flink's answer), `FLINK_UNAVAILABLE`
 * @example
 * ```ts
 * const jobId = await submitThroughGateway(gateway, compiled.script.statements, { savepointPath: 's3://flink/savepoints/savepoint-1' })
 * ```
 */
export async function submitThroughGateway(gateway: SqlGatewayClient, statements: readonly RunnableStatement[], options: GatewaySubmitOptions = {}): Promise<string> {
  const mask = options.mask ?? ((t: string) => t);
  const { sessionHandle } = await gateway.openSession({ sessionName: `sluice-deploy-${randomUUID().slice(0, 8)}` });
  try {
    // Sluice's UDAFs (SLUICE_EMA, SLUICE_RSI, SLUICE_MACD*) the script calls are registered from the
    // built sluice-udfs.jar first: no manual step.
    const used = udfsUsedBy(statements.map((st) => st.sql).join('\n'));
    const texts: string[] = used.length === 0 ? [] : udfStatements({ functions: used });
    for (const st of statements) {
      if (st.kind === 'insert' || st.kind === 'statement-set') {
        // Flink 2.x reads execution.state-recovery.*, 1.20 execution.savepoint.*; unknown keys are ignored, so set both.
        if (options.savepointPath !== undefined) {
          texts.push(setStatement('execution.state-recovery.path', options.savepointPath));
          texts.push(setStatement('execution.savepoint.path', options.savepointPath));
        }
        if (options.allowNonRestoredState === true) {
          texts.push(setStatement('execution.state-recovery.ignore-unclaimed-state', 'true'));
          texts.push(setStatement('execution.savepoint.ignore-unclaimed-state', 'true'));
        }
      }
      texts.push(st.sql);
    }
    let jobId: string | undefined;
    for (const text of texts) {
      try {
        const { operationHandle } = await gateway.executeStatement(sessionHandle, { statement: text });
        for await (const page of gateway.readPages(sessionHandle, operationHandle)) {
          if (page.jobId !== undefined) jobId = page.jobId;
          break;
        }
        await gateway.closeOperation(sessionHandle, operationHandle).catch(() => undefined);
      } catch (error) {
        if (isSluiceError(error) && error.code === 'FLINK_SQL_ERROR') {
          throw new SluiceError('DEPLOY_SUBMIT_FAILED', mask(error.message), { cause: error, details: { statement: mask(text.slice(0, 300)) }, suggestion: 'run `sluice validate` to see which signal and field the planner rejects' });
        }
        throw error;
      }
    }
    if (jobId === undefined) throw new SluiceError('DEPLOY_SUBMIT_FAILED', 'the SQL Gateway started no job for the script', { suggestion: 'the script has no INSERT; check `sluice sql <signal>`' });
    return jobId;
  } finally {
    await gateway.closeSession(sessionHandle).catch(() => undefined);
  }
}
