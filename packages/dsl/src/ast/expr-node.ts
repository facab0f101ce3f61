import type { DataType } from '../types/data-type';
import type { Duration } from '../dialect';
import type { UserFunctionRef } from './user-function-ref';

/** A column reference, optionally qualified by a relation alias or a MATCH_RECOGNIZE pattern variable. */
export interface ColumnNode {
  readonly kind: 'Column';
  readonly name: string;
  readonly qualifier?: string;
}
/** A literal value; `value` is already typed, the dialect renders and escapes it. */
export interface LiteralNode {
  readonly kind: 'Literal';
  readonly value: string | number | bigint | boolean | Date | null;
  readonly type: DataType;
}
export interface IntervalNode {
  readonly kind: 'Interval';
  readonly duration: Duration;
  readonly negative: boolean;
}
export type BinaryOperator = '+' | '-' | '*' | '/' | '%' | '=' | '<>' | '<' | '<=' | '>' | '>=' | 'AND' | 'OR' | 'LIKE' | '||';
export interface BinaryNode {
  readonly kind: 'Binary';
  readonly op: BinaryOperator;
  readonly left: ExprNode;
  readonly right: ExprNode;
}
export interface UnaryNode {
  readonly kind: 'Unary';
  readonly op: 'NOT' | '-' | 'IS NULL' | 'IS NOT NULL' | 'IS TRUE' | 'IS FALSE';
  readonly operand: ExprNode;
}
export interface BetweenNode {
  readonly kind: 'Between';
  readonly operand: ExprNode;
  readonly low: ExprNode;
  readonly high: ExprNode;
}
export interface InNode {
  readonly kind: 'In';
  readonly operand: ExprNode;
  readonly values: readonly ExprNode[];
}
/** A scalar function call `NAME(args)`. */
export interface CallNode {
  readonly kind: 'Call';
  readonly name: string;
  readonly args: readonly ExprNode[];
  /** Set when the function is a user's (udf.scalar / udf.table): deploy registers it from its jar. */
  readonly udf?: UserFunctionRef;
}
/** A bare SQL keyword argument, e.g. the unit of `TIMESTAMPDIFF(MINUTE, a, b)`. */
export interface KeywordNode {
  readonly kind: 'Keyword';
  readonly word: string;
}
export interface ExtractNode {
  readonly kind: 'Extract';
  readonly unit: string;
  readonly operand: ExprNode;
}
export interface CastNode {
  readonly kind: 'Cast';
  readonly safe: boolean;
  readonly operand: ExprNode;
  readonly type: DataType;
}
export interface CaseNode {
  readonly kind: 'Case';
  readonly whens: readonly { readonly when: ExprNode; readonly then: ExprNode }[];
  readonly otherwise?: ExprNode;
}
/** An aggregate call; `distinct` gives `COUNT(DISTINCT x)`. */
export interface AggregateNode {
  readonly kind: 'Aggregate';
  readonly name: string;
  readonly args: readonly ExprNode[];
  readonly distinct: boolean;
  /** `FILTER (WHERE ...)`: only rows where this holds are aggregated. */
  readonly filter?: ExprNode;
  /** Set when the aggregate is a user's (udf.aggregate): deploy registers it from its jar. */
  readonly udf?: UserFunctionRef;
}
/** An OVER window specification (one per SELECT in Flink streaming). */
export interface OverWindowNode {
  readonly kind: 'OverWindow';
  readonly partitionBy: readonly ExprNode[];
  readonly orderBy: ExprNode;
  readonly frame: { readonly unit: 'ROWS'; readonly preceding: number | 'UNBOUNDED' } | { readonly unit: 'RANGE'; readonly preceding: Duration | 'UNBOUNDED' };
}
export interface OverNode {
  readonly kind: 'Over';
  readonly call: ExprNode;
  readonly window: OverWindowNode;
}
/** Raw SQL with a declared type: the escape hatch. */
export interface RawNode {
  readonly kind: 'Raw';
  readonly sql: string;
  /** Declared by the user: the fragment makes its query updating (e.g. a ROW_NUMBER that becomes a Top-N). */
  readonly updating?: true;
}

/** Every expression node. */
export type ExprNode =
  | ColumnNode
  | LiteralNode
  | IntervalNode
  | BinaryNode
  | UnaryNode
  | BetweenNode
  | InNode
  | CallNode
  | KeywordNode
  | ExtractNode
  | CastNode
  | CaseNode
  | AggregateNode
  | OverNode
  | OverWindowNode
  | RawNode;

/** Freezes a node (nodes are immutable once built). */
export function node<N extends ExprNode>(n: N): N {
  return Object.freeze(n);
}

/** The direct children of a node. */
export function childrenOf(root: ExprNode): readonly ExprNode[] {
  switch (root.kind) {
    case 'Column':
    case 'Literal':
    case 'Interval':
    case 'Keyword':
    case 'Raw':
      return [];
    case 'Binary':
      return [root.left, root.right];
    case 'Unary':
    case 'Extract':
    case 'Cast':
      return [root.operand];
    case 'Between':
      return [root.operand, root.low, root.high];
    case 'In':
      return [root.operand, ...root.values];
    case 'Call':
      return root.args;
    case 'Aggregate':
      return root.filter === undefined ? root.args : [...root.args, root.filter];
    case 'Case':
      return [...root.whens.flatMap((w) => [w.when, w.then]), ...(root.otherwise === undefined ? [] : [root.otherwise])];
    case 'Over':
      return [root.call, root.window];
    case 'OverWindow':
      return [...root.partitionBy, root.orderBy];
    default: {
      const never: never = root;
      return never;
    }
  }
}

/** Visits `root` and every node below it; `insideAggregate` is true below an aggregate or OVER. */
export function walkExpr(root: ExprNode, visit: (n: ExprNode, insideAggregate: boolean) => void, insideAggregate = false): void {
  visit(root, insideAggregate);
  const inner = insideAggregate || root.kind === 'Aggregate' || root.kind === 'Over';
  for (const child of childrenOf(root)) walkExpr(child, visit, inner);
}

/** True when an aggregate occurs outside any OVER (a grouping aggregate). */
export function hasGroupAggregate(root: ExprNode): boolean {
  if (root.kind === 'Over') return false;
  if (root.kind === 'Aggregate') return true;
  return childrenOf(root).some(hasGroupAggregate);
}
