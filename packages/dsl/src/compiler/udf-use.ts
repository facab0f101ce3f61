import type { UserFunctionRef } from '../ast/user-function-ref';
import { sameFunction } from '../ast/user-function-ref';
import { quoteIdentifier } from '../dialect';
import { dslError } from '../errors';

/** SQL names of flink-jobs' UDAFs the compiler may emit (deploy registers them from sluice-udfs.jar). */
export const SLUICE_UDAF_NAMES: readonly string[] = Object.freeze(['SLUICE_EMA', 'SLUICE_RSI', 'SLUICE_MACD', 'SLUICE_MACD_SIGNAL', 'SLUICE_MACD_HIST', 'SLUICE_STDDEV_POP']);

// compile() is synchronous: the expressions compiled inside collectUdfs() report to its set, so the
// script carries the UDFs it calls as structure and nobody scans the generated text for them.
let current: { readonly sluice: Set<string>; readonly user: Map<string, UserFunctionRef> } | undefined;

/** Notes a function the compiled SQL calls (only Sluice UDAFs are kept). */
export function noteFunction(name: string): void {
  const upper = name.toUpperCase();
  if (current !== undefined && SLUICE_UDAF_NAMES.includes(upper)) current.sluice.add(upper);
}

/**
 * The SQL name of a call's function, noting the function: a user's (udf.*) is quoted and recorded with
 * its jar; two different declarations under one name are refused (Flink would register only one).
 */
export function calleeName(n: { readonly name: string; readonly udf?: UserFunctionRef }): string {
  if (n.udf === undefined) {
    noteFunction(n.name);
    return n.name;
  }
  if (current !== undefined) {
    const key = n.udf.name.toUpperCase();
    const seen = current.user.get(key);
    if (seen !== undefined && !sameFunction(seen, n.udf)) throw clash(seen, n.udf);
    current.user.set(key, n.udf);
  }
  return quoteIdentifier(n.udf.name);
}

/** Notes the UDAFs a user's raw SQL fragment calls: raw text is the one place the names must be found by scanning. */
export function noteRawSql(sql: string): void {
  if (current === undefined) return;
  for (const name of SLUICE_UDAF_NAMES) if (new RegExp(`\\b${name}\\s*\\(`, 'i').test(sql)) current.sluice.add(name);
}

/**
 * Runs `fn` and returns what it returned with the Sluice UDAFs its compiled SQL calls, in catalog
 * order, and the user functions it calls (`functions`, by name).
 */
export function collectUdfs<T>(fn: () => T): { readonly value: T; readonly udfs: readonly string[]; readonly functions: readonly UserFunctionRef[] } {
  const outer = current;
  const mine = { sluice: new Set<string>(), user: new Map<string, UserFunctionRef>() };
  current = mine;
  try {
    const value = fn();
    const functions = [...mine.user.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, ref]) => ref);
    return { value, udfs: SLUICE_UDAF_NAMES.filter((n) => mine.sluice.has(n)), functions };
  } finally {
    if (outer !== undefined) {
      mine.sluice.forEach((n) => outer.sluice.add(n));
      mine.user.forEach((ref, key) => outer.user.set(key, ref));
    }
    current = outer;
  }
}

/** The user functions of several statements, once each, by name; two different ones of one name are refused. */
export function unionFunctions(lists: readonly (readonly UserFunctionRef[] | undefined)[]): UserFunctionRef[] {
  const out = new Map<string, UserFunctionRef>();
  for (const list of lists) {
    for (const ref of list ?? []) {
      const seen = out.get(ref.name.toUpperCase());
      if (seen !== undefined && !sameFunction(seen, ref)) throw clash(seen, ref);
      out.set(ref.name.toUpperCase(), ref);
    }
  }
  return [...out.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, ref]) => ref);
}

function clash(a: UserFunctionRef, b: UserFunctionRef): Error {
  const what = a.className === b.className ? `from ${a.jar ?? a.artifact ?? '?'} and ${b.jar ?? b.artifact ?? '?'}` : `${a.className} and ${b.className}`;
  return dslError('DSL_FUNCTION_NAME_CLASH', { signal: '(compile)', field: a.name }, `two different user functions are named '${a.name}' (${what}); a Flink session registers one`, 'declare each function once and import it where it is used');
}
