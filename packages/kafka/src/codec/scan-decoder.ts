// A per-schema scanner that reads a record's bytes straight into typed values, without JSON.parse, its
// intermediate object or the UTF-8 decode of the whole record. It expects exactly what Flink's json format
// (and Sluice's encoder) writes: one object, no whitespace, the schema's fields in schema order, each once.
// It only decides that common case: anything else (whitespace, another key order, unknown or missing
// fields, escapes in strings, a value it does not take outright) makes it return SLOW, and the codec
// decodes the record the usual way, so results and error messages are exactly the codec's.
//
// Safety: as in compiled-decoder.ts, the generated source is built only from the schema (key bytes as
// numbers, type kinds, integer bounds) and never from record data.
import type { DataType, Fields } from '@sluice/dsl';
import { SLOW, type ColumnSink } from './compiled-decoder';
import { fastTimestampMillisBytes } from './fast-timestamp';
import { decoderFor, type Decoder } from './json-decode';
import { LosslessNumber } from '@sluice/flink-types';

/** @internal Decodes a record's bytes into a row, or returns {@link SLOW}. */
export type RowScanner = (bytes: Buffer) => unknown;

/** @internal Writes a record's bytes into columns (BIGINT as numbers, timestamps as epoch ms), or returns {@link SLOW} having written nothing. */
export type ColumnScanner = (bytes: Buffer, columns: readonly ColumnSink[]) => true | typeof SLOW;

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
// 10^k for k <= 22 is exact in a double: a decimal of at most 15 digits is then m / 10^k, one correctly
// rounded division, which is the double JSON.parse gives for it (Clinger's fast path).
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// The value the last scan* call read; each returns the position after the value, or -1.
let scanned: unknown;

function scanString(b: Buffer, p: number): number {
  if (b[p] !== 34) return -1;
  const n = b.length;
  const start = p + 1;
  let ascii = true;
  let q = start;
  for (; q < n; q++) {
    const c = b[q] as number;
    if (c === 34) break;
    // Escapes and control characters: JSON.parse decides.
    if (c === 92 || c < 32) return -1;
    if (c >= 128) ascii = false;
  }
  if (q >= n) return -1;
  if (ascii) scanned = b.toString('latin1', start, q);
  else {
    try {
      scanned = UTF8.decode(b.subarray(start, q));
    } catch {
      return -1;
    }
  }
  return q + 1;
}

// Epoch milliseconds of a timestamp string in the common shape fastTimestampMillis reads.
function scanTimestamp(b: Buffer, p: number): number {
  if (b[p] !== 34) return -1;
  const n = b.length;
  let q = p + 1;
  while (q < n && b[q] !== 34) q++;
  if (q >= n) return -1;
  const ms = fastTimestampMillisBytes(b, p + 1, q);
  if (ms !== ms) return -1;
  scanned = ms;
  return q + 1;
}

// -?(0|[1-9][0-9]*) of at most 15 digits, not followed by a fraction or exponent; scanned = the number.
function scanSmallInteger(b: Buffer, p: number): number {
  const neg = b[p] === 45;
  if (neg) p++;
  const first = p;
  let m = 0;
  for (let c = b[p] as number; c >= 48 && c <= 57; c = b[++p] as number) m = m * 10 + (c - 48);
  const digits = p - first;
  if (digits === 0 || digits > 15 || (digits > 1 && b[first] === 48)) return -1;
  const c = b[p];
  if (c === 46 || c === 101 || c === 69) return -1;
  scanned = neg ? -m : m;
  return p;
}

function scanInt(b: Buffer, p: number, min: number, max: number): number {
  const end = scanSmallInteger(b, p);
  if (end < 0) return -1;
  const v = scanned as number;
  return v >= min && v <= max ? end : -1;
}

// BIGINT: a bigint (row) or a safe-integer number (columns).
function scanBigint(b: Buffer, p: number, asNumber: boolean): number {
  const end = scanSmallInteger(b, p);
  if (end >= 0) {
    if (!asNumber) scanned = BigInt(scanned as number);
    return end;
  }
  if (asNumber) return -1;
  // 16 to 19 digits: exact through BigInt of the text.
  const start = p;
  if (b[p] === 45) p++;
  const first = p;
  for (let c = b[p] as number; c >= 48 && c <= 57; c = b[++p] as number);
  const digits = p - first;
  if (digits < 16 || digits > 19 || b[first] === 48) return -1;
  const c = b[p];
  if (c === 46 || c === 101 || c === 69) return -1;
  const v = BigInt(b.toString('latin1', start, p));
  if (v < INT64_MIN || v > INT64_MAX) return -1;
  scanned = v;
  return p;
}

// A JSON number, -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?; returns its end and leaves `scanned` alone.
function numberEnd(b: Buffer, p: number): number {
  if (b[p] === 45) p++;
  const first = p;
  while ((b[p] as number) >= 48 && (b[p] as number) <= 57) p++;
  if (p === first || (p - first > 1 && b[first] === 48)) return -1;
  if (b[p] === 46) {
    const f = ++p;
    while ((b[p] as number) >= 48 && (b[p] as number) <= 57) p++;
    if (p === f) return -1;
  }
  if (b[p] === 101 || b[p] === 69) {
    p++;
    if (b[p] === 43 || b[p] === 45) p++;
    const e = p;
    while ((b[p] as number) >= 48 && (b[p] as number) <= 57) p++;
    if (p === e) return -1;
  }
  return p;
}

