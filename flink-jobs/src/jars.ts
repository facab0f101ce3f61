import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { flinkJobsError } from './error-codes';

// This file is <package>/src/jars.ts (tests) or <package>/dist/jars.js (everything else); Maven leaves
// the jars in <package>/<module>/target, and the package's `files` ships them at those same paths, so
// one lookup works in a checkout and in an installed package alike.
const PACKAGE_ROOT = join(__dirname, '..');

/** The jars `@sluice/flink-jobs` carries, by name. */
export const FLINK_JOBS_JARS = Object.freeze({
  /** Runs a compiled script as one Flink job submitted through the JobManager's /jars API. */
  'sql-runner': 'sql-runner/target/sluice-sql-runner.jar',
  /** Offline parse/validate/EXPLAIN with Flink's own planner (no cluster). */
  'plan-tool': 'plan-tool/target/sluice-plan-tool.jar',
  /** Recursive indicators (EMA, RSI, MACD) as UDAFs; see {@link UDF_CATALOG}. */
  udfs: 'udfs/target/sluice-udfs.jar',
} as const);

/** A name of {@link FLINK_JOBS_JARS}. */
export type FlinkJobsJar = keyof typeof FLINK_JOBS_JARS;

/** Absolute path of the sql-runner jar in this package (it may be missing in an unbuilt checkout: see {@link jarPath}). */
export const sqlRunnerJar: string = join(PACKAGE_ROOT, FLINK_JOBS_JARS['sql-runner']);
/** Absolute path of the plan tool jar in this package. */
export const planToolJar: string = join(PACKAGE_ROOT, FLINK_JOBS_JARS['plan-tool']);
/** Absolute path of the UDF jar in this package. */
export const udfsJar: string = join(PACKAGE_ROOT, FLINK_JOBS_JARS.udfs);

/**
 * The absolute paths of every jar, whether present or not.
 *
 * @example
 * ```ts
 * import { jarPaths } from '@sluice/flink-jobs';
 * jarPaths().udfs // '/app/node_modules/@sluice/flink-jobs/udfs/target/sluice-udfs.jar'
 * ```
 */
export function jarPaths(): Record<FlinkJobsJar, string> {
  return { 'sql-runner': sqlRunnerJar, 'plan-tool': planToolJar, udfs: udfsJar };
}

/**
 * The absolute path of one jar, checked to exist.
 *
 * @throws SluiceError `FLINK_JOBS_JAR_MISSING` when the jar is not there
 * @example
 * ```ts
 * import { jarPath } from '@sluice/flink-jobs';
 * const runner = jarPath('sql-runner'); // upload it to the JobManager's /jars
 * ```
 */
export function jarPath(name: FlinkJobsJar): string {
  const path = jarPaths()[name];
  if (!existsSync(path)) {
    throw flinkJobsError('FLINK_JOBS_JAR_MISSING', `the ${name} jar of @sluice/flink-jobs is missing: ${path}`, {
      details: { jar: name, path },
      suggestion: missingJarSuggestion(),
    });
  }
  return path;
}

/** What to do about a missing jar: build it in a checkout (a pom.xml beside), else reinstall the package. */
export function missingJarSuggestion(): string {
  return existsSync(join(PACKAGE_ROOT, 'pom.xml'))
    ? 'run `npm run build` in the Sluice repository (it builds flink-jobs with Maven)'
    : 'reinstall @sluice/flink-jobs (npm install @sluice/flink-jobs): its tarball carries the jars';
}
