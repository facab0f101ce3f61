// Flink job helpers for these tests, on @sluice/flink-client (the client under its own tests elsewhere).
import { quoteIdentifier, renderType, type Fields } from '@sluice/dsl';
import { FlinkRestClient, SqlGatewayClient } from '@sluice/flink-client';

/** The column list of a CREATE TABLE for a schema's fields. */
export const columns = (fields: Fields): string => Object.entries(fields).map(([name, type]) => `${quoteIdentifier(name)} ${renderType(type)}`).join(', ');

export class Gateway {
  private constructor(private readonly client: SqlGatewayClient, private readonly session: string) {}

  static async open(url: string): Promise<Gateway> {
    const client = new SqlGatewayClient({ baseUrl: url });
    const { sessionHandle } = await client.openSession({ sessionName: `kafka-it-${Date.now()}` });
    return new Gateway(client, sessionHandle);
  }

  /** Runs a statement; for INSERT it returns once the job is submitted (with its id). */
  async execute(statement: string): Promise<{ jobId?: string; rows: unknown[][] }> {
    const { operationHandle } = await this.client.executeStatement(this.session, { statement });
    const rows: unknown[][] = [];
    let jobId: string | undefined;
    for await (const page of this.client.readPages(this.session, operationHandle, { signal: AbortSignal.timeout(120_000) })) {
      jobId = page.jobId ?? jobId;
      rows.push(...page.rows.map((r) => [...r.fields]));
    }
    return jobId === undefined ? { rows } : { jobId, rows };
  }

  async close(): Promise<void> {
    await this.client.closeSession(this.session).catch(() => undefined);
  }
}

export async function waitForRunning(restUrl: string, jobId: string): Promise<void> {
  await new FlinkRestClient({ baseUrl: restUrl }).waitForJobStatus(jobId, ['RUNNING'], { timeoutMs: 90_000 });
}

export async function cancelJob(restUrl: string, jobId: string): Promise<void> {
  await new FlinkRestClient({ baseUrl: restUrl }).cancelJob(jobId).catch(() => undefined);
}

/** Polls `check` until it returns true (an outcome to wait for, not a timed assertion). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
