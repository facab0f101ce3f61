import type { DataType } from '../types/data-type';
import type { ExprNode } from './expr-node';
import type { Duration } from '../dialect';
import type { Source } from './source-node';

/** A named output column. */
export interface SelectItem {
  readonly name: string;
  readonly expr: ExprNode;
}

/** A window table-valued function over a time attribute. */
export interface WindowTvfNode {
  readonly kind: 'Tumble' | 'Hop' | 'Cumulate' | 'Session';
  readonly timeColumn: string;
  /** TUMBLE size, HOP/CUMULATE size, SESSION gap. */
  readonly size: Duration;
  /** HOP slide, CUMULATE step. */
  readonly step?: Duration;
  /** SESSION partition keys. */
  readonly partitionBy?: readonly string[];
}

export interface ScanNode {
  readonly kind: 'Scan';
  readonly source: Source;
}
/** A SELECT over one input: projection, filters, optional grouping and window TVF. */
export interface SelectNode {
  readonly kind: 'Select';
  readonly input: RelNode;
  readonly items: readonly SelectItem[];
  readonly where: readonly ExprNode[];
  readonly window?: WindowTvfNode;
  /** GROUP BY expressions (window_start/window_end are added for windows). */
  readonly groupBy?: readonly ExprNode[];
  readonly having?: ExprNode;
  /** A user table function's rows joined to each input row (`udf.table`, `query.lateral`). */
  readonly lateral?: LateralTableNode;
}
/**
 * `FROM input, LATERAL TABLE(f(...)) AS alias(columns)`, or with `left` `LEFT JOIN LATERAL TABLE(...) AS
 * alias(columns) ON TRUE` (input rows without any keep their columns, the function's are NULL).
 */
export interface LateralTableNode {
  /** The table function's call (a user function: its `udf` names the jar). */
  readonly call: ExprNode;
  readonly alias: string;
  readonly columns: readonly string[];
  readonly left: boolean;
}
/** A quantifier after a pattern variable; `reluctant` is the `?` after another one (`A+?`). */
export type PatternQuantifier =
  | { readonly kind: 'times'; readonly n: number }
  | { readonly kind: 'times-or-more'; readonly n: number }
  | { readonly kind: 'between'; readonly min: number; readonly max: number }
  | { readonly kind: 'one-or-more' }
  | { readonly kind: 'zero-or-more' }
  | { readonly kind: 'optional' }
  | { readonly kind: 'reluctant' };
/** One term of a MATCH_RECOGNIZE PATTERN: a variable and its quantifiers, in the order they were applied. */
export interface PatternTermNode {
  readonly variable: string;
  readonly quantifiers: readonly PatternQuantifier[];
}
export interface MatchNode {
  readonly kind: 'Match';
  readonly input: RelNode;
  readonly where: readonly ExprNode[];
  readonly partitionBy: readonly string[];
  readonly orderBy: string;
  readonly measures: readonly SelectItem[];
  /** The PATTERN's terms in order. */
  readonly pattern: readonly PatternTermNode[];
  readonly define: readonly { readonly name: string; readonly expr: ExprNode }[];
  readonly within?: Duration;
  readonly afterMatch: string;
}
export interface JoinNode {
  readonly kind: 'Join';
  readonly type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';
  readonly left: RelNode;
  readonly right: RelNode;
  readonly leftAlias: string;
  readonly rightAlias: string;
  readonly on: ExprNode;
  readonly where: readonly ExprNode[];
  readonly items: readonly SelectItem[];
  /** `FOR SYSTEM_TIME AS OF <left time>` for temporal joins. */
  readonly asOf?: ExprNode;
}
/** ROW_NUMBER() filtered to the first `limit` rows: deduplication (limit 1) and top-N. */
export interface RankNode {
  readonly kind: 'Rank';
  readonly input: RelNode;
  readonly where: readonly ExprNode[];
  readonly columns: readonly string[];
  readonly partitionBy: readonly string[];
  readonly orderBy: readonly { readonly column: string; readonly desc: boolean }[];
  readonly limit: number;
  /** The output column of the row number (top-N's `rowNumber`); absent: the row number is not output. */
  readonly rowNumber?: string;
}
export interface UnionNode {
  readonly kind: 'Union';
  readonly inputs: readonly RelNode[];
}
/** A raw SQL query with declared output columns. */
export interface RawQueryNode {
  readonly kind: 'RawQuery';
  readonly sql: string;
  readonly fields: Readonly<Record<string, DataType>>;
  /** Sources the SQL reads, so their DDL is part of the script. */
  readonly sources: readonly Source[];
}

export type RelNode = ScanNode | SelectNode | MatchNode | JoinNode | RankNode | UnionNode | RawQueryNode;
