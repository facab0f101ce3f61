import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isSluiceError } from '@sluice/errors';
import { sqlGatewayClientOf } from '../context';
import type { Project } from '../project/load-project';
import { checkProject, compileProject, type CompiledSignal } from '../project/compile-project';
import { validateOfflineMany } from '../validate/validate-offline';
import { validateWithGateway } from '../validate/validate-with-gateway';
import type { ScriptVerdict } from '../validate/verdict';
import { APPEND_SINK_SUGGESTION, appendSinkRefusalOf } from '../validate/append-sink-refusal';
import { deployError } from '../error-codes';

/** The verdict on one signal. */
export interface SignalValidation {
  readonly signal: string;
  readonly ok: boolean;
  /** The root cause, mapped to the signal: a DSL error, or the first statement the planner rejected. */
  readonly error?: {
    readonly code: string;
    readonly message: string;
    /** The DSL's field, when it named one. */
    readonly field?: string;
    /** Where in the signal's SQL (`sluice sql <signal>` shows it). */
    readonly line?: number;
    readonly column?: number;
    readonly statement?: string;
    /** The way out, when the error is one Sluice recognises (e.g. `DEPLOY_APPEND_SINK_UPDATES`). */
    readonly suggestion?: string;
  };
  readonly durationMs: number;
}

/** The verdict on a project. */
export interface ProjectValidation {
  readonly ok: boolean;
  readonly via: 'offline' | 'gateway';
  readonly signals: readonly SignalValidation[];
}

/** Options of {@link validateProject}. */
export interface ValidateProjectOptions {
  /** Use flink-jobs' plan tool instead of the SQL Gateway (no cluster). */
  readonly offline?: boolean;
  /** Only these signals. */
  readonly signals?: readonly string[];
}

/**
 * Compiles every signal and has Flink's planner check it (through the SQL Gateway, or offline),
 * one script per signal so a failure names its signal; conflicts between signals (the project-level
 * compile, e.g. `DSL_TOPIC_CONFLICT`) fail the signals they name before any planner runs. Never
 * throws for invalid signals: they are verdicts with the root cause.
 *
 * @example
 * ```ts
 * const result = await validateProject(project, { offline: true })
 * for (const s of result.signals) console.log(s.signal, s.ok ? 'ok' : s.error?.message)
 * ```
 */
export async function validateProject(project: Project, options: ValidateProjectOptions = {}): Promise<ProjectValidation> {
  const mask = (t: string): string => project.config.secrets.mask(t);
  const via = options.offline === true ? 'offline' : 'gateway';
  const compiled: Compiled[] = [];
  for (const s of project.signals.filter((x) => options.signals === undefined || options.signals.length === 0 || options.signals.includes(x.name))) {
    try {
      const [c] = compileProject({ ...project, signals: [s] });
      compiled.push({ signal: s.name, ...(c === undefined ? {} : { c }) });
    } catch (error) {
      compiled.push({ signal: s.name, error: verdictError(error, mask) });
    }
  }
  failConflicts(project, compiled, mask);
  const scripts = compiled.filter((x) => x.c !== undefined).map((x) => (x.c as CompiledSignal).script);
  const started = Date.now();
  let verdicts: ScriptVerdict[];
  if (via === 'offline') {
    // The plan tool takes the compiled statements (with the UDFs the compiler recorded) as they are.
    verdicts = await validateOfflineMany(scripts);
  } else {
    verdicts = [];
    // The config's client (auth and headers), with room for a planner warming up on a cold cluster.
    const gateway = sqlGatewayClientOf(project.config.flink, { timeoutMs: 60_000 });
    for (const script of scripts) verdicts.push(await validateWithGateway(script, { gateway, sqlGatewayUrl: project.config.flink.sqlGatewayUrl }));
  }
  const per = scripts.length === 0 ? 0 : Math.round((Date.now() - started) / scripts.length);
  let i = 0;
  const signals = compiled.map((x): SignalValidation => {
    if (x.c === undefined) return { signal: x.signal, ok: false, ...(x.error === undefined ? {} : { error: x.error }), durationMs: 0 };
    const verdict = verdicts[i++];
    const failed = verdict?.statements.find((s) => !s.ok);
    if (verdict === undefined || failed === undefined) return { signal: x.signal, ok: verdict?.ok ?? false, durationMs: per };
    const e = failed.error;
    const appendSink = appendSinkRefusalOf(e) !== undefined;
    return {
      signal: x.signal,
      ok: false,
      error: {
        code: appendSink ? 'DEPLOY_APPEND_SINK_UPDATES' : 'DEPLOY_INVALID_SQL',
        message: mask(e?.rootCause ?? 'rejected by the planner'),
        ...(appendSink ? { suggestion: APPEND_SINK_SUGGESTION } : {}),
        line: e?.line ?? failed.line,
        ...(e?.column === undefined ? {} : { column: e.column }),
        statement: failed.kind,
      },
      durationMs: per,
    };
  });
  return { ok: signals.every((s) => s.ok), via, signals };
}

