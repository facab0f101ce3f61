import type { StatementKind, UserFunctionRef } from '@sluice/dsl';
import type { DeployContext } from '../context';
import { gatewayRunner } from './gateway-runner';
import { jarRunner } from './jar-runner';
import { deployError } from '../error-codes';
import { secretValues, withSecrets } from '../secrets/fill-secrets';
import { maskResolvedSecrets } from '../config/secrets';

/**
 * A statement to run, in script order: INSERTs and STATEMENT SETs start the job; the rest (DDL, SET,
 * CREATE FUNCTION) prepares the session or script. The compiler's `ScriptStatement` is one.
 */
export interface RunnableStatement {
  readonly kind: StatementKind;
  readonly sql: string;
  /** The Sluice UDAFs (`SLUICE_EMA`, ...) to register before it (the compiler records them). */
  readonly udfs?: readonly string[];
  /** The user functions (`udf.scalar/table/aggregate`) to register before it, jars resolved by compileProject. */
  readonly functions?: readonly UserFunctionRef[];
}

/** Options of {@link StatementRunner.run}. */
export interface RunOptions {
  /** Start the job from this savepoint. */
  readonly savepointPath?: string;
  /** Allow savepoint state that no operator claims. */
  readonly allowNonRestoredState?: boolean;
  /** Told before each step (a statement sent, the jar uploaded); for progress output. */
  readonly onProgress?: (message: string) => void;
  /** Values of the `${secret:<name>}` placeholders in the statements (the jar adapter passes them apart). */
  readonly secrets?: Readonly<Record<string, string>>;
}

/** What running the statements gave. */
export interface RunResult {
  /** The job the statements started (an INSERT or a STATEMENT SET), when one did. */
  readonly jobId?: string;
  /** Rows of the last statement that returned some (SQL Gateway only; the jar path returns none). */
  readonly rows?: readonly (readonly unknown[])[];
}

/**
 * Runs an ordered list of statements on Flink as one unit (one session, or one job), registering the
 * Sluice UDFs they call first. Two adapters: the SQL Gateway ({@link gatewayRunner}) and flink-jobs'
 * sql-runner jar through `/jars` ({@link jarRunner}).
 *
 * @example
 * ```ts
 * const { jobId } = await statementRunner(ctx, 'jar').run(compiled.script.statements, { savepointPath })
 * ```
 */
export interface StatementRunner {
  readonly via: 'gateway' | 'jar';
  run(statements: readonly RunnableStatement[], options?: RunOptions): Promise<RunResult>;
}

/**
 * The runner of a context, built from its configured clients (so auth and headers of the config reach
 * the SQL Gateway and the `/jars` calls alike).
 *
 * @example
 * ```ts
 * const runner = statementRunner(ctx, ctx.project.config.deploy.via)
 * const jobId = requireJob(await runner.run(statements))
 * ```
 */
export function statementRunner(ctx: Pick<DeployContext, 'flink' | 'gateway' | 'project'>, via: 'gateway' | 'jar'): StatementRunner {
  const { config } = ctx.project;
  // Also the values resolved for placeholders (a JDBC password's env: reference), not only the config's.
  const mask = (text: string): string => maskResolvedSecrets(config.secrets.mask(text));
  if (via === 'jar') {
    const jar = jarRunner(ctx.flink, { restUrl: config.flink.restUrl });
    // The jar gets the placeholders and the values apart (a file), never the values in its arguments.
    return { via, run: (statements, options) => jar.run(statements, { ...options, secrets: secretValues(config, statements.map((s) => s.sql)) }) };
  }
  const gateway = gatewayRunner(ctx.gateway, { mask });
  // The Gateway is where Flink needs the values: they go into the SQL it is sent, and only there.
  return { via, run: (statements, options) => gateway.run(withSecrets(config, statements), options) };
}

/** True for the statements that start a job. */
export function startsJob(kind: StatementKind): boolean {
  return kind === 'insert' || kind === 'statement-set';
}

/** Statements as one script text: each ends with `;`, blank lines between (the compiler's own layout). */
export function scriptText(statements: readonly RunnableStatement[]): string {
  return statements.map((s) => `${s.sql};`).join('\n\n') + '\n';
}

/**
 * The job id of a run, or `DEPLOY_SUBMIT_FAILED` when the statements started none.
 *
 * @example
 * ```ts
 * const jobId = requireJob(await runner.run(statements))
 * ```
 */
export function requireJob(result: RunResult): string {
  if (result.jobId === undefined) throw deployError('DEPLOY_SUBMIT_FAILED', 'the SQL Gateway started no job for the script', { suggestion: 'the script has no INSERT; check `sluice sql <signal>`' });
  return result.jobId;
}
