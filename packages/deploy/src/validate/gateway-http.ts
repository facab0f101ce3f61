import { isSluiceError, SluiceError } from '@sluice/errors';
import { SqlGatewayClient, type FlinkErrorDetails } from '@sluice/flink-client';
import { parseJavaErrorText } from './java-error-text';

// The validator's view of a SQL Gateway session, on @sluice/flink-client: a statement the planner
// refuses is a verdict (GatewayStatementError), anything else stays a DEPLOY_ error.

/** A statement the gateway refused; `text` is everything the server said. */
export class GatewayStatementError extends Error {
  constructor(
    readonly status: number,
    readonly text: string,
  ) {
    super(parseJavaErrorText(text).rootCause);
    this.name = 'GatewayStatementError';
  }
}

function deployError(error: unknown, baseUrl: string): unknown {
  if (isSluiceError(error, 'FLINK_UNAVAILABLE') || isSluiceError(error, 'FLINK_TIMEOUT')) {
    return new SluiceError('DEPLOY_GATEWAY_UNREACHABLE', `the SQL Gateway at ${baseUrl} did not answer`, {
      cause: error,
      retriable: true,
      details: { sqlGatewayUrl: baseUrl },
      suggestion: 'start it (npm run stack:up) or pass the right sqlGatewayUrl',
    });
  }
  return error;
}

/** An open gateway session; {@link GatewaySession.close} ends it and everything registered in it. */
export class GatewaySession {
  private constructor(
    private readonly client: SqlGatewayClient,
    private readonly baseUrl: string,
    readonly handle: string,
  ) {}

  static async open(sqlGatewayUrl: string, sessionName: string): Promise<GatewaySession> {
    const baseUrl = sqlGatewayUrl.replace(/\/+$/, '');
    const client = new SqlGatewayClient({ baseUrl, timeoutMs: 60_000 });
    try {
      const { sessionHandle } = await client.openSession({ sessionName });
      return new GatewaySession(client, baseUrl, sessionHandle);
    } catch (error) {
      if (isSluiceError(error) && error.code !== 'FLINK_UNAVAILABLE' && error.code !== 'FLINK_TIMEOUT') {
        throw new SluiceError('DEPLOY_GATEWAY_FAILED', `the SQL Gateway refused a session: ${error.message}`, { cause: error, details: { sqlGatewayUrl: baseUrl } });
      }
      throw deployError(error, baseUrl);
    }
  }

  /** Runs one statement and returns the rows of its result (all pages, until EOS). */
  async execute(statement: string, timeoutMs = 120_000): Promise<unknown[][]> {
    const rows: unknown[][] = [];
    try {
      for await (const row of this.client.query(this.handle, statement, { signal: AbortSignal.timeout(timeoutMs) })) rows.push(row.fields);
    } catch (error) {
      if (isSluiceError(error, 'FLINK_ABORTED')) {
        throw new SluiceError('DEPLOY_GATEWAY_TIMEOUT', `the SQL Gateway did not finish a statement within ${timeoutMs} ms`, { retriable: true, details: { statement } });
      }
      const details = isSluiceError(error) ? (error.details as FlinkErrorDetails | undefined) : undefined;
      if (details?.serverErrors !== undefined && details.status !== undefined) throw new GatewayStatementError(details.status, details.serverErrors.join('\n'));
      throw deployError(error, this.baseUrl);
    }
    return rows;
  }

  async close(): Promise<void> {
    await this.client.closeSession(this.handle).catch(() => undefined);
  }
}
