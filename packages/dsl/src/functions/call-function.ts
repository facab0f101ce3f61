import type { DataType } from '../types/data-type';
import type { ExprNode } from '../ast/expr-node';
import { hasGroupAggregate, node } from '../ast/expr-node';
import { NO_SIGNAL, dslError } from '../errors';
import { Expr, toExpr } from '../expr/expr';
import { AggregateExpr } from '../expr/aggregates';
import { comparable, isNumeric, isStringLike, isTimestamp, plain, withNullable } from '../expr/type-rules';
import type { ArgFamily, OfferedFunction, ResultRule } from './catalogue-types';

/** An argument spec parsed: `name?:family`, `...name:family`. */
export interface ParsedArg {
  readonly name: string;
  readonly family: ArgFamily;
  readonly optional: boolean;
  readonly variadic: boolean;
}

export function parseArg(spec: string): ParsedArg {
  const m = /^(\.\.\.)?([A-Za-z0-9]+)(\?)?:([a-z-]+)$/.exec(spec);
  if (m === null) throw dslError('DSL_INTERNAL', NO_SIGNAL, `bad argument spec '${spec}' in the function catalogue`);
  return { name: m[2] ?? '', family: (m[4] ?? 'any') as ArgFamily, optional: m[3] === '?', variadic: m[1] === '...' };
}

