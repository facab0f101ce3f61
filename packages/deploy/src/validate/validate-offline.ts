import { execFile, type ExecFileException } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SluiceError } from '@sluice/errors';
import { missingJarSuggestion, planToolJar } from '@sluice/flink-jobs';
import { udfRegistrations } from '../udf/udf-jar';
import { positionedStatements, statementsOfRawSql, type PositionedStatement } from '../run/positioned-statements';
import type { RunnableStatement } from '../run/statement-runner';
import { flinkJvmOptions, resolveFlinkHome, type FlinkHomeOptions } from './flink-home';
import { planToolLaunch } from './plan-tool-launch';
import { explainStatementFor, plannerErrorOf } from './explain-statement';
import type { ScriptVerdict, StatementVerdict } from './verdict';
import type { StatementKind } from './sql-script-splitter';
import { deployError } from '../error-codes';

/** Options of {@link validateOffline}. */
export interface OfflineOptions extends FlinkHomeOptions {
  /** The plan tool jar (default: the one `@sluice/flink-jobs` carries). */
  planToolJar?: string;
  /** The java executable (default `$JAVA_HOME/bin/java`, else `java` on the PATH). */
  java?: string;
  /** How long the planner may take for the whole call (default 180 s). */
  timeoutMs?: number;
}


/**
 * Parses, validates and EXPLAINs a script with Flink's own planner, without a cluster: runs
 * flink-jobs' plan tool on the Flink distribution `@sluice/stack` assembled (the cluster's exact
 * version). Invalid SQL is not thrown: it is a verdict with `ok: false` and the root cause.
 *
 * @throws SluiceError `DEPLOY_FLINK_HOME_MISSING`, `DEPLOY_PLAN_TOOL_MISSING`, `DEPLOY_JAVA_MISSING`, `DEPLOY_PLAN_TOOL_FAILED`
 * @example
 * ```ts
 * const verdict = await validateOffline("CREATE TABLE t (a INT) WITH ('connector' = 'datagen');\nSELECT b FROM t")
 * verdict.ok                            // false
 * verdict.statements[1]?.error?.rootCause // "Column 'b' not found in any table"
 * verdict.statements[1]?.error?.line      // 2
 * ```
 */
export async function validateOffline(script: string, options: OfflineOptions = {}): Promise<ScriptVerdict> {
  const [verdict] = await validateOfflineMany([script], options);
  if (verdict === undefined) throw deployError('DEPLOY_PLAN_TOOL_FAILED', 'the plan tool answered no verdict');
  return verdict;
}

/** A compiled script for the plan tool: its statements (a `SqlScript` is one). */
export interface OfflineScript {
  readonly statements: readonly RunnableStatement[];
}

/**
 * {@link validateOffline} for many scripts (a user's SQL text, or compiled scripts) in one JVM start (each
 * script in a fresh TableEnvironment). The plan tool gets statements as JSON: a compiled script's as they
 * are, a user's text split here; the Sluice UDFs they call are registered first, INSERTs, queries and
 * STATEMENT SETs go as `EXPLAIN PLAN FOR ...` (the text the gateway path sends), and error positions are
 * mapped to the script's text the same way as the gateway's.
 *
 * @example
 * ```ts
 * const [a, b] = await validateOfflineMany([compiledA.script, compiledB.script])
 * ```
 */
