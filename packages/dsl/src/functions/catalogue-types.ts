// The vocabulary of the function catalogue (catalogue.ts): one row per function Flink documents.

/** Where Flink's documentation lists a function (regex and hashing split out of its "string" area). */
export type FunctionArea = 'math' | 'string' | 'regex' | 'json' | 'temporal' | 'collection' | 'conditional' | 'conversion' | 'hashing' | 'grouping' | 'catalog' | 'aggregate';

/**
 * What an argument accepts: an expression of the family or a TS literal of it.
 * `unit` is a time-unit keyword (`'DAY'`); `element` is a value of the first argument's element type.
 */
export type ArgFamily =
  | 'string'
  | 'int'
  | 'numeric'
  | 'boolean'
  | 'date'
  | 'timestamp'
  | 'datetime'
  | 'bytes'
  | 'array'
  | 'map'
  | 'collection'
  | 'hexable'
  | 'any'
  | 'element'
  | 'unit';

/**
 * An argument as `name:family`, `name?:family` (optional, trailing) or `...name:family` (variadic, last).
 * Existing hand-written functions may also name `raw-int`, `raw-string`, `raw-unit` or `type`: a TS value only.
 */
export type ArgSpec = string;

/** The result type: a fixed Flink type, or derived from an argument (`arg0` is the first argument's type). */
export type ResultRule =
  | 'STRING'
  | 'INT'
  | 'BIGINT'
  | 'DOUBLE'
  | 'BOOLEAN'
  | 'DATE'
  | 'BYTES'
  | 'TIME(0)'
  | 'TIMESTAMP(3)'
  | 'TIMESTAMP_LTZ(3)'
  | 'ARRAY<STRING>'
  | 'MAP<STRING, STRING>'
  | 'arg0'
  | 'arg1'
  | 'arg2'
  | 'element0'
  | 'keys0'
  | 'values0'
  | 'entries0'
  | 'mapOf01'
  | 'arrayOf0'
  | 'cast';

/**
 * When the result may be NULL: `args` when any argument may be (Flink's rule for most functions),
 * `always` (e.g. no regex match), `never`, `last` when the last argument may be (IFNULL, COALESCE).
 */
export type NullRule = 'args' | 'always' | 'never' | 'last';

/** An example input, as data: TS literals, or typed values built with DSL functions. */
export type ExampleArg =
  | string
  | number
  | boolean
  | { readonly date: string }
  | { readonly timestamp: string }
  | { readonly decimal: string; readonly precision: number; readonly scale: number }
  | { readonly array: string; readonly of?: 'INT' }
  | { readonly map: string }
  | { readonly bytes: string }
  | { readonly null: 'STRING' | 'INT' }
  | { readonly type: 'INT' }
  | { readonly column: true };

/**
 * An example call and the value Flink returns for it, as `CAST(result AS STRING)` prints it (`null` for NULL).
 * `source`: `docs` (the value in Flink's function documentation), `definition` (computed from the
 * documented definition, where the docs give no example), `form` (non-deterministic: the documented form).
 */
export interface FunctionExample {
  readonly args: readonly ExampleArg[];
  readonly expect: string | null | { readonly pattern: string };
  readonly source: 'docs' | 'definition' | 'form';
  /** For an aggregate: the rows of column `x` it aggregates. */
  readonly rows?: readonly (number | string)[];
}

/** A function the DSL offers, typed from this row (or an existing hand-written one, `existing: true`). */
export interface OfferedFunction {
  readonly status: 'offered';
  readonly flink: string;
  readonly dsl: string;
  readonly area: FunctionArea;
  readonly kind: 'scalar' | 'aggregate';
  /** `keyword`: called without parentheses (`CURRENT_DATE`). */
  readonly syntax: 'call' | 'keyword';
  readonly args: readonly ArgSpec[];
  readonly returns: ResultRule;
  readonly nulls: NullRule;
  readonly example: FunctionExample;
  /** One line for the JSDoc. */
  readonly summary: string;
  /** A hand-written function in expr/ that predates the catalogue (its types are kept). */
  readonly existing?: boolean;
  /** Flink's nullability where an existing function's type says otherwise (kept so its callers do not break). */
  readonly flinkNulls?: NullRule;
}

/** A documented function the DSL does not offer, and why. */
export interface MissingFunction {
  readonly status: 'not-offered';
  readonly flink: string;
  readonly area: FunctionArea;
  readonly kind: 'scalar' | 'aggregate';
  readonly reason: string;
}

export type CatalogueEntry = OfferedFunction | MissingFunction;
