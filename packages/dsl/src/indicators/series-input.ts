import type { DataType, DoubleType, Fields } from '../types/data-type';
import { node } from '../ast/expr-node';
import type { ExprNode } from '../ast/expr-node';
import type { DslContext } from '../errors';
import { dslError } from '../errors';
import { Expr } from '../expr/expr';
import { AggregateExpr, OverWindow } from '../expr/aggregates';
import type { Columns } from '../expr/row-proxy';
import { requireColumn } from '../expr/row-proxy';
import { isNumeric, isTimeAttribute } from '../expr/type-rules';
import type { Source } from '../relational/connectors';
import { Query, from } from '../relational/query';

/** What an indicator reads: a source or a query (e.g. another indicator's output). */
export type IndicatorInput<F extends Fields> = Source<F> | Query<F>;

/**
 * The type of an input's time attribute: its TIMESTAMP / TIMESTAMP_LTZ columns (the time attribute is one of
 * them), so pattern templates type `first_at` and the like as `Date`, not as the union of every column.
 */
export type TimeTypeOf<F extends Fields> = Extract<F[keyof F], { readonly kind: 'TIMESTAMP' | 'TIMESTAMP_LTZ' }>;

/** Options every series indicator takes. */
export interface SeriesOptions<F extends Fields, V extends keyof F & string, K extends keyof F & string> {
  /** The numeric column the indicator is computed from, e.g. `'price'`. */
  readonly value: V;
  /** Key column(s): one series per key, e.g. `'symbol'` (default: one series over all rows). */
  readonly by?: K | readonly K[];
  /** The time attribute that orders the series (default: the input's only time attribute). */
  readonly time?: keyof F & string;
}

/** @internal A validated series: the query, its columns, the value as DOUBLE, keys and time column. */
export interface ResolvedSeries<F extends Fields> {
  readonly query: Query<F>;
  readonly ctx: DslContext;
  readonly keys: readonly string[];
  readonly time: string;
  readonly valueName: string;
}

/** @internal Turns a source into a query and checks value, keys and time. */
export function resolveSeries<F extends Fields>(fn: string, input: IndicatorInput<F>, options: { value?: unknown; by?: unknown; time?: unknown }, requireValue = true): ResolvedSeries<F> {
  const query = toQuery(fn, input);
  const ctx: DslContext = { signal: query.state.ctx.signal, field: fn };
  if (options === null || typeof options !== 'object') throw dslError('DSL_INVALID_PARAMETER', ctx, `${fn} needs an options object`);
  const fields = query.fields as Fields;
  let valueName = '';
  if (requireValue || options.value !== undefined) {
    valueName = numericColumn(fn, fields, options.value, ctx, 'value');
  }
  const keys = options.by === undefined ? [] : Array.isArray(options.by) ? [...(options.by as unknown[])] : [options.by];
  for (const k of keys) requireColumn(fields, k, { signal: ctx.signal, field: String(k) }, `${fn} by`);
  const time = timeColumn(fn, fields, options.time, ctx);
  return { query, ctx, keys: keys as string[], time, valueName };
}

/** @internal A source as a query, or the query itself. */
export function toQuery<F extends Fields>(fn: string, input: IndicatorInput<F>): Query<F> {
  if (input instanceof Query) return input;
  if (input !== null && typeof input === 'object' && (input as Source).kind === 'Source') return from(input as Source<F>);
  throw dslError('DSL_INVALID_SOURCE', { signal: '(indicator)', field: fn }, `${fn} needs a source or a query`);
}

/** @internal Checks that `name` is a numeric column. */
export function numericColumn(fn: string, fields: Fields, name: unknown, ctx: DslContext, role: string): string {
  const type = requireColumn(fields, name, { signal: ctx.signal, field: String(name) }, `${fn} ${role}`);
  if (!isNumeric(type)) {
    throw dslError('DSL_TYPE_MISMATCH', { signal: ctx.signal, field: String(name) }, `${fn} ${role} must be a numeric column, '${String(name)}' is ${type.kind}`);
  }
  return name as string;
}

