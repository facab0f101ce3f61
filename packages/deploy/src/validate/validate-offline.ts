import { execFile, type ExecFileException } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SluiceError } from '@sluice/errors';
import { missingJarSuggestion, planToolJar } from '@sluice/flink-jobs';
import { withUdfRegistration } from '../udf/udf-jar';
import { flinkJvmOptions, resolveFlinkHome, type FlinkHomeOptions } from './flink-home';
import { planToolLaunch } from './plan-tool-launch';
import { rebaseMessage } from './explain-statement';
import type { PlannerError, ScriptVerdict, StatementVerdict } from './verdict';
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

/** A compiled script for the plan tool: its text and the Sluice UDFs it calls (a `SqlScript` is one). */
export interface OfflineScript {
  readonly text: string;
  readonly udfs: readonly string[];
}

/**
 * {@link validateOffline} for many scripts (a user's SQL text, or compiled scripts) in one JVM start (each script in a fresh TableEnvironment).
 *
 * @example
 * ```ts
 * const [a, b] = await validateOfflineMany([scriptA, scriptB])
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
    // Sluice UDFs a script calls are registered in front of it, one line each, and cut from the verdict again.
    const prefixed = scripts.map((script) => (typeof script === 'string' ? withUdfRegistration(script) : withUdfRegistration(script.text, undefined, script.udfs)));
    for (const [i, p] of prefixed.entries()) {
      const file = join(dir, `script-${i}.sql`);
      await writeFile(file, p.script, 'utf8');
      args.push('--script-file', file);
    }
    const stdout = await runPlanTool(options, home, jar, args, dir);
    const answer = parseAnswer(stdout);
    const documents = scripts.length === 1 ? [answer] : answer.scripts;
    if (documents === undefined || documents.length !== scripts.length) {
      throw deployError('DEPLOY_PLAN_TOOL_FAILED', `the plan tool answered ${documents?.length ?? 0} verdicts for ${scripts.length} scripts`, { details: { stdout } });
    }
    return documents.map((document, i) => withoutPrefix(toVerdict(document, answer.flinkVersion), prefixed[i]?.prefixStatements ?? 0));
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

/** Drops the verdicts of `n` prefixed one-line statements and moves indexes and lines back by `n`. */
function withoutPrefix(verdict: ScriptVerdict, n: number): ScriptVerdict {
  if (n === 0) return verdict;
  const failed = verdict.statements.slice(0, n).find((s) => !s.ok);
  if (failed !== undefined) {
    throw deployError('DEPLOY_UDF_REGISTRATION_FAILED', `registering the Sluice UDFs failed: ${failed.error?.rootCause ?? 'unknown error'}`, {
      details: { rootCause: failed.error?.rootCause },
      suggestion: missingJarSuggestion(),
    });
  }
  const statements = verdict.statements.slice(n).map((s): StatementVerdict => {
    const moved: StatementVerdict = { ...s, index: s.index - n, line: s.line - n };
    if (s.error !== undefined) moved.error = { ...s.error, ...(s.error.line === undefined ? {} : { line: s.error.line - n }) };
    return moved;
  });
  return { ...verdict, ok: statements.every((s) => s.ok), statements };
}

interface ToolStatement {
  index: number;
  kind: StatementKind;
  line: number;
  column: number;
  ok: boolean;
  plan?: string;
  error?: { rootCause: string; exceptionClass: string; message: string; line?: number; column?: number };
}

interface ToolDocument {
  flinkVersion?: string;
  ok: boolean;
  statements: ToolStatement[];
  scripts?: ToolDocument[];
}

function toVerdict(document: ToolDocument, flinkVersion: string | undefined): ScriptVerdict {
  const statements = document.statements.map((s): StatementVerdict => {
    const verdict: StatementVerdict = { index: s.index, kind: s.kind, line: s.line, column: s.column, ok: s.ok };
    if (s.plan !== undefined) verdict.plan = s.plan;
    if (s.error !== undefined) {
      // The plan tool explains exactly these kinds (Explain.java), so positions move by the same rule.
      const explained = s.kind === 'insert' || s.kind === 'query' || s.kind === 'statement-set';
      const error: PlannerError = { rootCause: rebaseMessage(s.error.rootCause, s, explained), exceptionClass: s.error.exceptionClass, fullText: s.error.message };
      if (s.error.line !== undefined) error.line = s.error.line;
      if (s.error.column !== undefined) error.column = s.error.column;
      verdict.error = error;
    }
    return verdict;
  });
  const verdict: ScriptVerdict = { ok: statements.every((s) => s.ok), via: 'offline', statements };
  if (flinkVersion !== undefined) verdict.flinkVersion = flinkVersion;
  return verdict;
}

function parseAnswer(stdout: string): ToolDocument {
  try {
    return JSON.parse(stdout) as ToolDocument;
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
