import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { SluiceError } from '@sluice/errors';
import { udfStatements, udfsUsedBy } from '../udf/udf-jar';

/** Options of {@link submitScriptJar}. */
export interface JarSubmitOptions {
  /** e.g. `http://127.0.0.1:8081` */
  flinkRestUrl: string;
  /** Default parallelism of the job (the script's SET 'parallelism.default' wins inside the job). */
  parallelism?: number;
  /** A savepoint to start from. */
  savepointPath?: string;
  allowNonRestoredState?: boolean;
  /** The sql-runner jar (default: flink-jobs/sql-runner/target/sluice-sql-runner.jar of this repository). */
  runnerJar?: string;
  /** Keep the uploaded jar on the cluster (default: delete it once the job is submitted). */
  keepJar?: boolean;
}

/** What {@link submitScriptJar} started. */
export interface JarSubmission {
  jobId: string;
  jarId: string;
}

// Built by `npm run build` (Maven in flink-jobs); src/submit and dist/submit are four levels below the root.
const DEFAULT_RUNNER_JAR = join(__dirname, '..', '..', '..', '..', 'flink-jobs', 'sql-runner', 'target', 'sluice-sql-runner.jar');
const ENTRY_CLASS = 'dev.sluice.jobs.sql.SqlRunner';

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
  const jar = options.runnerJar ?? DEFAULT_RUNNER_JAR;
  if (!existsSync(jar)) {
    throw new SluiceError('DEPLOY_RUNNER_JAR_MISSING', `the sql-runner jar is not built: ${jar}`, { details: { jar }, suggestion: 'run `npm run build` (it builds flink-jobs with Maven)' });
  }
  const rest = options.flinkRestUrl.replace(/\/+$/, '');
  const form = new FormData();
  form.append('jarfile', new Blob([await readFile(jar)], { type: 'application/java-archive' }), basename(jar));
  const uploaded = await call<{ filename: string }>(rest, 'POST', '/jars/upload', form);
  const jarId = uploaded.filename.split('/').pop() ?? uploaded.filename;
  try {
    const body: Record<string, unknown> = {
      entryClass: ENTRY_CLASS,
      programArgsList: ['--script-b64', Buffer.from(withUdfs(script), 'utf8').toString('base64')],
    };
    if (options.parallelism !== undefined) body.parallelism = options.parallelism;
    if (options.savepointPath !== undefined) body.savepointPath = options.savepointPath;
    if (options.allowNonRestoredState !== undefined) body.allowNonRestoredState = options.allowNonRestoredState;
    const run = await call<{ jobid: string }>(rest, 'POST', `/jars/${encodeURIComponent(jarId)}/run`, JSON.stringify(body));
    return { jobId: run.jobid, jarId };
  } finally {
    if (options.keepJar !== true) await fetch(`${rest}/jars/${encodeURIComponent(jarId)}`, { method: 'DELETE' }).catch(() => undefined);
  }
}

/** The script with `CREATE TEMPORARY FUNCTION ... USING JAR` first for each Sluice UDF it calls. */
function withUdfs(script: string): string {
  const used = udfsUsedBy(script);
  return used.length === 0 ? script : [...udfStatements({ functions: used }).map((st) => `${st};`), script].join('\n\n');
}

async function call<T>(rest: string, method: string, path: string, body: FormData | string): Promise<T> {
  let response: Response;
  try {
    const init: RequestInit = { method, body, signal: AbortSignal.timeout(120_000) };
    if (typeof body === 'string') init.headers = { 'content-type': 'application/json' };
    response = await fetch(`${rest}${path}`, init);
  } catch (cause) {
    throw new SluiceError('DEPLOY_FLINK_UNREACHABLE', `Flink REST at ${rest} did not answer`, { cause, retriable: true, suggestion: 'start the cluster (npm run stack:up) or pass the right flinkRestUrl' });
  }
  const text = await response.text();
  if (!response.ok) {
    let errors: string[] = [text];
    try {
      const parsed = JSON.parse(text) as { errors?: unknown[] };
      if (Array.isArray(parsed.errors)) errors = parsed.errors.map(String);
    } catch {
      // not JSON: keep the raw text
    }
    throw new SluiceError('DEPLOY_JAR_RUN_FAILED', `${method} ${path} failed (HTTP ${response.status}): ${rootCauseLine(errors.join('\n'))}`, {
      details: { status: response.status, errors },
    });
  }
  return JSON.parse(text) as T;
}

/** The last "Caused by:" message of a Java stack in Flink's error text, else its first line. */
function rootCauseLine(text: string): string {
  const causes = [...text.matchAll(/^Caused by: [\w.$]+(?::\s?(.*))?$/gm)];
  const last = causes[causes.length - 1]?.[1];
  return (last ?? text.trim().split('\n')[0] ?? '').trim().slice(0, 500);
}
