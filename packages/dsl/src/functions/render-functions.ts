import { compileExpr } from '../compiler/compile-expr';
import { parseArg } from './call-function';
import type { ParsedArg } from './call-function';
import type { ArgFamily, ExampleArg, NullRule, OfferedFunction, ResultRule } from './catalogue-types';
import { FUNCTION_CATALOGUE } from './catalogue';
import { exampleCall } from './example-args';

// Renders generated.ts (the typed `fn` functions) from the catalogue; scripts/gen-dsl-functions.js
// writes it, and a unit test checks the committed file equals this output.

const FAMILY_TYPE: Record<ArgFamily, string> = {
  string: 'StringArg',
  int: 'IntArg',
  numeric: 'NumericArg',
  boolean: 'BooleanArg',
  date: 'DateArg',
  timestamp: 'TimestampArg',
  datetime: 'DatetimeArg',
  bytes: 'BytesArg',
  array: 'ArrayArg',
  map: 'MapArg',
  collection: 'CollectionArg',
  hexable: 'HexableArg',
  any: 'AnyArg',
  element: 'AnyArg',
  unit: 'UnitArg',
};

function typeParam(a: ParsedArg, i: number): string {
  return a.variadic ? 'R' : `A${i}`;
}

function nullType(rule: NullRule, args: readonly ParsedArg[]): string {
  if (rule === 'always') return 'true';
  if (rule === 'never') return 'false';
  const params = args.map((a, i) => (a.variadic ? '...R' : `A${i}`));
  if (rule === 'last') return `AnyNull<[${params.slice(-1).join(', ')}]>`;
  return `AnyNull<[${params.join(', ')}]>`;
}

function resultType(rule: ResultRule, n: string): string {
  switch (rule) {
    case 'STRING':
      return `StringType<${n}>`;
    case 'INT':
      return `IntType<${n}>`;
    case 'BIGINT':
      return `BigintType<${n}>`;
    case 'DOUBLE':
      return `DoubleType<${n}>`;
    case 'BOOLEAN':
      return `BooleanType<${n}>`;
    case 'DATE':
      return `DateType<${n}>`;
    case 'BYTES':
      return `BytesType<${n}>`;
    case 'TIME(0)':
      return `TimeType<${n}>`;
    case 'TIMESTAMP(3)':
      return `TimestampType<${n}>`;
    case 'TIMESTAMP_LTZ(3)':
      return `TimestampLtzType<${n}>`;
    case 'ARRAY<STRING>':
      return `ArrayType<StringType<true>, ${n}>`;
    case 'MAP<STRING, STRING>':
      return `MapType<StringType<true>, StringType<true>, ${n}>`;
    case 'arg0':
    case 'arg1':
    case 'arg2':
      return `SetNull<OperandType<A${rule.slice(3)}>, ${n}>`;
    case 'element0':
      return `SetNull<ElementOf<A0>, ${n}>`;
    case 'keys0':
      return `ArrayType<KeyOf<A0>, ${n}>`;
    case 'values0':
      return `ArrayType<ValueOf<A0>, ${n}>`;
    case 'entries0':
      return `ArrayType<RowType<{ readonly key: KeyOf<A0>; readonly value: ValueOf<A0> }, true>, ${n}>`;
    case 'mapOf01':
      return `MapType<ElementOf<A0>, ElementOf<A1>, ${n}>`;
    case 'arrayOf0':
      return `ArrayType<OperandType<A0>, ${n}>`;
    case 'cast':
      return 'DataType';
    default:
      return rule satisfies never;
  }
}

const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** An example argument as TS source, for the JSDoc. */
export function exampleSource(arg: ExampleArg): string {
  if (typeof arg === 'string') return quote(arg);
  if (typeof arg === 'number' || typeof arg === 'boolean') return String(arg);
  if ('date' in arg) return `lit(${quote(arg.date)}).cast(t.date())`;
  if ('timestamp' in arg) return `new Date(${quote(`${arg.timestamp.replace(' ', 'T')}Z`)})`;
  if ('decimal' in arg) return `lit.decimal(${quote(arg.decimal)}, ${arg.precision}, ${arg.scale})`;
  if ('array' in arg) return `fn.split(${quote(arg.array)}, ',')${arg.of === 'INT' ? '.cast(t.array(t.int()))' : ''}`;
  if ('map' in arg) return `fn.strToMap(${quote(arg.map)})`;
  if ('bytes' in arg) return `fn.encode(${quote(arg.bytes)}, 'UTF-8')`;
  if ('null' in arg) return `r.${arg.null === 'INT' ? 'qty' : 'note'}`;
  if ('type' in arg) return 't.int()';
  return 'r.x';
}

/** The SQL of a row's example call, as the DSL compiles it. */
export function exampleSql(entry: OfferedFunction): string {
  return compileExpr(exampleCall(entry).node);
}

function expectText(entry: OfferedFunction): string {
  const e = entry.example.expect;
  if (e === null) return 'NULL';
  if (typeof e === 'string') return e;
  return `a value of the form /${e.pattern}/`;
}

const NULL_TEXT: Record<NullRule, string> = {
  args: 'NULL when an argument is NULL',
  always: 'may be NULL',
  never: 'never NULL',
  last: 'NULL only when the last argument is',
};