export async function validateOfflineMany(scripts: readonly (string | OfflineScript)[], options: OfflineOptions = {}): Promise<ScriptVerdict[]> {
  if (scripts.length === 0) return [];
  const home = resolveFlinkHome(options);
  const jar = options.planToolJar ?? planToolJar;
  if (!existsSync(jar)) {
    throw deployError('DEPLOY_PLAN_TOOL_MISSING', `the plan tool jar is not built: ${jar}`, {
      details: { jar },
      suggestion: missingJarSuggestion(),
    });
  }
  const dir = await mkdtemp(join(tmpdir(), 'sluice-plan-'));
  try {
    const args: string[] = [];
    const inputs = scripts.map((script) => (typeof script === 'string' ? statementsOfRawSql(script) : positionedStatements(script.statements)));
    const registrations = inputs.map((statements) => udfRegistrations(statements));
    for (const [i, statements] of inputs.entries()) {
      const sent = [...(registrations[i] ?? []), ...statements].map((st) => {
        const explain = explainStatementFor({ kind: st.kind, text: st.sql });
        return explain === undefined ? { kind: st.kind, sql: st.sql } : { kind: 'other', sql: explain };
      });
      const file = join(dir, `statements-${i}.json`);
      await writeFile(file, JSON.stringify(sent), 'utf8');
      args.push('--statements-file', file);
    }
    const stdout = await runPlanTool(options, home, jar, args, dir);
    const answer = parseAnswer(stdout);
    if (answer.scripts === undefined || answer.scripts.length !== scripts.length) {
      throw deployError('DEPLOY_PLAN_TOOL_FAILED', `the plan tool answered ${answer.scripts?.length ?? 0} verdicts for ${scripts.length} scripts`, { details: { stdout: stdout.slice(0, 20_000) } });
    }
    return answer.scripts.map((document, i) => toVerdict(document, inputs[i] ?? [], registrations[i]?.length ?? 0, answer.flinkVersion));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the plan tool with `--split-only` (no Flink classes): the Java splitter's view of a script. */
export async function splitWithPlanTool(script: string, options: Pick<OfflineOptions, 'planToolJar' | 'java'> = {}): Promise<Array<{ text: string; line: number; column: number; kind: StatementKind }>> {
  const jar = options.planToolJar ?? planToolJar;
  const java = javaOf(options);
  const stdout = checked(java, await exec(java, ['-cp', jar, PLAN_TOOL_MAIN, '--split-only', '--script', script], 60_000)).stdout;
  return (JSON.parse(stdout) as { statements: Array<{ text: string; line: number; column: number; kind: StatementKind }> }).statements.map(
    ({ text, line, column, kind }) => ({ text, line, column, kind }),
  );
}

interface ToolStatement {
  index: number;
  ok: boolean;
  output?: string;
  error?: { rootCause: string; exceptionClass: string; message: string; line?: number; column?: number };
}

interface ToolAnswer {
  flinkVersion?: string;
  scripts?: { statements: ToolStatement[] }[];
}

/** The verdicts of one script's statements; the first `registered` answers are the UDF registrations. */
function toVerdict(document: { statements: ToolStatement[] }, statements: readonly PositionedStatement[], registered: number, flinkVersion: string | undefined): ScriptVerdict {
  const answers = document.statements;
  const failed = answers.slice(0, registered).find((s) => !s.ok);
  if (failed !== undefined) {
    throw deployError('DEPLOY_UDF_REGISTRATION_FAILED', `registering the functions the script calls (Sluice UDFs, user functions) failed: ${failed.error?.rootCause ?? 'unknown error'}`, {
      details: { rootCause: failed.error?.rootCause },
      suggestion: missingJarSuggestion(),
    });
  }
  if (answers.length !== registered + statements.length) {
    throw deployError('DEPLOY_PLAN_TOOL_FAILED', `the plan tool answered ${answers.length} verdicts for ${registered + statements.length} statements`);
  }
  const verdicts = statements.map((st, index): StatementVerdict => {
    const answer = answers[registered + index] as ToolStatement;
    const explained = explainStatementFor({ kind: st.kind, text: st.sql }) !== undefined;
    const verdict: StatementVerdict = { index, kind: st.kind, line: st.line, column: st.column, ok: answer.ok };
    if (answer.ok && explained && answer.output !== undefined) verdict.plan = answer.output;
    if (answer.error !== undefined) {
      const { rootCause, exceptionClass, message, line, column } = answer.error;
      verdict.error = plannerErrorOf({ rootCause, exceptionClass, ...(line === undefined || column === undefined ? {} : { position: { line, column } }) }, message, st, explained);
    }
    return verdict;
  });
  const verdict: ScriptVerdict = { ok: verdicts.every((s) => s.ok), via: 'offline', statements: verdicts };
  if (flinkVersion !== undefined) verdict.flinkVersion = flinkVersion;
  return verdict;
}

function parseAnswer(stdout: string): ToolAnswer {
  try {
    return JSON.parse(stdout) as ToolAnswer;
  } catch (cause) {
    throw deployError('DEPLOY_PLAN_TOOL_FAILED', 'the plan tool did not answer JSON', { cause, details: { stdout: stdout.slice(0, 20_000) } });
  }
}

function javaOf(options: Pick<OfflineOptions, 'java'>): string {
  return options.java ?? (process.env.JAVA_HOME !== undefined && process.env.JAVA_HOME !== '' ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java');
}

const PLAN_TOOL_MAIN = 'dev.sluice.tools.plan.PlanTool';

// What Java prints when it ran without the archive it was given (17: the first, 25: the second). Not "An error
// has occurred while processing the shared archive file": 25 says that about its own base archive, and maps ours.
const ARCHIVE_REFUSED = /Unable to use shared archive|shared class paths mismatch/i;
// How a JVM that crashed ends (its error handler aborts); a timeout's SIGTERM is not one.
const JVM_CRASH = new Set(['SIGABRT', 'SIGBUS', 'SIGSEGV']);

async function runPlanTool(options: OfflineOptions, home: string, jar: string, args: string[], workDir: string): Promise<string> {
  const java = javaOf(options);
  const jvm = [...flinkJvmOptions(home), '-Xss4m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];
  // JVM warnings (CDS ones included) go to stderr, since stdout is the JSON answer; a crash report goes to
  // the temporary directory rather than the user's.
  const quiet = ['-Xlog:disable', '-Xlog:all=warning:stderr', `-XX:ErrorFile=${join(workDir, 'hs_err_pid%p.log')}`];
  // The planner jar unpacked on the class path and an AppCDS archive when possible (plan-tool-launch.ts).
  const launch = await planToolLaunch({ java, home, jar, jvmOptions: jvm, ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }) });
  const run = (archiveOptions: string[]) => exec(java, [...jvm, ...quiet, ...archiveOptions, '-cp', launch.classpath, PLAN_TOOL_MAIN, ...args], options.timeoutMs ?? 180_000);
  try {
    let result = await run(launch.archiveOptions);
    if (launch.archiveOptions.length > 0 && JVM_CRASH.has(result.error?.signal ?? '') && result.error?.killed !== true) {
      // Java crashes on a damaged archive (SIGBUS on a truncated one, then abort), or crashed dumping one:
      // give that archive up and run without.
      await launch.discardArchive();
      result = await run([]);
    } else if (launch.usesArchive && ARCHIVE_REFUSED.test(result.stderr)) {
      // Java ran without it (it only warns): a useless archive is not mapped again.
      await launch.discardArchive();
    }
    const { stdout } = checked(java, result);
    if (!launch.usesArchive && result.error === null) await launch.succeeded();
    return stdout;
  } finally {
    await launch.release();
  }
}

interface ExecResult {
  error: ExecFileException | null;
  stdout: string;
  stderr: string;
}

function exec(java: string, args: string[], timeoutMs: number): Promise<ExecResult> {
  return new Promise((resolve) => {
    execFile(java, args, { maxBuffer: 256 * 1024 * 1024, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => resolve({ error, stdout, stderr }));
  });
}

/** The result of a run that worked, else the SluiceError that says why not. */
function checked(java: string, { error, stdout, stderr }: ExecResult): ExecResult {
  if (error === null) return { error, stdout, stderr };
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    throw deployError('DEPLOY_JAVA_MISSING', `java was not found (${java})`, { cause: error, suggestion: 'install Java 17 or set JAVA_HOME' });
  }
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('at ') && !/^(SLF4J|WARNING|\[[\d.]+s\]\[)/.test(line));
  const last = lines.find((line) => line.startsWith('plan-tool:')) ?? lines[lines.length - 1] ?? error.message.split('\n')[0] ?? 'unknown failure';
  throw deployError('DEPLOY_PLAN_TOOL_FAILED', `the plan tool failed: ${last}`, {
    cause: error,
    details: { exitCode: typeof error.code === 'number' ? error.code : undefined, stderr: stderr.slice(-20_000) },
    suggestion: 'run `npm run build`, and check that the Flink distribution is complete',
  });
}