function scanDouble(b: Buffer, p: number): number {
  const start = p;
  const end = numberEnd(b, p);
  if (end < 0) return -1;
  // Fast path: no exponent and at most 15 digits in all.
  const neg = b[p] === 45;
  if (neg) p++;
  let m = 0;
  let digits = 0;
  let fraction = -1;
  for (; p < end; p++) {
    const c = b[p] as number;
    if (c === 46) fraction = 0;
    else if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else {
      digits = 99;
      break;
    }
  }
  if (digits <= 15) {
    const v = fraction > 0 ? m / (POW10[fraction] as number) : m;
    scanned = neg ? -v : v;
  } else scanned = Number(b.toString('latin1', start, end));
  return end;
}

function scanDecimal(b: Buffer, p: number, decode: Decoder, name: string): number {
  const end = numberEnd(b, p);
  if (end < 0) return -1;
  try {
    scanned = decode(new LosslessNumber(b.toString('latin1', p, end)), name);
  } catch {
    return -1;
  }
  return end;
}

function scanBoolean(b: Buffer, p: number): number {
  if (b[p] === 116 && b[p + 1] === 114 && b[p + 2] === 117 && b[p + 3] === 101) {
    scanned = true;
    return p + 4;
  }
  if (b[p] === 102 && b[p + 1] === 97 && b[p + 2] === 108 && b[p + 3] === 115 && b[p + 4] === 101) {
    scanned = false;
    return p + 5;
  }
  return -1;
}

const INT_BOUNDS: Partial<Record<DataType['kind'], readonly [number, number]>> = { TINYINT: [-128, 127], SMALLINT: [-32768, 32767], INT: [-2147483648, 2147483647] };

// The call that scans one value of `type` at p, or undefined when the scanner does not read this kind.
function scanCall(type: DataType, mode: 'row' | 'columns', decimals: Decoder[], name: string): string | undefined {
  switch (type.kind) {
    case 'BOOLEAN':
      return 'h.scanBoolean(b, p)';
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT': {
      const [min, max] = INT_BOUNDS[type.kind] as readonly [number, number];
      return `h.scanInt(b, p, ${min}, ${max})`;
    }
    case 'BIGINT':
      return `h.scanBigint(b, p, ${mode === 'columns'})`;
    case 'FLOAT':
    case 'DOUBLE':
      return 'h.scanDouble(b, p)';
    case 'DECIMAL':
      decimals.push(decoderFor(type, name));
      return `h.scanDecimal(b, p, decimals[${decimals.length - 1}], ${JSON.stringify(name)})`;
    case 'STRING':
    case 'VARCHAR':
    case 'CHAR':
      return 'h.scanString(b, p)';
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return 'h.scanTimestamp(b, p)';
    default:
      return undefined;
  }
}

const HELPERS = { scanBoolean, scanInt, scanBigint, scanDouble, scanDecimal, scanString, scanTimestamp, value: (): unknown => scanned };

function generate(fields: Fields, mode: 'row' | 'columns'): RowScanner | ColumnScanner | undefined {
  const names = Object.keys(fields);
  if (names.length === 0 || names.includes('__proto__')) return undefined;
  const decimals: Decoder[] = [];
  const lines = ['let p = 0;'];
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    const type = fields[name] as DataType;
    const key = JSON.stringify(name);
    // Names that JSON writes with escapes: the scanner would have to unescape; leave them to JSON.parse.
    if (key.includes('\\')) return undefined;
    const call = scanCall(type, mode, decimals, name);
    if (call === undefined) return undefined;
    // `{"name":` for the first field, `,"name":` for the others, compared byte by byte.
    const expected = [...Buffer.from(`${i === 0 ? '{' : ','}${key}:`, 'utf8')];
    lines.push(`if (${expected.map((byte, k) => `b[p + ${k}] !== ${byte}`).join(' || ')}) return SLOW;`, `p += ${expected.length};`);
    const read = [`p = ${call};`, 'if (p < 0) return SLOW;', `v${i} = h.value();`];
    if ((type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ') && mode === 'row') read.push(`v${i} = new Date(v${i});`);
    lines.push(`let v${i} = null;`);
    // A null of a NOT NULL field is an error: the codec words it.
    if (type.nullable) lines.push(`if (b[p] === 110) { if (b[p + 1] !== 117 || b[p + 2] !== 108 || b[p + 3] !== 108) return SLOW; p += 4; }`, `else { ${read.join(' ')} }`);
    else lines.push(...read);
  }
  lines.push('if (b[p] !== 125 || p + 1 !== b.length) return SLOW;');
  if (mode === 'row') lines.push(`return { ${names.map((name, i) => `${JSON.stringify(name)}: v${i}`).join(', ')} };`);
  else lines.push(...names.map((_, i) => `cols[${i}].append(v${i});`), 'return true;');
  const factory = new Function('SLOW', 'h', 'decimals', `'use strict'; return function scan(b, cols) {\n${lines.join('\n')}\n};`) as (
    slow: symbol,
    helpers: typeof HELPERS,
    decimals: readonly Decoder[],
  ) => RowScanner | ColumnScanner;
  return factory(SLOW, HELPERS, decimals);
}

/**
 * @internal A scanner of records of `fields` into rows, or undefined when the schema has a type the scanner
 * does not read (ARRAY, MAP, ROW, BYTES, DATE, TIME, ...) or a field name JSON escapes.
 */
export function compileRowScanner(fields: Fields): RowScanner | undefined {
  return generate(fields, 'row') as RowScanner | undefined;
}

/** @internal As {@link compileRowScanner}, writing into columns. */
export function compileColumnScanner(fields: Fields): ColumnScanner | undefined {
  return generate(fields, 'columns') as ColumnScanner | undefined;
}