interface Compiled {
  readonly signal: string;
  c?: CompiledSignal;
  error?: SignalValidation['error'];
}

/** A DSL (or other Sluice) error as a verdict's error; anything else is a bug and is thrown. */
function verdictError(error: unknown, mask: (t: string) => string): NonNullable<SignalValidation['error']> {
  if (!isSluiceError(error)) throw error;
  const field = (error.details as { field?: unknown } | undefined)?.field;
  return { code: error.code, message: mask(error.message), ...(typeof field === 'string' ? { field } : {}) };
}

/**
 * Runs the project-level compile ({@link checkProject}) over every signal that compiles alone, and
 * fails the validated signals a conflict names (one script per signal cannot see, e.g., two signals
 * writing one topic in different row types). Repeated without the named signals, so every conflict
 * is reported, not only the first.
 */
function failConflicts(project: Project, compiled: Compiled[], mask: (t: string) => string): void {
  let together = project.signals.filter((s) => {
    const seen = compiled.find((x) => x.signal === s.name);
    if (seen !== undefined) return seen.error === undefined;
    try {
      compileProject({ ...project, signals: [s] });
      return true;
    } catch (error) {
      if (!isSluiceError(error)) throw error;
      return false;
    }
  });
  while (together.length > 1) {
    try {
      checkProject({ ...project, signals: together });
      return;
    } catch (error) {
      const verdict = verdictError(error, mask);
      const details = (error as { details?: { signal?: unknown; signals?: unknown } }).details;
      const listed: unknown[] = Array.isArray(details?.signals) ? details.signals : [details?.signal];
      // An error that names none of them concerns them all.
      const named = together.some((s) => listed.includes(s.name)) ? listed : together.map((s) => s.name);
      for (const x of compiled) {
        if (!named.includes(x.signal) || x.error !== undefined) continue;
        delete x.c;
        x.error = verdict;
      }
      together = together.filter((s) => !named.includes(s.name));
    }
  }
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Writes a validation result as a JUnit XML report (one testcase per signal) for CI systems.
 *
 * @example
 * ```ts
 * writeJunitReport(result, 'reports/sluice-validate.xml', 'finance')
 * ```
 */
export function writeJunitReport(result: ProjectValidation, file: string, project: string): void {
  const failures = result.signals.filter((s) => !s.ok).length;
  const cases = result.signals.map((s) => {
    const head = `    <testcase classname="sluice.${xml(project)}" name="${xml(s.signal)}" time="${(s.durationMs / 1000).toFixed(3)}"`;
    if (s.ok) return `${head}/>`;
    const where = s.error?.line === undefined ? '' : ` (line ${s.error.line}${s.error.column === undefined ? '' : `, column ${s.error.column}`})`;
    return `${head}>\n      <failure type="${xml(s.error?.code ?? 'DEPLOY_INVALID_SQL')}" message="${xml((s.error?.message ?? '') + where)}"/>\n    </testcase>`;
  });
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="sluice validate (${result.via})" tests="${result.signals.length}" failures="${failures}">\n${cases.join('\n')}\n  </testsuite>\n</testsuites>\n`;
  try {
    // CI steps name a report folder (`--junit reports/sluice.xml`) that a fresh checkout lacks.
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, body);
  } catch (cause) {
    throw deployError('DEPLOY_REPORT_FAILED', `cannot write the JUnit report to ${file}`, { cause, suggestion: 'check that the path is writable' });
  }
}
