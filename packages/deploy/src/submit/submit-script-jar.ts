import { existsSync } from 'node:fs';
import { SluiceError, isSluiceError } from '@sluice/errors';
import { missingJarSuggestion, sqlRunnerJar } from '@sluice/flink-jobs';
import { FlinkRestClient } from '@sluice/flink-client';
import type { FlinkErrorDetails } from '@sluice/flink-client';
import { udfStatements, udfsUsedBy } from '../udf/udf-jar';
import { parseJavaErrorText } from '../validate/java-error-text';

/** Options of {@link submitScriptJar}. */
export interface JarSubmitOptions {
  /** e.g. `http://127.0.0.1:8081` */
  flinkRestUrl: string;
  /** Default parallelism of the job (the script's SET 'parallelism.default' wins inside the job). */
  parallelism?: number;
  /** A savepoint to start from. */
  savepointPath?: string;
  allowNonRestoredState?: boolean;
  /** The sql-runner jar (default: the one `@sluice/flink-jobs` carries). */
  runnerJar?: string;
  /** Keep the uploaded jar on the cluster (default: delete it once the job is submitted). */
  keepJar?: boolean;
}

/** What {@link submitScriptJar} started. */
export interface JarSubmission {
  jobId: string;
  jarId: string;
}

const ENTRY_CLASS = 'dev.sluice.jobs.sql.SqlRunner';
// The run call waits for the script's main() to plan the job on the JobManager, which takes seconds
// to tens of seconds on a cold or busy cluster (flink-client's default of 30 s is too short for that).
const CALL_TIMEOUT_MS = 120_000;

/**
 * Runs a compiled script as one Flink job without a SQL Gateway: uploads flink-jobs' sql-runner jar
 * through `/jars/upload` and starts it through `/jars/:id/run` with the script as base64 (so that no
 * quoting can break it). All INSERTs of the script become one job, named by its `SET 'pipeline.name'`.
 * Sluice UDFs the script calls (`SLUICE_EMA`, ...) are registered from the built sluice-udfs.jar first.
 *
 * @throws SluiceError `DEPLOY_RUNNER_JAR_MISSING`, `DEPLOY_FLINK_UNREACHABLE`, `DEPLOY_JAR_RUN_FAILED`
 * @example
 * ```ts
 * const { jobId } = await submitScriptJar(script, { flinkRestUrl: 'http://127.0.0.1:8081', parallelism: 1 })
 * ```
 */
export async function submitScriptJar(script: string, options: JarSubmitOptions): Promise<JarSubmission> {
  const jar = options.runnerJar ?? sqlRunnerJar;
  if (!existsSync(jar)) {
    throw new SluiceError('DEPLOY_RUNNER_JAR_MISSING', `the sql-runner jar is not built: ${jar}`, { details: { jar }, suggestion: missingJarSuggestion() });
  }
  const flink = new FlinkRestClient({ baseUrl: options.flinkRestUrl });
  try {
    return await flink.runJar(jar, {
      entryClass: ENTRY_CLASS,
      programArgsList: ['--script-b64', Buffer.from(withUdfs(script), 'utf8').toString('base64')],
      ...(options.parallelism === undefined ? {} : { parallelism: options.parallelism }),
      ...(options.savepointPath === undefined ? {} : { savepointPath: options.savepointPath }),
      ...(options.allowNonRestoredState === undefined ? {} : { allowNonRestoredState: options.allowNonRestoredState }),
      deleteJar: options.keepJar !== true,
      upload: { timeoutMs: CALL_TIMEOUT_MS },
      timeoutMs: CALL_TIMEOUT_MS,
    });
  } catch (error) {
    throw deployError(error, options.flinkRestUrl);
  }
}

/** The script with `CREATE TEMPORARY FUNCTION ... USING JAR` first for each Sluice UDF it calls. */
function withUdfs(script: string): string {
  const used = udfsUsedBy(script);
  return used.length === 0 ? script : [...udfStatements({ functions: used }).map((st) => `${st};`), script].join('\n\n');
}

/** flink-client's FLINK_* errors as this function's codes: no answer at all, or an answer that is an error. */
function deployError(error: unknown, rest: string): unknown {
  if (!isSluiceError(error) || !error.code.startsWith('FLINK_')) return error;
  const details = (error.details ?? {}) as Partial<FlinkErrorDetails>;
  if (details.status === undefined && (error.code === 'FLINK_TIMEOUT' || error.code === 'FLINK_UNAVAILABLE')) {
    // jobId / jarId are set when the run call itself got no answer: the job may still start under that id.
    const { jobId, jarId } = details as { jobId?: string; jarId?: string };
    return new SluiceError('DEPLOY_FLINK_UNREACHABLE', `Flink REST at ${rest} did not answer: ${error.message}`, {
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
  return new SluiceError('DEPLOY_JAR_RUN_FAILED', `${call} failed${status}: ${parseJavaErrorText(errors.join('\n')).rootCause.slice(0, 500)}`, {
    cause: error,
    details: { ...(details.status === undefined ? {} : { status: details.status }), errors },
  });
}
