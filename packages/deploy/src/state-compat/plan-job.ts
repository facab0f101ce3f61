import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SqlGatewayClient } from '@sluice/flink-client';
import { udfRegistrations } from '../udf/udf-jar';
import { GatewayStatementSession } from '../run/gateway-session';
import { startsJob, type RunnableStatement } from '../run/statement-runner';
import type { PlannedJob } from './state-compatibility';

/**
 * Asks Flink's planner, in a fresh SQL Gateway session, for what a job's statements would run: the
 * session statements (UDFs, DDL, SETs) run as deploy runs them, and the statement that would start
 * the job is only explained (`EXPLAIN JSON_EXECUTION_PLAN`, the stream graph whose shape gives the
 * operator ids) and compiled (`COMPILE PLAN`, the exec nodes with their types and state). Nothing is
 * submitted. The compiled plan is written by the gateway to a temporary file of this machine, so it
 * is readable only when the gateway runs here; otherwise the result says so (`compiledPlan` absent).
 * Statements must have their secrets filled in already.
 *
 * @example
 * ```ts
 * const planned = await planJob(ctx.gateway, withSecrets(config, compiled.script.statements))
 * ```
 */
export async function planJob(gateway: SqlGatewayClient, statements: readonly RunnableStatement[]): Promise<PlannedJob | { readonly explain: string; readonly compiledPlan?: undefined; readonly missing: string }> {
  const job = statements.find((s) => startsJob(s.kind));
  if (job === undefined) throw new Error('the statements start no job');
  const session = await GatewayStatementSession.open(gateway, `sluice-state-check-${randomUUID().slice(0, 8)}`);
  const file = join(tmpdir(), `sluice-compiled-plan-${randomUUID()}.json`);
  try {
    for (const st of [...udfRegistrations(statements), ...statements]) {
      if (startsJob(st.kind)) break;
      await session.execute(st.sql);
    }
    const explained = await session.execute(`EXPLAIN JSON_EXECUTION_PLAN ${job.sql}`);
    const explain = String(explained.rows[0]?.[0] ?? '');
    // COMPILE PLAN takes `STATEMENT SET BEGIN ... END`, without the EXECUTE that runs one.
    const compiled = job.kind === 'statement-set' ? job.sql.replace(/^\s*EXECUTE\s+/i, '') : job.sql;
    await session.execute(`COMPILE PLAN '${pathToFileURL(file).href}' FOR ${compiled}`);
    if (!existsSync(file)) return { explain, missing: 'the SQL Gateway wrote the compiled plan on another machine' };
    return { explain, compiledPlan: readFileSync(file, 'utf8') };
  } finally {
    rmSync(file, { force: true });
    await session.close();
  }
}
