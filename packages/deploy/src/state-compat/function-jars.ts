import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { udfsJar } from '@sluice/flink-jobs';
import type { RunnableStatement } from '../run/statement-runner';
import { SLUICE_UDFS } from '../udf/udf-jar';

/**
 * The identity of the code each function of a job ran with: SQL name (upper case) -> `sha256:<hex>` of
 * its jar. Recorded per deployment in the state store, because a savepoint's accumulators are
 * serialized by the function's classes: a jar whose accumulator type changed (as Sluice's UDAFs'
 * did, structured -> RAW) no longer reads the state the old jar wrote, whatever the SQL says.
 */
export type FunctionJars = Readonly<Record<string, string>>;

// Hashed once per file version: plan and apply ask for the same jars many times per run.
const hashes = new Map<string, { readonly stamp: string; readonly hash: string }>();

/** `sha256:<hex>` of a file's bytes, or undefined when it is not there. */
export function jarHash(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  const stat = statSync(path);
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const known = hashes.get(path);
  if (known?.stamp === stamp) return known.hash;
  const hash = `sha256:${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
  hashes.set(path, { stamp, hash });
  return hash;
}

/**
 * The jar identity of every function some statements register: the Sluice UDFs they call (their
 * `udfs`: the `sluice-udfs.jar` of `@sluice/flink-jobs`, or `sluiceJar`) and their user functions
 * (`functions`, jars resolved by compileProject). A function whose jar is not on disk is left out
 * (an unrecorded identity makes the state check say `unknown`, never `compatible`). Never throws.
 *
 * @example
 * ```ts
 * functionJarsOf(compiled.script.statements) // { SLUICE_RSI: 'sha256:3f1c...' }
 * ```
 */
export function functionJarsOf(statements: readonly RunnableStatement[], sluiceJar: string = udfsJar): Record<string, string> {
  const jars: Record<string, string> = {};
  const sluiceNames = new Set(SLUICE_UDFS.map((f) => f.name));
  for (const name of statements.flatMap((st) => st.udfs ?? []).map((n) => n.toUpperCase())) {
    const hash = sluiceNames.has(name) ? jarHash(sluiceJar) : undefined;
    if (hash !== undefined) jars[name] = hash;
  }
  for (const ref of statements.flatMap((st) => st.functions ?? [])) {
    const hash = ref.jar === undefined ? undefined : jarHash(ref.jar);
    if (hash !== undefined) jars[ref.name.toUpperCase()] = hash;
  }
  return jars;
}

/** The names (upper case) of the functions some statements register from jars: Sluice UDFs and user functions. */
export function jarFunctionNames(statements: readonly RunnableStatement[]): Set<string> {
  return new Set([...statements.flatMap((st) => st.udfs ?? []), ...statements.flatMap((st) => st.functions ?? []).map((f) => f.name)].map((n) => n.toUpperCase()));
}

/** How the functions of the running job's state compare with the jars the new job would load. */
export interface FunctionJarChanges {
  /** The running version, named in the reasons (`its jar changed since <version>`). */
  readonly since: string;
  /** Functions whose recorded jar differs from the one the new job loads: name -> `<old> -> <new>`. */
  readonly changed: ReadonlyMap<string, string>;
  /** Functions the running job registered from a jar whose identity was not recorded (deployed by an older Sluice, or the jar was missing). */
  readonly unrecorded: ReadonlySet<string>;
}

/**
 * Compares the jars the running job was deployed with (`recorded`, from its deployment record;
 * undefined for records older than this field) with the jars the new statements would register.
 * Only functions both jobs register from jars count: a function the new job no longer calls changes
 * the plan itself, which the plan comparison sees.
 *
 * @example
 * ```ts
 * functionJarChanges(store.statementsOf(v1) ?? [], record.functionJars, compiled.script.statements, v1)
 * ```
 */
export function functionJarChanges(
  running: readonly RunnableStatement[],
  recorded: FunctionJars | undefined,
  next: readonly RunnableStatement[],
  since: string,
  sluiceJar: string = udfsJar,
): FunctionJarChanges {
  const now = functionJarsOf(next, sluiceJar);
  const changed = new Map<string, string>();
  const unrecorded = new Set<string>();
  for (const name of jarFunctionNames(running)) {
    const after = now[name];
    if (after === undefined) continue;
    const before = recorded?.[name];
    if (before === undefined) unrecorded.add(name);
    else if (before !== after) changed.set(name, `${short(before)} -> ${short(after)}`);
  }
  return { since, changed, unrecorded };
}

function short(hash: string): string {
  return hash.slice(0, 'sha256:'.length + 12);
}
