import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSluiceError } from '@sluice/errors';
import { missingJarSuggestion, sqlRunnerJar } from '@sluice/flink-jobs';
import type { FlinkErrorDetails, FlinkRestClient } from '@sluice/flink-client';
import { udfRegistrations } from '../udf/udf-jar';
import { parseJavaErrorText } from '../validate/java-error-text';
import type { RunOptions, RunResult, RunnableStatement, StatementRunner } from './statement-runner';
import { positionedStatements } from './positioned-statements';
import { deployError as deployCodeError } from '../error-codes';

/** Options of the jar adapter ({@link jarRunner}, {@link runScriptJar}). */
export interface JarRunnerOptions {
  /** The REST URL the client talks to, for messages (default: none named). */
  readonly restUrl?: string;
  /** Default parallelism of the job (the script's SET 'parallelism.default' wins inside the job). */
  readonly parallelism?: number;
  /** The sql-runner jar (default: the one `@sluice/flink-jobs` carries). */
  readonly runnerJar?: string;
  /** Keep the uploaded jar on the cluster (default: delete it once the job is submitted). */
  readonly keepJar?: boolean;
  /**
   * A JSON file `{ "<name>": "<value>" }` on the JobManager's file system with the values of the
   * statements' `${secret:<name>}` placeholders; the runner reads it (`--secrets-file`), so no secret
   * is in the program arguments.
   */
  readonly secretsFile?: string;
}

/**
 * Writes the placeholder values to a private temporary file (mode 0600) for the sql-runner to read:
 * the JobManager runs the jar's main, and a local cluster shares this file system.
 */
