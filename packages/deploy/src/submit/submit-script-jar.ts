import { flinkRestClientOf } from '../context';
import { runScriptJar, type JarSubmission } from '../run/jar-runner';
import { udfStatements, udfsUsedBy } from '../udf/udf-jar';

export type { JarSubmission };

/** Options of {@link submitScriptJar}. */
export interface JarSubmitOptions {
  /** e.g. `http://127.0.0.1:8081` */
  flinkRestUrl: string;
  /** Sent with every request (e.g. `Authorization`); values are redacted in errors. */
  headers?: Readonly<Record<string, string>>;
  /** HTTP basic auth (behind a proxy). */
  auth?: { readonly username: string; readonly password: string };
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

/**
 * Runs a script text as one Flink job without a SQL Gateway: uploads flink-jobs' sql-runner jar
 * through `/jars/upload` and starts it through `/jars/:id/run` with the script as base64 (so that no
 * quoting can break it). All INSERTs of the script become one job, named by its `SET 'pipeline.name'`.
 * Sluice UDFs the script calls (`SLUICE_EMA`, ...) are registered from the built sluice-udfs.jar first.
 * For a user's own SQL text; deploy runs compiled statements through {@link jarRunner}.
 *
 * @throws SluiceError `DEPLOY_RUNNER_JAR_MISSING`, `DEPLOY_FLINK_UNREACHABLE`, `DEPLOY_JAR_RUN_FAILED`, `FLINK_UNAUTHORIZED`
 * @example
 * ```ts
 * const { jobId } = await submitScriptJar(script, { flinkRestUrl: 'http://127.0.0.1:8081', parallelism: 1 })
 * ```
 */
export async function submitScriptJar(script: string, options: JarSubmitOptions): Promise<JarSubmission> {
  const flink = flinkRestClientOf({ restUrl: options.flinkRestUrl, ...(options.headers === undefined ? {} : { headers: options.headers }), ...(options.auth === undefined ? {} : { auth: options.auth }) });
  const { flinkRestUrl, headers: _headers, auth: _auth, ...rest } = options;
  return runScriptJar(flink, withUdfs(script), { ...rest, restUrl: flinkRestUrl });
}

/** The script with `CREATE TEMPORARY FUNCTION ... USING JAR` first for each Sluice UDF it calls. */
function withUdfs(script: string): string {
  const used = udfsUsedBy(script);
  return used.length === 0 ? script : [...udfStatements({ functions: used }).map((st) => `${st};`), script].join('\n\n');
}
