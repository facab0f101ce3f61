import type { DataType } from '../types/data-type';
import { node } from '../ast/expr-node';
import { Expr, toExpr } from '../expr/expr';
import { abs, cast, ceil, charLength, coalesce, currentTimestamp, dateFormat, exp, extract, floor, lit, ln, log10, lower, power, round, sqrt, substring, timestampDiff, toTimestampLtz, trim, tryCast, upper } from '../expr/functions';
import { avg, count, firstValue, lastValue, max, min, stddevPop, stddevSamp, sum, varPop, varSamp } from '../expr/aggregates';
import { t } from '../types/t';
import { callFunction, parseArg } from './call-function';
import type { ExampleArg, OfferedFunction } from './catalogue-types';
import { OFFERED_FUNCTIONS } from './catalogue';

// The catalogue's example inputs as DSL values, for the generated JSDoc and the tests that run them.

function builtin(dsl: string, args: readonly unknown[]): Expr<DataType> {
  const entry = OFFERED_FUNCTIONS[dsl];
  if (entry === undefined) throw new Error(`no catalogue function ${dsl}`);
  return callFunction(entry, args);
}

/** The example's column `x` (for aggregates): typed by its rows. */
export function exampleColumn(rows: readonly (number | string)[]): Expr<DataType> {
  const type: DataType = typeof rows[0] === 'string' ? { kind: 'STRING', nullable: false } : { kind: 'INT', nullable: false };
  return new Expr(node({ kind: 'Column', name: 'x' }), Object.freeze(type));
}

/** One example input as a DSL value (a TS literal stays one where the function takes only a TS value). */
export function exampleArg(arg: ExampleArg, family: string, rows: readonly (number | string)[] = []): unknown {
  if (typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'boolean') {
    return family.startsWith('raw-') || family === 'unit' ? arg : toExpr(arg);
  }
  if ('date' in arg) return lit(arg.date).cast(t.date());
  if ('timestamp' in arg) return toExpr(new Date(`${arg.timestamp.replace(' ', 'T')}Z`));
  if ('decimal' in arg) return lit.decimal(arg.decimal, arg.precision, arg.scale);
  if ('array' in arg) {
    const parts = builtin('split', [arg.array, ',']);
    return arg.of === 'INT' ? parts.cast(t.array(t.int())) : parts;
  }
  if ('map' in arg) return builtin('strToMap', [arg.map]);
  if ('bytes' in arg) return builtin('encode', [arg.bytes, 'UTF-8']);
  if ('null' in arg) return new Expr(node({ kind: 'Literal', value: null, type: { kind: arg.null, nullable: true } }), Object.freeze({ kind: arg.null, nullable: true }) as DataType);
  if ('type' in arg) return t.int();
  return exampleColumn(rows);
}

/** The example's arguments of a catalogue row, ready to pass to its DSL function. */
export function exampleArgs(entry: OfferedFunction): unknown[] {
  const specs = entry.args.map(parseArg);
  const last = specs[specs.length - 1];
  return entry.example.args.map((a, i) => exampleArg(a, (specs[i] ?? last)?.family ?? 'any', entry.example.rows));
}

// The hand-written functions the catalogue's `existing` rows stand for (their own signatures).
const EXISTING: Readonly<Record<string, (...args: never[]) => Expr<DataType>>> = {
  abs, cast, ceil, charLength, coalesce, currentTimestamp, dateFormat, exp, extract, floor, ln, log10, lower, power, round, sqrt, substring, timestampDiff, toTimestampLtz, trim, tryCast, upper,
  avg, count, firstValue, lastValue, max, min, stddevPop, stddevSamp, sum, varPop, varSamp,
};

/** The example call of a catalogue row, built by the DSL function it offers. */
export function exampleCall(entry: OfferedFunction): Expr<DataType> {
  return callWith(entry, exampleArgs(entry));
}

/** The call of a catalogue row on the given arguments, built by the DSL function it offers. */
export function callWith(entry: OfferedFunction, args: readonly unknown[]): Expr<DataType> {
  if (entry.existing !== true) return callFunction(entry, args);
  const f = EXISTING[entry.dsl];
  if (f === undefined) throw new Error(`no hand-written function ${entry.dsl}`);
  return (f as (...a: unknown[]) => Expr<DataType>)(...args);
}
