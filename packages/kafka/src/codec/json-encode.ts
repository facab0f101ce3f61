import type { DataType, Fields } from '@sluice/dsl';
import { fitDecimal, formatTimestamp, isDate, isTime, plainDecimal, type TimestampStandard } from '@sluice/flink-types';
import { FieldError, child, describe } from './field-error';
import { unsupported } from './unsupported';

/** @internal Writes one value as JSON text, or throws FieldError. */
export type Encoder = (value: unknown, path: string) => string;

export interface EncodeOptions {
  readonly timestampStandard: TimestampStandard;
  /** What to do with row properties the schema does not have. */
  readonly unknownFields: 'error' | 'ignore';
}

const INT_RANGES = { TINYINT: [-128, 127], SMALLINT: [-32768, 32767], INT: [-2147483648, 2147483647] } as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function fail(path: string, reason: string): never {
  throw new FieldError(path, reason);
}

function base(type: DataType, options: EncodeOptions, path: string): Encoder {
  switch (type.kind) {
    case 'BOOLEAN':
      return (v, p) => (typeof v === 'boolean' ? (v ? 'true' : 'false') : fail(p, `expected a boolean, got ${describe(v)}`));
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT': {
      const [min, max] = INT_RANGES[type.kind];
      return (v, p) =>
        typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? String(v) : fail(p, `expected an integer in [${min}, ${max}] (${type.kind}), got ${describe(v)}`);
    }
    case 'BIGINT':
      return (v, p) => {
        if (typeof v === 'bigint') return v >= INT64_MIN && v <= INT64_MAX ? v.toString() : fail(p, `${v} is outside the BIGINT range`);
        if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
        return fail(p, `expected a bigint, got ${describe(v)}`);
      };
    case 'FLOAT':
    case 'DOUBLE':
      // Jackson (Flink) writes non-finite doubles as the strings "NaN", "Infinity", "-Infinity".
      return (v, p) => (typeof v === 'number' ? (Number.isFinite(v) ? String(v) : `"${String(v)}"`) : fail(p, `expected a number, got ${describe(v)}`));
    case 'DECIMAL': {
      const { precision, scale } = type;
      return (v, p) => {
        const text = typeof v === 'string' ? plainDecimal(v.trim()) : typeof v === 'bigint' ? v.toString() : undefined;
        if (text === undefined) return fail(p, `expected decimal text such as '12.50' (DECIMAL(${precision}, ${scale})), got ${describe(v)}`);
        const fitted = fitDecimal(text, precision, scale);
        return 'value' in fitted ? fitted.value : fail(p, `${String(v)} ${fitted.reason}`);
      };
    }
    case 'STRING':
      return (v, p) => (typeof v === 'string' ? JSON.stringify(v) : fail(p, `expected a string, got ${describe(v)}`));
    case 'VARCHAR':
    case 'CHAR': {
      const length = type.length;
      return (v, p) => {
        if (typeof v !== 'string') return fail(p, `expected a string, got ${describe(v)}`);
        return v.length <= length ? JSON.stringify(v) : fail(p, `is ${v.length} characters long, more than ${type.kind}(${length})`);
      };
    }
    case 'BYTES':
      return (v, p) =>
        v instanceof Uint8Array ? `"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}"` : fail(p, `expected a Uint8Array, got ${describe(v)}`);
    case 'DATE':
      return (v, p) => (typeof v === 'string' && isDate(v) ? `"${v}"` : fail(p, `expected a date 'YYYY-MM-DD', got ${describe(v)}`));
    case 'TIME':
      return (v, p) => (typeof v === 'string' && isTime(v) ? `"${v}"` : fail(p, `expected a time 'HH:mm:ss[.fff]', got ${describe(v)}`));
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const ltz = type.kind === 'TIMESTAMP_LTZ';
      const precision = type.precision;
      return (v, p) =>
        v instanceof Date && !Number.isNaN(v.getTime()) ? `"${formatTimestamp(v, precision, ltz, options.timestampStandard)}"` : fail(p, `expected a valid Date, got ${describe(v)}`);
    }
    case 'ARRAY': {
      const element = encoderFor(type.element, options, `${path}[]`);
      return (v, p) => {
        if (!Array.isArray(v)) return fail(p, `expected an array, got ${describe(v)}`);
        let out = '[';
        for (let i = 0; i < v.length; i++) out += (i === 0 ? '' : ',') + element(v[i], `${p}[${i}]`);
        return out + ']';
      };
    }
    case 'MAP': {
      const valueEncoder = encoderFor(type.value, options, `${path}{}`);
      return (v, p) => {
        const entries = v instanceof Map ? [...v.entries()] : v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : undefined;
        if (entries === undefined) return fail(p, `expected a Map, got ${describe(v)}`);
        let out = '{';
        let first = true;
        for (const [key, inner] of entries) {
          if (typeof key !== 'string') return fail(p, `map keys must be strings, got ${describe(key)}`);
          out += (first ? '' : ',') + JSON.stringify(key) + ':' + valueEncoder(inner, `${p}{${JSON.stringify(key)}}`);
          first = false;
        }
        return out + '}';
      };
    }
    case 'ROW':
      return rowEncoder(type.fields, options, path);
    case 'INTERVAL':
      return unsupported(type, path);
  }
}

/** @internal The encoder of one (possibly nullable) type. */
export function encoderFor(type: DataType, options: EncodeOptions, path: string): Encoder {
  if (type.kind === 'MAP' && !['STRING', 'VARCHAR', 'CHAR'].includes(type.key.kind)) {
    unsupported(type, path, `Flink's json format only supports string map keys, not ${type.key.kind}`);
  }
  const inner = base(type, options, path);
  if (type.nullable) return (v, p) => (v === null || v === undefined ? 'null' : inner(v, p));
  return (v, p) => (v === null || v === undefined ? fail(p, `is NOT NULL but got ${v === null ? 'null' : 'no value'}`) : inner(v, p));
}

/** @internal The encoder of a row (a schema's top level, or a ROW field). */
export function rowEncoder(fields: Fields, options: EncodeOptions, path: string): Encoder {
  const names = Object.keys(fields);
  const known = new Set(names);
  const parts = names.map((name) => {
    const type = fields[name] as DataType;
    return { name, prefix: JSON.stringify(name) + ':', encode: encoderFor(type, options, child(path, name)) };
  });
  return (v, p) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Date || v instanceof Map) {
      return fail(p, `expected an object, got ${describe(v)}`);
    }
    const row = v as Record<string, unknown>;
    if (options.unknownFields === 'error') {
      for (const key in row) if (!known.has(key)) fail(child(p, key), `is not in the schema (columns: ${names.join(', ')})`);
    }
    let out = '{';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as (typeof parts)[number];
      out += (i === 0 ? '' : ',') + part.prefix + part.encode(row[part.name], child(p, part.name));
    }
    return out + '}';
  };
}
