import type { DataType } from '../types/data-type';
import type { Duration } from '../dialect';
import type { ExprNode } from './expr-node';
import type { RelNode } from './rel-node';
import type { MetadataKey } from './source-node';

// The statements of a script as plain data: the compiler builds these for a project's signals, then
// compileStatement renders each one. Nothing here is SQL text but the user's own raw SQL (RawQuery).

/** A stored column of a table: `name TYPE`. */
export interface PhysicalColumnNode {
  readonly kind: 'PhysicalColumn';
  readonly name: string;
  readonly type: DataType;
}
/** A Kafka record's metadata as a read-only column: `name TYPE METADATA FROM 'key' VIRTUAL`. */
export interface MetadataColumnNode {
  readonly kind: 'MetadataColumn';
  readonly name: string;
  readonly type: DataType;
  readonly key: MetadataKey;
}
/** A column computed from the others: `name AS expr`. */
export interface ComputedColumnNode {
  readonly kind: 'ComputedColumn';
  readonly name: string;
  readonly expr: ExprNode;
}
/** A column of `CREATE TABLE`. */
export type ColumnDefNode = PhysicalColumnNode | MetadataColumnNode | ComputedColumnNode;

/** `WATERMARK FOR column AS column - delay`. */
export interface WatermarkNode {
  readonly column: string;
  readonly delay: Duration;
}

/** One `'key' = 'value'` of a WITH clause or a SET. */
export interface OptionNode {
  readonly key: string;
  readonly value: string;
}

/** `CREATE TABLE name (columns, watermark, primary key) WITH (options)`. */
export interface CreateTableNode {
  readonly kind: 'CreateTable';
  readonly name: string;
  readonly columns: readonly ColumnDefNode[];
  readonly watermark?: WatermarkNode;
  /** `PRIMARY KEY (...) NOT ENFORCED`; empty: none. */
  readonly primaryKey: readonly string[];
  readonly options: readonly OptionNode[];
}

/**
 * A query as a statement holds it. Some inputs must be named relations in Flink SQL (a window TVF's
 * table, MATCH_RECOGNIZE's input, a temporal join's versioned side): a view created by an earlier
 * statement stands for them. `views` names those views in the order the renderer meets them, each with
 * the node (`at`: the windowed Select, the Match, the temporal Join) whose input it stands for.
 */
export interface QueryNode {
  readonly rel: RelNode;
  readonly views: readonly { readonly at: RelNode; readonly name: string }[];
}

/** `CREATE [TEMPORARY] VIEW name AS query`. */
export interface CreateViewNode {
  readonly kind: 'CreateView';
  readonly name: string;
  readonly temporary: boolean;
  readonly query: QueryNode;
}

/** `CREATE TEMPORARY FUNCTION IF NOT EXISTS name AS 'class' USING JAR 'jar'`: a UDF from a jar. */
export interface CreateFunctionNode {
  readonly kind: 'CreateFunction';
  readonly name: string;
  readonly className: string;
  readonly jar: string;
}

/** `SET 'key' = 'value'`: a session setting the next job starts with. */
export interface SetNode {
  readonly kind: 'Set';
  readonly key: string;
  readonly value: string;
}

/** `RESET 'key'`: a session setting back to its default. */
export interface ResetNode {
  readonly kind: 'Reset';
  readonly key: string;
}

/** `INSERT INTO table (columns) query`. */
export interface InsertNode {
  readonly kind: 'Insert';
  readonly table: string;
  readonly columns: readonly string[];
  readonly query: QueryNode;
}

/** `EXECUTE STATEMENT SET BEGIN insert; ... END`: INSERTs that run as one job. */
export interface StatementSetNode {
  readonly kind: 'StatementSet';
  readonly inserts: readonly InsertNode[];
}

/** Every statement the compiler emits. */
export type StatementNode = CreateTableNode | CreateViewNode | CreateFunctionNode | SetNode | ResetNode | InsertNode | StatementSetNode;
