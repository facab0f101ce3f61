import type { BigintType, BooleanType, DataType, DecimalType } from '../types/data-type';
import type { OverWindowNode } from '../ast/expr-node';
import { hasGroupAggregate, node } from '../ast/expr-node';
import { parseDuration } from '../dialect';
import { NO_SIGNAL, dslError } from '../errors';
import { Expr } from './expr';
import { aggregateType, isNumeric, isTimeAttribute, withNullable } from './type-rules';
import type { NumericType, SetNull } from './static-types';

/**
 * An aggregate call. Use it in the select of a grouped or windowed query, or with `.over(window)`.
 */
export class AggregateExpr<T extends DataType> extends Expr<T> {
  /**
   * Aggregates only the rows where `condition` holds: `COUNT(*) FILTER (WHERE cond)`. Several filtered
   * aggregates of one select share Flink's state (a `CASE WHEN` inside `COUNT(DISTINCT ...)` would not).
   *
   * @example
   * ```ts
   * count().filter(r.price.gt(100))   // COUNT(*) FILTER (WHERE `price` > 100)
   * sum(r.qty).filter(r.side.eq('B')) // SUM(`qty`) FILTER (WHERE `side` = 'B')
   * ```
   */
  filter(condition: Expr<BooleanType>): AggregateExpr<T> {
    const n = this.node;
    if (n.kind !== 'Aggregate' || n.name === 'LAG') throw dslError('DSL_INVALID_EXPRESSION', this.ctx, 'filter() applies to a grouping aggregate (not LAG)');
    if (!(condition instanceof Expr) || condition.type.kind !== 'BOOLEAN') throw dslError('DSL_TYPE_MISMATCH', this.ctx, 'filter() needs a BOOLEAN condition', 'compare a column, e.g. r.price.gt(100)');
    if (hasGroupAggregate(condition.node) || condition.node.kind === 'Over') throw dslError('DSL_NESTED_AGGREGATE', this.ctx, `the FILTER of ${n.name} cannot contain an aggregate`);
    const filter = n.filter === undefined ? condition.node : node({ kind: 'Binary', op: 'AND', left: n.filter, right: condition.node });
    return new AggregateExpr(node({ ...n, filter }), this.type, this.ctx);
  }

  /**
   * The aggregate over an OVER window: `AVG(x) OVER (PARTITION BY ... ORDER BY ts ROWS BETWEEN 4 PRECEDING AND CURRENT ROW)`.
   * All OVER aggregates of one select must use the same window (Flink's rule).
   */
  over(window: OverWindow): Expr<T> {
    if (!(window instanceof OverWindow)) throw dslError('DSL_INVALID_EXPRESSION', this.ctx, 'over() needs a window from overWindow({...})');
    if (this.node.kind === 'Aggregate' && this.node.filter !== undefined) throw dslError('DSL_INVALID_EXPRESSION', this.ctx, 'an OVER aggregate takes no filter() (Flink rejects FILTER with OVER)', 'filter the rows with where() before the select');
    const frame = window.node.frame;
    if (this.node.kind === 'Aggregate' && this.node.name === 'LAG' && frame.preceding !== 'UNBOUNDED') {
      throw dslError('DSL_LAG_FRAME', this.ctx, 'LAG takes a window without rows/range (Flink rejects a frame for it)', 'use overWindow({ partitionBy, orderBy }) for LAG, in its own select');
    }
    return new Expr(node({ kind: 'Over', call: this.node, window: window.node }), this.type, this.ctx);
  }
}

function agg<T extends DataType>(name: string, args: readonly Expr<DataType>[], distinct = false): AggregateExpr<T> {
  const input = args[0];
  if (['SUM', 'AVG', 'STDDEV_POP', 'STDDEV_SAMP', 'VAR_POP', 'VAR_SAMP'].includes(name) && input !== undefined && !isNumeric(input.type)) {
    throw dslError('DSL_TYPE_MISMATCH', input.ctx, `${name} needs a numeric value, got ${input.type.kind}`);
  }
  for (const a of args) {
    if (a.node.kind === 'Aggregate' || a.node.kind === 'Over') throw dslError('DSL_NESTED_AGGREGATE', a.ctx, `${name} cannot take another aggregate as its argument`);
  }
  const type = aggregateType(name, input?.type);
  return new AggregateExpr(node({ kind: 'Aggregate', name, args: args.map((a) => a.node), distinct }), type, input?.ctx ?? NO_SIGNAL) as unknown as AggregateExpr<T>;
}

/** Sum type in Flink: DECIMAL widens to DECIMAL(38, s); other numerics keep their type (nullable). */
export type SumType<T> = T extends DecimalType ? DecimalType<true> : SetNull<T, true>;

