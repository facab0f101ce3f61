/**
 * What a statement does, as far as running or explaining a script is concerned: the one vocabulary of
 * the compiler, deploy's runners and flink-jobs (`dev.sluice.sql.script.StatementKind`, whose names are
 * these in upper case with `_`; a unit test reads the Java enum and compares).
 *
 * @example
 * ```ts
 * const starts = (kind: StatementKind) => kind === 'insert' || kind === 'statement-set'
 * ```
 */
export type StatementKind = (typeof STATEMENT_KINDS)[number];

/** Every {@link StatementKind}, in the Java enum's order. */
export const STATEMENT_KINDS = Object.freeze(['set', 'reset', 'ddl', 'insert', 'query', 'statement-set', 'other'] as const);
