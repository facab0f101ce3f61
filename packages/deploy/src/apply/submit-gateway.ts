import type { SqlGatewayClient } from '@sluice/flink-client';
import { gatewayRunner } from '../run/gateway-runner';
import { requireJob, type RunnableStatement } from '../run/statement-runner';

export type { RunnableStatement };

/** Options of {@link submitThroughGateway}. */
export interface GatewaySubmitOptions {
  /** Start the INSERT from this savepoint (`SET 'execution.savepoint.path'`). */
  readonly savepointPath?: string;
  /** Allow state of the savepoint that no operator claims (`execution.savepoint.ignore-unclaimed-state`). */
  readonly allowNonRestoredState?: boolean;
  /** Masks secrets in error messages. */
  readonly mask?: (text: string) => string;
}

/**
 * Runs a compiled signal's statements in a fresh SQL Gateway session (the Sluice UDFs it calls, DDL and
 * SETs, then the INSERT) and returns the job id the INSERT started: {@link gatewayRunner} on the given
 * client. A savepoint path is SET right before the INSERT.
 *
 * @throws SluiceError `DEPLOY_SUBMIT_FAILED` (the root cause of Flink's answer), `FLINK_UNAVAILABLE`
 * @example
 * ```ts
 * const jobId = await submitThroughGateway(gateway, compiled.script.statements, { savepointPath: 's3://flink/savepoints/savepoint-1' })
 * ```
 */
export async function submitThroughGateway(gateway: SqlGatewayClient, statements: readonly RunnableStatement[], options: GatewaySubmitOptions = {}): Promise<string> {
  const { mask, ...run } = options;
  return requireJob(await gatewayRunner(gateway, mask === undefined ? {} : { mask }).run(statements, run));
}