function renderFunction(entry: OfferedFunction): string {
  const args = entry.args.map(parseArg);
  const params = args.map((a, i) => (a.variadic ? `...${a.name}: R` : `${a.name}${a.optional ? '?' : ''}: ${typeParam(a, i)}`));
  const typeParams = args.map((a, i) => (a.variadic ? `R extends readonly ${FAMILY_TYPE[a.family]}[]` : `A${i} extends ${FAMILY_TYPE[a.family]}${a.optional ? ' | undefined = undefined' : ''}`));
  const n = nullType(entry.nulls, args);
  const result = resultType(entry.returns, n);
  const wrapper = entry.kind === 'aggregate' ? 'AggregateExpr' : 'Expr';
  const call = `${entry.dsl}(${entry.example.args.map(exampleSource).join(', ')})`;
  const sql = exampleSql(entry);
  const signature = `${entry.flink}${entry.syntax === 'keyword' ? '' : `(${args.map((a) => (a.variadic ? `${a.name}...` : a.optional ? `[${a.name}]` : a.name)).join(', ')})`}`;
  const values = args.map((a) => (a.variadic ? `...${a.name}` : a.name)).join(', ');
  const doc = (line: string): string => line.replace(/\*\//g, '*\\/');
  return [
    '  /**',
    `   * \`${signature}\`: ${entry.summary}. ${resultLabel(entry.returns)}, ${NULL_TEXT[entry.nulls]}.`,
    '   *',
    '   * @example',
    '   * ```ts',
    doc(`   * fn.${call}`),
    doc(`   * // ${sql}`),
    doc(`   * // returns ${expectText(entry)}${entry.example.args.some((a) => typeof a === 'object' && 'null' in a) ? ' (r.note / r.qty NULL)' : ''}`),
    '   * ```',
    '   */',
    `  ${entry.dsl}${typeParams.length === 0 ? '' : `<${typeParams.join(', ')}>`}(${params.join(', ')}): ${wrapper}<${result}> {`,
    `    return call(${quote(entry.dsl)}, [${values}]) as unknown as ${wrapper}<${result}>;`,
    '  },',
  ].join('\n');
}

function resultLabel(rule: ResultRule): string {
  if (rule === 'arg0') return "The first argument's type";
  if (rule === 'arg1') return "The second argument's type";
  if (rule === 'arg2') return "The third argument's type";
  if (rule === 'element0') return "The array's element type";
  if (rule === 'keys0') return 'ARRAY of the map keys';
  if (rule === 'values0') return 'ARRAY of the map values';
  if (rule === 'entries0') return 'ARRAY<ROW<key, value>>';
  if (rule === 'mapOf01') return 'MAP of the key and value element types';
  if (rule === 'arrayOf0') return 'ARRAY of the argument type';
  return rule;
}

/** The text of generated.ts. */
export function renderFunctions(): string {
  const offered = FUNCTION_CATALOGUE.filter((e): e is OfferedFunction => e.status === 'offered');
  const existing = offered.filter((e) => e.existing === true).map((e) => `  ${e.dsl},`);
  const generated = offered.filter((e) => e.existing !== true).map(renderFunction);
  return [
    '// Generated by scripts/gen-dsl-functions.js from catalogue.ts: do not edit (a unit test checks it is current).',
    "import type { ArrayType, BigintType, BooleanType, BytesType, DataType, DateType, DoubleType, IntType, MapType, RowType, StringType, TimeType, TimestampLtzType, TimestampType } from '../types/data-type';",
    "import type { Expr } from '../expr/expr';",
    "import type { AggregateExpr } from '../expr/aggregates';",
    "import type { OperandType, SetNull } from '../expr/static-types';",
    "import { abs, cast, ceil, charLength, coalesce, currentTimestamp, dateFormat, exp, extract, floor, ln, log10, lower, power, round, sqrt, substring, timestampDiff, toTimestampLtz, trim, tryCast, upper } from '../expr/functions';",
    "import { avg, count, firstValue, lastValue, max, min, stddevPop, stddevSamp, sum, varPop, varSamp } from '../expr/aggregates';",
    "import { callFunction } from './call-function';",
    "import { OFFERED_FUNCTIONS } from './catalogue';",
    "import type { AnyArg, AnyNull, ArrayArg, BooleanArg, BytesArg, CollectionArg, DatetimeArg, ElementOf, HexableArg, IntArg, KeyOf, MapArg, NumericArg, StringArg, TimestampArg, UnitArg, ValueOf } from './signature-types';",
    '',
    'function call(dsl: string, args: readonly unknown[]): Expr<DataType> {',
    '  const entry = OFFERED_FUNCTIONS[dsl];',
    "  if (entry === undefined) throw new Error(`fn.${dsl} is not in the function catalogue`);",
    '  return callFunction(entry, args);',
    '}',
    '',
    '/**',
    " * Flink's built-in functions, typed from the function catalogue (FUNCTION_CATALOGUE): each takes",
    ' * expressions or TS literals of its argument types and is typed by its result and NULL rules.',
    ' *',
    ' * @example',
    ' * ```ts',
    " * fn.regexpExtract(r.url, '/([a-z]+)', 1)   // REGEXP_EXTRACT(`url`, '/([a-z]+)', 1): STRING, may be NULL",
    " * fn.splitIndex(r.tags, ',', 0)              // SPLIT_INDEX(`tags`, ',', 0)",
    ' * ```',
    ' */',
    'export const fn = Object.freeze({',
    ...existing,
    ...generated,
    '});',
    '',
  ].join('\n');
}
