import { isSluiceError } from '@sluice/errors';
import type { SqlGatewayClient } from '@sluice/flink-client';
import { deployError } from '../error-codes';

/** Options of {@link GatewayStatementSession.execute}. */
export interface ExecuteOptions {
  /** `end` (default): read every page until EOS; `first-page`: stop at the first page (an INSERT's job id is there). */
  readonly until?: 'end' | 'first-page';
  /** Give up reading after this long (`DEPLOY_GATEWAY_TIMEOUT`); default: no limit. */
  readonly timeoutMs?: number;
}

/** What one statement gave. */
export interface StatementResult {
  readonly jobId?: string;
  /** The result's column names (empty when it declared none). */
  readonly columns: readonly string[];
  readonly rows: unknown[][];
}

/**
 * One SQL Gateway session on a configured client: "run a statement, collect its job id and rows",
 * written once for deploy's submit and validate's EXPLAIN. Errors are flink-client's own
 * (`FLINK_SQL_ERROR` with the server text in `details.serverErrors`, ...); callers decide what they mean.
 *
 * @example
 * ```ts
 * const session = await GatewayStatementSession.open(ctx.gateway, 'sluice-deploy-1')
 * try { const { jobId } = await session.execute('INSERT INTO s SELECT 1', { until: 'first-page' }) } finally { await session.close() }
 * ```
 */
export class GatewayStatementSession {
  private constructor(
    private readonly gateway: SqlGatewayClient,
    readonly handle: string,
  ) {}

  /** Opens a session; `properties` are its configuration (e.g. `{ 'table.local-time-zone': 'UTC' }`). */
  static async open(gateway: SqlGatewayClient, sessionName: string, properties?: Readonly<Record<string, string>>): Promise<GatewayStatementSession> {
    const { sessionHandle } = await gateway.openSession({ sessionName, ...(properties === undefined ? {} : { properties: { ...properties } }) });
    return new GatewayStatementSession(gateway, sessionHandle);
  }

  /** Runs one statement and returns its job id (if it started one) and rows. */
  async execute(statement: string, options: ExecuteOptions = {}): Promise<StatementResult> {
    const { operationHandle } = await this.gateway.executeStatement(this.handle, { statement });
    const rows: unknown[][] = [];
    let columns: string[] = [];
    let jobId: string | undefined;
    let complete = false;
    try {
      const pages = this.gateway.readPages(this.handle, operationHandle, options.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(options.timeoutMs) });
      for await (const page of pages) {
        if (page.jobId !== undefined) jobId = page.jobId;
        if (columns.length === 0) columns = page.columns.map((c) => c.name);
        for (const row of page.rows) rows.push(row.fields);
        // An INSERT's first page carries the job id; the job runs on without this session reading.
        if (options.until === 'first-page') break;
      }
      complete = true;
    } catch (error) {
      if (isSluiceError(error, 'FLINK_ABORTED')) {
        throw deployError('DEPLOY_GATEWAY_TIMEOUT', `the SQL Gateway did not finish a statement within ${options.timeoutMs ?? 0} ms`, { retriable: true, details: { statement } });
      }
      throw error;
    } finally {
      // Only an interrupted read cancels: a stop after the first page leaves the INSERT's job running.
      if (!complete) await this.gateway.cancelOperation(this.handle, operationHandle).catch(() => undefined);
      await this.gateway.closeOperation(this.handle, operationHandle).catch(() => undefined);
    }
    return { ...(jobId === undefined ? {} : { jobId }), columns, rows };
  }

  /** Ends the session and everything registered in it. */
  async close(): Promise<void> {
    await this.gateway.closeSession(this.handle).catch(() => undefined);
  }
}
