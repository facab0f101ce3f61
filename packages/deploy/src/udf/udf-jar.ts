import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { missingJarSuggestion, UDF_CATALOG, udfsJar, type SluiceUdf } from '@sluice/flink-jobs';
import { compileStatement } from '@sluice/dsl';
import type { RunnableStatement } from '../run/statement-runner';
import { deployError } from '../error-codes';
import { userFunctionStatements } from './user-function-jar';

export type { SluiceUdf };

/** Every function of `sluice-udfs.jar`: `@sluice/flink-jobs`' {@link UDF_CATALOG}, under its older name. */
export const SLUICE_UDFS: readonly SluiceUdf[] = UDF_CATALOG;

/**
 * The absolute path of `sluice-udfs.jar` as `@sluice/flink-jobs` carries it, or `jar` when given. The SQL Gateway and the JobManager must be able to read
 * that path (true for the local stack; for a remote cluster copy the jar there and pass its path).
 *
 * @throws SluiceError `DEPLOY_UDF_JAR_MISSING` when the jar is not built
 * @example
 * ```ts
 * udfJarPath() // '<app>/node_modules/@sluice/flink-jobs/udfs/target/sluice-udfs.jar'
 * ```
 */
export function udfJarPath(jar?: string): string {
  const path = resolve(jar ?? udfsJar);
  if (!existsSync(path)) {
    throw deployError('DEPLOY_UDF_JAR_MISSING', `the UDF jar is not built: ${path}`, {
      details: { jar: path },
      suggestion: missingJarSuggestion(),
    });
  }
  return path;
}

/** Options of {@link udfStatements}. */
export interface UdfStatementsOptions {
  /** The jar (default {@link udfJarPath}()). */
  jar?: string;
  /** Only these SQL names (default: all of {@link SLUICE_UDFS}). Unknown names are an error. */
  functions?: readonly string[];
}

/**
 * `CREATE TEMPORARY FUNCTION ... USING JAR` statements that register the UDFs for one SQL Gateway session
 * or one script (no manual step: the jar is the one `@sluice/flink-jobs` carries).
 *
 * @throws SluiceError `DEPLOY_UDF_JAR_MISSING`, `DEPLOY_UNKNOWN_UDF`
 * @example
 * ```ts
 * udfStatements({ functions: ['SLUICE_EMA'] })
 * // ["CREATE TEMPORARY FUNCTION IF NOT EXISTS `SLUICE_EMA` AS 'dev.sluice.udf.Ema' USING JAR '<app>/node_modules/@sluice/flink-jobs/udfs/target/sluice-udfs.jar'"]
 * ```
 */
export function udfStatements(options: UdfStatementsOptions = {}): string[] {
  const jar = udfJarPath(options.jar);
  const wanted = options.functions ?? SLUICE_UDFS.map((f) => f.name);
  return wanted.map((name) => {
    const udf = SLUICE_UDFS.find((f) => f.name === name.toUpperCase());
    if (udf === undefined) {
      throw deployError('DEPLOY_UNKNOWN_UDF', `no UDF named ${name} in sluice-udfs.jar`, {
        details: { name, known: SLUICE_UDFS.map((f) => f.name) },
      });
    }
    return compileStatement({ kind: 'CreateFunction', name: udf.name, className: udf.className, jar });
  });
}

/**
 * Names of the Sluice UDFs a SQL text calls (so a script registers only what it uses). For SQL text a
 * user hands Sluice (and deploy state written before statements were stored); compiled scripts carry
 * their UDFs as `udfs`.
 *
 * @example
 * ```ts
 * udfsUsedBy('SELECT SLUICE_RSI(price, 14) OVER w FROM t') // ['SLUICE_RSI']
 * ```
 */
export function udfsUsedBy(sql: string): string[] {
  return SLUICE_UDFS.filter((f) => new RegExp(`\\b${f.name}\\s*\\(`, 'i').test(sql)).map((f) => f.name);
}

/**
 * The `CREATE TEMPORARY FUNCTION ... USING JAR` statements for the Sluice UDFs some statements call
 * (their `udfs`, as the compiler recorded them; none when they call none), then for the user functions
 * they call (their `functions`, jars resolved by compileProject); the runners put them first.
 *
 * @throws SluiceError `DEPLOY_UDF_JAR_MISSING`
 * @example
 * ```ts
 * udfRegistrations([{ kind: 'insert', sql: 'INSERT INTO o SELECT SLUICE_EMA(x, 5) OVER w FROM t', udfs: ['SLUICE_EMA'] }])
 * // [{ kind: 'ddl', sql: "CREATE TEMPORARY FUNCTION IF NOT EXISTS `SLUICE_EMA` AS ..." }]
 * ```
 */
export function udfRegistrations(statements: readonly RunnableStatement[]): RunnableStatement[] {
  const wanted = new Set(statements.flatMap((st) => st.udfs ?? []).map((n) => n.toUpperCase()));
  const used = SLUICE_UDFS.map((f) => f.name).filter((n) => wanted.has(n));
  const sluice = used.length === 0 ? [] : udfStatements({ functions: used });
  const users = new Map(statements.flatMap((st) => st.functions ?? []).map((ref) => [ref.name.toUpperCase(), ref]));
  const user = userFunctionStatements([...users.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, ref]) => ref));
  return [...sluice, ...user].map((sql): RunnableStatement => ({ kind: 'ddl', sql }));
}