const TIME_UNITS = ['MICROSECOND', 'MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];
const INTEGERS = ['TINYINT', 'SMALLINT', 'INT', 'BIGINT'];

function accepts(family: ArgFamily, type: DataType, first: Expr<DataType> | undefined): boolean {
  switch (family) {
    case 'string':
      return isStringLike(type);
    case 'int':
      return INTEGERS.includes(type.kind);
    case 'numeric':
      return isNumeric(type);
    case 'boolean':
      return type.kind === 'BOOLEAN';
    case 'date':
      return type.kind === 'DATE';
    case 'timestamp':
      return isTimestamp(type);
    case 'datetime':
      return type.kind === 'DATE' || isTimestamp(type);
    case 'bytes':
      return type.kind === 'BYTES';
    case 'array':
      return type.kind === 'ARRAY';
    case 'map':
      return type.kind === 'MAP';
    case 'collection':
      return type.kind === 'ARRAY' || type.kind === 'MAP';
    case 'hexable':
      return isStringLike(type) || INTEGERS.includes(type.kind);
    case 'element':
      return first !== undefined && first.type.kind === 'ARRAY' && comparable(first.type.element, type);
    case 'any':
    case 'unit':
      return true;
    default:
      return false;
  }
}

function resultType(rule: ResultRule, args: readonly Expr<DataType>[], nullable: boolean, flink: string): DataType {
  const arg = (i: number): DataType => {
    const a = args[i];
    if (a === undefined) throw dslError('DSL_INTERNAL', NO_SIGNAL, `${flink}: the catalogue's result rule reads argument ${i + 1}`);
    return a.type;
  };
  const element = (i: number): DataType => {
    const a = arg(i);
    return a.kind === 'ARRAY' ? a.element : a;
  };
  const mapOf = (i: number): { key: DataType; value: DataType } => {
    const m = arg(i);
    return m.kind === 'MAP' ? { key: m.key, value: m.value } : { key: m, value: m };
  };
  const str: DataType = { kind: 'STRING', nullable: true };
  switch (rule) {
    case 'STRING':
    case 'INT':
    case 'BIGINT':
    case 'DOUBLE':
    case 'BOOLEAN':
    case 'DATE':
    case 'BYTES':
      return { kind: rule, nullable };
    case 'TIME(0)':
      return { kind: 'TIME', nullable, precision: 0 };
    case 'TIMESTAMP(3)':
      return { kind: 'TIMESTAMP', nullable, precision: 3 };
    case 'TIMESTAMP_LTZ(3)':
      return { kind: 'TIMESTAMP_LTZ', nullable, precision: 3 };
    case 'ARRAY<STRING>':
      return { kind: 'ARRAY', nullable, element: str };
    case 'MAP<STRING, STRING>':
      return { kind: 'MAP', nullable, key: str, value: str };
    case 'arg0':
      return withNullable(plain(arg(0)), nullable);
    case 'arg1':
      return withNullable(plain(arg(1)), nullable);
    case 'arg2':
      return withNullable(plain(arg(2)), nullable);
    case 'element0':
      return withNullable(plain(element(0)), nullable);
    case 'keys0':
      return { kind: 'ARRAY', nullable, element: mapOf(0).key };
    case 'values0':
      return { kind: 'ARRAY', nullable, element: mapOf(0).value };
    case 'entries0':
      return { kind: 'ARRAY', nullable, element: { kind: 'ROW', nullable: true, fields: { key: mapOf(0).key, value: mapOf(0).value } } };
    case 'mapOf01':
      return { kind: 'MAP', nullable, key: element(0), value: element(1) };
    case 'arrayOf0':
      return { kind: 'ARRAY', nullable, element: plain(arg(0)) };
    case 'cast':
      throw dslError('DSL_INTERNAL', NO_SIGNAL, `${flink} is hand-written (expr/), not built from the catalogue`);
    default:
      return rule satisfies never;
  }
}

/**
 * Builds the call of a catalogue function: checks each argument against its family, turns TS literals
 * into typed literals, and types the result by the row's result and NULL rules.
 */
export function callFunction(entry: OfferedFunction, given: readonly unknown[]): Expr<DataType> {
  const specs = entry.args.map(parseArg);
  const ctxExpr = given.find((g): g is Expr<DataType> => g instanceof Expr);
  const ctx = ctxExpr?.ctx ?? NO_SIGNAL;
  const args: Expr<DataType>[] = [];
  const nodes: ExprNode[] = [];
  specs.forEach((spec, i) => {
    const values = spec.variadic ? given.slice(i) : [given[i]];
    for (const value of values) {
      if (value === undefined) {
        if (spec.optional || spec.variadic) continue;
        throw dslError('DSL_INVALID_ARGUMENT', ctx, `${entry.flink} needs its argument '${spec.name}'`);
      }
      if (spec.family === 'unit') {
        if (typeof value !== 'string' || !TIME_UNITS.includes(value)) throw dslError('DSL_INVALID_ARGUMENT', ctx, `'${String(value)}' is not a time unit for ${entry.flink}; use one of ${TIME_UNITS.join(', ')}`);
        const keyword = new Expr(node({ kind: 'Keyword', word: value }), { kind: 'STRING', nullable: false });
        args.push(keyword);
        nodes.push(keyword.node);
        continue;
      }
      const e = toExpr(value, ctx);
      if (!accepts(spec.family, e.type, args[0])) {
        throw dslError('DSL_TYPE_MISMATCH', ctx, `${entry.flink} takes ${spec.family === 'element' ? "a value of the array's element type" : `a ${spec.family} value`} as '${spec.name}', got ${e.type.kind}`, `see the argument types of fn.${entry.dsl}`);
      }
      if (entry.kind === 'aggregate' && (hasGroupAggregate(e.node) || e.node.kind === 'Over')) {
        throw dslError('DSL_NESTED_AGGREGATE', ctx, `${entry.flink} cannot take another aggregate as its argument`);
      }
      args.push(e);
      nodes.push(e.node);
    }
  });
  const anyFamily = specs.filter((s) => s.family === 'any').length > 1;
  if (anyFamily && entry.kind === 'scalar') {
    // GREATEST, LEAST, NULLIF, IFNULL, IF: the compared or returned values share one type family
    const values = args.filter((_, i) => specs[Math.min(i, specs.length - 1)]?.family === 'any');
    const first = values[0];
    for (const v of values) {
      if (first !== undefined && !comparable(first.type, v.type)) throw dslError('DSL_TYPE_MISMATCH', ctx, `${entry.flink} mixes ${first.type.kind} and ${v.type.kind}`, 'cast one side, e.g. .cast(t.double())');
    }
  }
  const last = args[args.length - 1];
  const nullable = entry.nulls === 'always' ? true : entry.nulls === 'never' ? false : entry.nulls === 'last' ? last?.type.nullable ?? true : args.some((a) => a.type.nullable);
  const type = Object.freeze(resultType(entry.returns, args, nullable, entry.flink)) as DataType;
  if (entry.kind === 'aggregate') return new AggregateExpr(node({ kind: 'Aggregate', name: entry.flink, args: nodes, distinct: false }), type, ctx);
  if (entry.syntax === 'keyword') return new Expr(node({ kind: 'Keyword', word: entry.flink }), type, ctx);
  return new Expr(node({ kind: 'Call', name: entry.flink, args: nodes }), type, ctx);
}