function writeSecretsFile(secrets: Readonly<Record<string, string>>): { path: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-secrets-'));
  const path = join(dir, 'secrets.json');
  writeFileSync(path, JSON.stringify(secrets), { mode: 0o600 });
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What the jar path started. */
export interface JarSubmission {
  jobId: string;
  jarId: string;
}

const ENTRY_CLASS = 'dev.sluice.jobs.sql.SqlRunner';
// The run call waits for the script's main() to plan the job on the JobManager, which takes seconds
// to tens of seconds on a cold or busy cluster (flink-client's default of 30 s is too short for that).
const CALL_TIMEOUT_MS = 120_000;

/**
 * The jar adapter of {@link StatementRunner}: the statements (the Sluice UDFs they call first) through
 * flink-jobs' sql-runner jar, uploaded and run through the given (configured) REST client. They travel as
 * JSON (`--statements-b64`, `[{kind, sql, line}]`), so the runner splits nothing. All INSERTs become one
 * job, named by the statements' `SET 'pipeline.name'`.
 *
 * @throws SluiceError `DEPLOY_RUNNER_JAR_MISSING`, `DEPLOY_FLINK_UNREACHABLE`, `DEPLOY_JAR_RUN_FAILED`, `FLINK_UNAUTHORIZED`
 * @example
 * ```ts
 * const { jobId } = await jarRunner(ctx.flink, { restUrl: config.flink.restUrl }).run(compiled.script.statements)
 * ```
 */
export function jarRunner(flink: FlinkRestClient, options: JarRunnerOptions = {}): StatementRunner {
  return {
    via: 'jar',
    async run(statements: readonly RunnableStatement[], run: RunOptions = {}): Promise<RunResult> {
      run.onProgress?.(`uploading the sql-runner jar with ${statements.length} statement(s)`);
      const { onProgress: _progress, secrets, ...rest } = run;
      const file = secrets === undefined || Object.keys(secrets).length === 0 ? undefined : writeSecretsFile(secrets);
      try {
        const args = ['--statements-b64', statementsArgument([...udfRegistrations(statements), ...statements])];
        const { jobId } = await runJar(flink, args, { ...options, ...rest, ...(file === undefined ? {} : { secretsFile: file.path }) });
        return { jobId };
      } finally {
        file?.remove();
      }
    },
  };
}

/** The statements as the sql-runner reads them: base64 of `[{kind, sql, line}]` (lines of the script's text, for its messages). */
function statementsArgument(statements: readonly RunnableStatement[]): string {
  const json = JSON.stringify(positionedStatements(statements).map(({ kind, sql, line }) => ({ kind, sql, line })));
  return Buffer.from(json, 'utf8').toString('base64');
}

/**
 * Uploads the sql-runner jar through `/jars/upload` and starts it through `/jars/:id/run` with a user's
 * SQL text as base64 (so that no quoting can break it); the runner splits it. Compiled statements go
 * through {@link jarRunner}.
 *
 * @throws SluiceError `DEPLOY_RUNNER_JAR_MISSING`, `DEPLOY_FLINK_UNREACHABLE`, `DEPLOY_JAR_RUN_FAILED`, `FLINK_UNAUTHORIZED`
 * @example
 * ```ts
 * const { jobId } = await runScriptJar(ctx.flink, "SET 'pipeline.name' = 'x';\nINSERT INTO s SELECT 1;\n", { parallelism: 1 })
 * ```
 */
export async function runScriptJar(flink: FlinkRestClient, script: string, options: JarRunnerOptions & Omit<RunOptions, 'onProgress'>): Promise<JarSubmission> {
  return runJar(flink, ['--script-b64', Buffer.from(script, 'utf8').toString('base64')], options);
}

async function runJar(flink: FlinkRestClient, programArgsList: string[], options: JarRunnerOptions & Omit<RunOptions, 'onProgress'>): Promise<JarSubmission> {
  const jar = options.runnerJar ?? sqlRunnerJar;
  if (!existsSync(jar)) {
    throw deployCodeError('DEPLOY_RUNNER_JAR_MISSING', `the sql-runner jar is not built: ${jar}`, { details: { jar }, suggestion: missingJarSuggestion() });
  }
  try {
    return await flink.runJar(jar, {
      entryClass: ENTRY_CLASS,
      programArgsList: [...programArgsList, ...(options.secretsFile === undefined ? [] : ['--secrets-file', options.secretsFile])],
      ...(options.parallelism === undefined ? {} : { parallelism: options.parallelism }),
      ...(options.savepointPath === undefined ? {} : { savepointPath: options.savepointPath }),
      ...(options.allowNonRestoredState === undefined ? {} : { allowNonRestoredState: options.allowNonRestoredState }),
      deleteJar: options.keepJar !== true,
      upload: { timeoutMs: CALL_TIMEOUT_MS },
      timeoutMs: CALL_TIMEOUT_MS,
    });
  } catch (error) {
    throw deployError(error, options.restUrl);
  }
}

/** flink-client's FLINK_* errors as this path's codes: no answer at all, or an answer that is an error. */
function deployError(error: unknown, rest: string | undefined): unknown {
  // Missing or wrong credentials are the config's business, the same on every path: flink-client's error says so.
  if (!isSluiceError(error) || !error.code.startsWith('FLINK_') || error.code === 'FLINK_UNAUTHORIZED') return error;
  const details = (error.details ?? {}) as Partial<FlinkErrorDetails>;
  if (details.status === undefined && (error.code === 'FLINK_TIMEOUT' || error.code === 'FLINK_UNAVAILABLE')) {
    // jobId / jarId are set when the run call itself got no answer: the job may still start under that id.
    const { jobId, jarId } = details as { jobId?: string; jarId?: string };
    return deployCodeError('DEPLOY_FLINK_UNREACHABLE', `Flink REST${rest === undefined ? '' : ` at ${rest}`} did not answer: ${error.message}`, {
      cause: error,
      retriable: true,
      ...(jobId === undefined ? {} : { details: { jobId, jarId } }),
      suggestion: 'start the cluster (npm run stack:up) or pass the right flinkRestUrl',
    });
  }
  const errors = details.serverErrors ?? [error.message];
  // The request as "POST /jars/<id>/run", as the message always named it.
  const call = details.request === undefined ? 'the jar submission' : `${details.request.method} ${details.request.url.replace(/^[a-z]+:\/\/[^/]+/i, '')}`;
  const status = details.status === undefined ? '' : ` (HTTP ${details.status})`;
  return deployCodeError('DEPLOY_JAR_RUN_FAILED', `${call} failed${status}: ${parseJavaErrorText(errors.join('\n')).rootCause.slice(0, 500)}`, {
    cause: error,
    details: { ...(details.status === undefined ? {} : { status: details.status }), errors },
  });
}
