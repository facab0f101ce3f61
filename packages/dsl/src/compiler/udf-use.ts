/** SQL names of flink-jobs' UDAFs the compiler may emit (deploy registers them from sluice-udfs.jar). */
export const SLUICE_UDAF_NAMES: readonly string[] = Object.freeze(['SLUICE_EMA', 'SLUICE_RSI', 'SLUICE_MACD', 'SLUICE_MACD_SIGNAL', 'SLUICE_MACD_HIST']);

// compile() is synchronous: the expressions compiled inside collectUdfs() report to its set, so the
// script carries the UDFs it calls as structure and nobody scans the generated text for them.
let current: Set<string> | undefined;

/** Notes a function the compiled SQL calls (only Sluice UDAFs are kept). */
export function noteFunction(name: string): void {
  const upper = name.toUpperCase();
  if (current !== undefined && SLUICE_UDAF_NAMES.includes(upper)) current.add(upper);
}

/** Notes the UDAFs a user's raw SQL fragment calls: raw text is the one place the names must be found by scanning. */
export function noteRawSql(sql: string): void {
  if (current === undefined) return;
  for (const name of SLUICE_UDAF_NAMES) if (new RegExp(`\\b${name}\\s*\\(`, 'i').test(sql)) current.add(name);
}

/** Runs `fn` and returns what it returned with the Sluice UDAFs its compiled SQL calls, in catalog order. */
export function collectUdfs<T>(fn: () => T): { readonly value: T; readonly udfs: readonly string[] } {
  const outer = current;
  const mine = new Set<string>();
  current = mine;
  try {
    const value = fn();
    return { value, udfs: SLUICE_UDAF_NAMES.filter((n) => mine.has(n)) };
  } finally {
    if (outer !== undefined) mine.forEach((n) => outer.add(n));
    current = outer;
  }
}