/** `COUNT(*)` or `COUNT(x)` (BIGINT NOT NULL) */
export function count(x?: Expr<DataType>): AggregateExpr<BigintType<false>> {
  return x === undefined ? new AggregateExpr(node({ kind: 'Aggregate', name: 'COUNT', args: [], distinct: false }), { kind: 'BIGINT', nullable: false }) : agg<BigintType<false>>('COUNT', [x]);
}
/** `COUNT(DISTINCT x)` */
export function countDistinct(x: Expr<DataType>): AggregateExpr<BigintType<false>> {
  return agg<BigintType<false>>('COUNT', [x], true);
}
/** `SUM(x)` */
export function sum<T extends NumericType>(x: Expr<T>): AggregateExpr<SumType<T>> {
  return agg<SumType<T>>('SUM', [x]);
}
/** `AVG(x)`: Flink keeps integer types (AVG of INT is INT); cast to DOUBLE first for a fractional mean. */
export function avg<T extends NumericType>(x: Expr<T>): AggregateExpr<SumType<T>> {
  return agg<SumType<T>>('AVG', [x]);
}
/** `MIN(x)` */
export function min<T extends DataType>(x: Expr<T>): AggregateExpr<SetNull<T, true>> {
  return agg<SetNull<T, true>>('MIN', [x]);
}
/** `MAX(x)` */
export function max<T extends DataType>(x: Expr<T>): AggregateExpr<SetNull<T, true>> {
  return agg<SetNull<T, true>>('MAX', [x]);
}
/** `STDDEV_POP(x)` */
export function stddevPop<T extends NumericType>(x: Expr<T>): AggregateExpr<SetNull<T, true>> {
  return agg<SetNull<T, true>>('STDDEV_POP', [x]);
}
/** `STDDEV_SAMP(x)` */
export function stddevSamp<T extends NumericType>(x: Expr<T>): AggregateExpr<SetNull<T, true>> {
  return agg<SetNull<T, true>>('STDDEV_SAMP', [x]);
}
/** `VAR_POP(x)` */
export function varPop<T extends NumericType>(x: Expr<T>): AggregateExpr<SetNull<T, true>> {
  return agg<SetNull<T, true>>('VAR_POP', [x]);
}
/** `VAR_SAMP(x)` */
export function varSamp<T extends NumericType>(x: Expr<T>): AggregateExpr<SetNull<T, true>> {
  return agg<SetNull<T, true>>('VAR_SAMP', [x]);
}
/** `FIRST_VALUE(x)` */
export function firstValue<T extends DataType>(x: Expr<T>): AggregateExpr<SetNull<T, true>> {
  return agg<SetNull<T, true>>('FIRST_VALUE', [x]);
}
/** `LAST_VALUE(x)` */
export function lastValue<T extends DataType>(x: Expr<T>): AggregateExpr<SetNull<T, true>> {
  return agg<SetNull<T, true>>('LAST_VALUE', [x]);
}
/** `LAG(x, n)`: only valid with `.over(window)` ordered by a time attribute. */
export function lag<T extends DataType>(x: Expr<T>, offset = 1): AggregateExpr<SetNull<T, true>> {
  return new AggregateExpr(node({ kind: 'Aggregate', name: 'LAG', args: [x.node, { kind: 'Literal', value: offset, type: { kind: 'INT', nullable: false } }], distinct: false }), withNullable(x.type, true), x.ctx) as unknown as AggregateExpr<SetNull<T, true>>;
}

/** Options of {@link overWindow}. Give `rows` (a count) or `range` (a duration), or neither for UNBOUNDED. */
export interface OverWindowOptions {
  readonly partitionBy?: Expr<DataType> | readonly Expr<DataType>[];
  /** A time attribute (the event-time column of a source with a watermark, or a proctime column). */
  readonly orderBy: Expr<DataType>;
  /** `ROWS BETWEEN n PRECEDING AND CURRENT ROW` */
  readonly rows?: number | 'unbounded';
  /** `RANGE BETWEEN INTERVAL ... PRECEDING AND CURRENT ROW` */
  readonly range?: string | 'unbounded';
}

/** An OVER window; compare with {@link AggregateExpr.over}. */
export class OverWindow {
  /** @internal */
  readonly node: OverWindowNode;
  /** @internal */
  constructor(n: OverWindowNode) {
    this.node = n;
    Object.freeze(this);
  }
}

/**
 * An OVER window for moving aggregates.
 *
 * @example
 * ```ts
 * const w = overWindow({ partitionBy: r.symbol, orderBy: r.ts, rows: 4 })
 * avg(r.price).over(w)
 * // AVG(`price`) OVER (PARTITION BY `symbol` ORDER BY `ts` ROWS BETWEEN 4 PRECEDING AND CURRENT ROW)
 * ```
 */
export function overWindow(options: OverWindowOptions): OverWindow {
  const order = options.orderBy;
  if (!(order instanceof Expr)) throw dslError('DSL_INVALID_EXPRESSION', NO_SIGNAL, 'overWindow needs orderBy: a time attribute column');
  if (!isTimeAttribute(order.type) || order.node.kind !== 'Column') {
    throw dslError('DSL_OVER_ORDER_NOT_TIME', order.ctx, 'OVER windows must be ordered by a time attribute (an event-time column with a watermark, or proctime)', 'declare eventTime on the source, then order by that column');
  }
  const partition = options.partitionBy === undefined ? [] : Array.isArray(options.partitionBy) ? options.partitionBy : [options.partitionBy as Expr<DataType>];
  if (options.rows !== undefined && options.range !== undefined) throw dslError('DSL_INVALID_WINDOW', order.ctx, 'give rows or range, not both');
  let frame: OverWindowNode['frame'];
  if (options.range !== undefined) {
    frame = { unit: 'RANGE', preceding: options.range === 'unbounded' ? 'UNBOUNDED' : parseDuration(options.range, { signal: order.ctx.signal, field: 'range' }) };
  } else if (options.rows !== undefined && options.rows !== 'unbounded') {
    if (!Number.isInteger(options.rows) || options.rows < 0) throw dslError('DSL_INVALID_WINDOW', order.ctx, `rows must be a count >= 0, got ${String(options.rows)}`);
    frame = { unit: 'ROWS', preceding: options.rows };
  } else {
    frame = { unit: 'RANGE', preceding: 'UNBOUNDED' };
  }
  return new OverWindow(node({ kind: 'OverWindow', partitionBy: partition.map((p) => p.node), orderBy: order.node, frame }));
}
