// A per-schema row decoder generated as JS source (new Function). The generic decoder (json-decode.ts)
// is a tree of closures that builds a path string per field per row and goes through several calls per
// value; the generated one reads each property once, type-checks it inline and returns an object literal
// of one fixed shape. It only decides the common, valid case: any value it does not accept outright makes
// it return SLOW, and the codec runs the generic decoder on the same parsed value, so results and error
// messages are exactly the generic decoder's.
//
// Safety: the generated source is built only from the schema (field names through JSON.stringify, type
// kinds, integer bounds) and never from record data; records are only ever arguments of the function.
import type { DataType, Fields } from '@sluice/dsl';
import { decoderFor, type Decoder } from './json-decode';
import { fastTimestampMillis } from './fast-timestamp';

/** @internal Returned by a compiled decoder when the generic decoder must decide. */
export const SLOW: unique symbol = Symbol('slow');

/** @internal Decodes a JSON.parse'd record into a row, or returns {@link SLOW}. */
export type CompiledDecoder = (parsed: unknown) => unknown;

const INT_BOUNDS: Partial<Record<DataType['kind'], readonly [number, number]>> = {
  TINYINT: [-128, 127],
  SMALLINT: [-32768, 32767],
  INT: [-2147483648, 2147483647],
};

// Expression that is true when `v` can be taken as is (JSON.parse values), per kind.
function inlineCheck(type: DataType, v: string): string | undefined {
  switch (type.kind) {
    case 'BOOLEAN':
      return `typeof ${v} === 'boolean'`;
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT': {
      const [min, max] = INT_BOUNDS[type.kind] as readonly [number, number];
      return `typeof ${v} === 'number' && Number.isInteger(${v}) && ${v} >= ${min} && ${v} <= ${max}`;
    }
    case 'FLOAT':
    case 'DOUBLE':
      return `typeof ${v} === 'number'`;
    case 'STRING':
    case 'VARCHAR':
    case 'CHAR':
      return `typeof ${v} === 'string'`;
    default:
      return undefined;
  }
}

/**
 * @internal A generated decoder for rows of `fields`, or undefined when the schema has a field name the
 * generated object literal could not reproduce exactly (`__proto__`).
 */
export function compileRowDecoder(fields: Fields): CompiledDecoder | undefined {
  if (Object.keys(fields).includes('__proto__')) return undefined;
  return generate(fields, 'row') as CompiledDecoder;
}

/** @internal Receives one column's values from a {@link CompiledColumnWriter}. */
export interface ColumnSink {
  append(value: unknown): void;
}

/**
 * @internal Writes a JSON.parse'd record straight into columns, one per field in schema order, or returns
 * {@link SLOW} having written nothing (every field is checked before the first append). BIGINT values come
 * as safe-integer numbers and timestamps as epoch milliseconds: no BigInt or Date per value. A field's generic
 * decoder may throw; the caller then decodes the record the generic way, which reports the error.
 */
export type CompiledColumnWriter = (parsed: unknown, columns: readonly ColumnSink[]) => true | typeof SLOW;

/** @internal A generated column writer for rows of `fields`. */
export function compileColumnWriter(fields: Fields): CompiledColumnWriter {
  return generate(fields, 'columns') as CompiledColumnWriter;
}

function generate(fields: Fields, mode: 'row' | 'columns'): CompiledDecoder | CompiledColumnWriter {
  const names = Object.keys(fields);
  // Helpers the generated code calls, passed in as arguments (no globals, no closures over data).
  const generic: Decoder[] = [];
  const lines: string[] = [];
  lines.push(`if (o === null || typeof o !== 'object' || Array.isArray(o)) return SLOW;`);
  names.forEach((name, i) => {
    const type = fields[name] as DataType;
    const v = `v${i}`;
    lines.push(`let ${v} = o[${JSON.stringify(name)}];`);
    const isNull = `${v} === null || ${v} === undefined`;
    // A missing NOT NULL value is an error: the generic decoder words it.
    lines.push(type.nullable ? `if (${isNull}) ${v} = null; else {` : `if (${isNull}) return SLOW; else {`);
    const check = inlineCheck(type, v);
    if (check !== undefined) {
      lines.push(`if (!(${check})) return SLOW;`);
    } else if (type.kind === 'BIGINT') {
      // Beyond 2^53 (or written as a string) needs the generic path, which may ask for the precise parser.
      lines.push(`if (typeof ${v} !== 'number' || !Number.isSafeInteger(${v})) return SLOW;`);
      if (mode === 'row') lines.push(`${v} = BigInt(${v});`);
    } else if (type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ') {
      lines.push(`if (typeof ${v} !== 'string') return SLOW;`, `${v} = fastTs(${v});`, `if (${v} !== ${v}) return SLOW;`);
      if (mode === 'row') lines.push(`${v} = new Date(${v});`);
    } else {
      // DECIMAL, BYTES, DATE, TIME, ARRAY, MAP, ROW: the generic decoder of that field (same path as
      // the generic row decoder would pass), whose errors the codec reports as usual.
      generic.push(decoderFor(type, name));
      lines.push(`${v} = generic[${generic.length - 1}](${v}, ${JSON.stringify(name)});`);
    }
    lines.push('}');
  });
  if (mode === 'row') lines.push(`return { ${names.map((name, i) => `${JSON.stringify(name)}: v${i}`).join(', ')} };`);
  else lines.push(...names.map((_, i) => `cols[${i}].append(v${i});`), 'return true;');
  const factory = new Function('SLOW', 'fastTs', 'generic', `'use strict'; return function decode(o, cols) {\n${lines.join('\n')}\n};`) as (
    slow: symbol,
    fastTs: (text: string) => number,
    generic: readonly Decoder[],
  ) => CompiledDecoder | CompiledColumnWriter;
  return factory(SLOW, fastTimestampMillis, generic);
}