function timeColumn(fn: string, fields: Fields, time: unknown, ctx: DslContext): string {
  if (time !== undefined) {
    const type = requireColumn(fields, time, { signal: ctx.signal, field: String(time) }, `${fn} time`);
    if (!isTimeAttribute(type)) {
      throw dslError('DSL_WATERMARK_REQUIRED', { signal: ctx.signal, field: String(time) }, `${fn} orders by '${String(time)}', which is not a time attribute`, 'declare eventTime on the source for that column');
    }
    return time as string;
  }
  const candidates = Object.entries(fields).filter(([, t]) => isTimeAttribute(t)).map(([n]) => n);
  if (candidates.length !== 1) {
    throw dslError(
      'DSL_WATERMARK_REQUIRED',
      ctx,
      candidates.length === 0 ? `${fn} needs a time attribute to order the series, and the input has none` : `${fn}: the input has several time attributes (${candidates.join(', ')}); pass time`,
      "declare eventTime: { column: 'ts', watermark: '5 s' } on the source",
    );
  }
  return candidates[0] as string;
}

/** @internal Checks an integer parameter >= min. */
export function integerParam(ctx: DslContext, fn: string, name: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw dslError('DSL_INVALID_PARAMETER', { signal: ctx.signal, field: name }, `${fn}: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** @internal Checks a finite number parameter > 0. */
export function positiveParam(ctx: DslContext, fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw dslError('DSL_INVALID_PARAMETER', { signal: ctx.signal, field: name }, `${fn}: ${name} must be a number > 0, got ${String(value)}`);
  }
  return value;
}

/** @internal Fails when an output column would shadow an input column. */
export function checkNewColumns(ctx: DslContext, fields: Fields, names: readonly string[]): void {
  for (const n of names) {
    if (n in fields) throw dslError('DSL_DUPLICATE_NAME', { signal: ctx.signal, field: n }, `the indicator adds column '${n}', which the input already has`, 'rename the input column, or pass a different output name');
  }
}

/** @internal The value as DOUBLE (AVG of an integer column would be an integer in Flink). */
export function asDouble(e: Expr<DataType>): Expr<DoubleType<true>> {
  if (e.type.kind === 'DOUBLE') return e as unknown as Expr<DoubleType<true>>;
  return new Expr(node({ kind: 'Cast', operand: e.node, type: { kind: 'DOUBLE', nullable: true }, safe: false }), { kind: 'DOUBLE', nullable: e.type.nullable }, e.ctx) as unknown as Expr<DoubleType<true>>;
}

/** @internal The OVER window of a series: partition by the keys, order by time, the given frame. */
export function seriesWindow(cols: Columns<Fields>, keys: readonly string[], time: string, frame: OverWindowFrame): OverWindow {
  const partitionBy = keys.map((k) => (cols[k] as Expr<DataType>).node);
  return new OverWindow(node({ kind: 'OverWindow', partitionBy, orderBy: (cols[time] as Expr<DataType>).node, frame }));
}

/** @internal Frame of an OVER window. */
export type OverWindowFrame = OverWindow['node']['frame'];

/** @internal A call of one of flink-jobs' UDAFs (`SLUICE_EMA`, ...) with integer literal parameters. */
export function udafCall(name: string, value: Expr<DataType>, params: readonly number[]): AggregateExpr<DoubleType<true>> {
  const args: ExprNode[] = [value.node, ...params.map((p): ExprNode => ({ kind: 'Literal', value: p, type: { kind: 'INT', nullable: false } }))];
  return new AggregateExpr(node({ kind: 'Aggregate', name, args, distinct: false }), { kind: 'DOUBLE', nullable: true }, value.ctx) as AggregateExpr<DoubleType<true>>;
}
