import type { StatementKind } from './sql-script-splitter';

/** Why Flink's planner rejected a statement, reduced to what a person needs. */
export interface PlannerError {
  /** The first line of the deepest cause's message, e.g. `Column 'nam' not found in any table`. */
  rootCause: string;
  /** The deepest cause's Java class, e.g. `org.apache.calcite.sql.validate.SqlValidatorException`. */
  exceptionClass: string;
  /** The full text Flink gave (top-level message, or the whole server error); for logs and --verbose. */
  fullText: string;
  /** 1-based line in the script, when Flink named a position. */
  line?: number;
  /** 1-based column in the script, when Flink named a position. */
  column?: number;
}

/** The planner's verdict on one statement of a script. */
export interface StatementVerdict {
  /** 0-based position among the script's statements. */
  index: number;
  kind: StatementKind;
  /** Where the statement starts in the script (1-based). */
  line: number;
  column: number;
  ok: boolean;
  /** EXPLAIN output, for INSERT, queries and STATEMENT SETs that passed. */
  plan?: string;
  error?: PlannerError;
}

/** The verdict on a whole script: ok when every statement is. */
export interface ScriptVerdict {
  ok: boolean;
  /** The Flink version whose planner answered (offline only: the gateway does not say). */
  flinkVersion?: string;
  /** Which path answered. */
  via: 'offline' | 'gateway';
  statements: StatementVerdict[];
}
