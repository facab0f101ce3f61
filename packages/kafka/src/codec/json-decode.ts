import type { DataType, Fields } from '@sluice/dsl';
import { LosslessNumber, decodeBase64Bytes, doubleToPlain, fitDecimal, isDate, isTime, parseTimestamp, plainDecimal } from '@sluice/flink-types';
import { FieldError, child, describe } from './field-error';
import { unsupported } from './unsupported';

/** @internal Converts one parsed JSON value to its TS value, or throws FieldError / NeedsPrecise. */
export type Decoder = (value: unknown, path: string) => unknown;

/** @internal Thrown when a JSON.parse'd number may have lost digits; the codec re-parses precisely. */
export class NeedsPrecise extends Error {}
const NEEDS_PRECISE = new NeedsPrecise('needs the precise parser');

const INT_RANGES = { TINYINT: [-128, 127], SMALLINT: [-32768, 32767], INT: [-2147483648, 2147483647] } as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function fail(path: string, reason: string): never {
  throw new FieldError(path, reason);
}

// Flink's reader accepts numbers written as JSON strings too (it parses asText()); so does Sluice.
function numericText(v: unknown): string | undefined {
  if (v instanceof LosslessNumber) return v.text;
  if (typeof v === 'string') return v.trim();
  return undefined;
}

function base(type: DataType, path: string): Decoder {
  switch (type.kind) {
    case 'BOOLEAN':
      return (v, p) => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : fail(p, `expected a boolean, got ${describe(v)}`));
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT': {
      const [min, max] = INT_RANGES[type.kind];
      return (v, p) => {
        const n = typeof v === 'number' ? v : /^-?\d+$/.test(numericText(v) ?? '') ? Number(numericText(v)) : NaN;
        return Number.isInteger(n) && n >= min && n <= max ? n : fail(p, `expected an integer in [${min}, ${max}] (${type.kind}), got ${describe(v instanceof LosslessNumber ? v.text : v)}`);
      };
    }
    case 'BIGINT':
      return (v, p) => {
        if (typeof v === 'number') {
          if (Number.isSafeInteger(v)) return BigInt(v);
          if (Number.isInteger(v)) throw NEEDS_PRECISE;
          return fail(p, `expected an integer (BIGINT), got ${describe(v)}`);
        }
        const text = numericText(v);
        if (text === undefined || !/^-?\d+$/.test(text)) return fail(p, `expected an integer (BIGINT), got ${describe(v instanceof LosslessNumber ? v.text : v)}`);
        const n = BigInt(text);
        return n >= INT64_MIN && n <= INT64_MAX ? n : fail(p, `${text} is outside the BIGINT range`);
      };
    case 'FLOAT':
    case 'DOUBLE':
      return (v, p) => {
        if (typeof v === 'number') return v;
        const text = numericText(v);
        const n = text === undefined ? NaN : text === 'NaN' ? NaN : Number(text);
        return text !== undefined && text !== '' && (text === 'NaN' || !Number.isNaN(n)) ? n : fail(p, `expected a number, got ${describe(v)}`);
      };
    case 'DECIMAL': {
      const { precision, scale } = type;
      // A double holds any decimal of up to 15 significant digits exactly; wider ones need the source text.
      const exactAsDouble = precision <= 15;
      return (v, p) => {
        let plain: string | undefined;
        if (typeof v === 'number') {
          if (!exactAsDouble) throw NEEDS_PRECISE;
          plain = doubleToPlain(v);
        } else {
          const text = numericText(v);
          plain = text === undefined ? undefined : plainDecimal(text);
        }
        if (plain === undefined) return fail(p, `expected a decimal number (DECIMAL(${precision}, ${scale})), got ${describe(v instanceof LosslessNumber ? v.text : v)}`);
        const fitted = fitDecimal(plain, precision, scale);
        return 'value' in fitted ? fitted.value : fail(p, `${plain} ${fitted.reason}`);
      };
    }
    case 'STRING':
    case 'VARCHAR':
    case 'CHAR':
      return (v, p) => (typeof v === 'string' ? v : fail(p, `expected a string, got ${describe(v instanceof LosslessNumber ? Number(v.text) : v)}`));
    case 'BYTES':
      return (v, p) =>
        typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v) ? decodeBase64Bytes(v) : fail(p, `expected base64 text, got ${describe(v)}`);
    case 'DATE':
      return (v, p) => (typeof v === 'string' && isDate(v) ? v : fail(p, `expected a date 'YYYY-MM-DD', got ${describe(v)}`));
    case 'TIME':
      return (v, p) => (typeof v === 'string' && isTime(v) ? v : fail(p, `expected a time 'HH:mm:ss', got ${describe(v)}`));
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return (v, p) => {
        const date = typeof v === 'string' ? parseTimestamp(v) : undefined;
        return date ?? fail(p, `expected a timestamp 'yyyy-MM-dd HH:mm:ss[.SSS]${type.kind === 'TIMESTAMP_LTZ' ? 'Z' : ''}', got ${describe(v)}`);
      };
    case 'ARRAY': {
      const element = decoderFor(type.element, `${path}[]`);
      return (v, p) => {
        if (!Array.isArray(v)) return fail(p, `expected an array, got ${describe(v)}`);
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) out[i] = element(v[i], `${p}[${i}]`);
        return out;
      };
    }
    case 'MAP': {
      const valueDecoder = decoderFor(type.value, `${path}{}`);
      return (v, p) => {
        if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof LosslessNumber) return fail(p, `expected an object (MAP), got ${describe(v)}`);
        const out = new Map<string, unknown>();
        for (const [key, inner] of Object.entries(v)) out.set(key, valueDecoder(inner, `${p}{${JSON.stringify(key)}}`));
        return out;
      };
    }
    case 'ROW':
      return rowDecoder(type.fields, path);
    case 'INTERVAL':
      return unsupported(type, path);
  }
}

/** @internal The decoder of one (possibly nullable) type. */
export function decoderFor(type: DataType, path: string): Decoder {
  if (type.kind === 'MAP' && !['STRING', 'VARCHAR', 'CHAR'].includes(type.key.kind)) {
    unsupported(type, path, `Flink's json format only supports string map keys, not ${type.key.kind}`);
  }
  const inner = base(type, path);
  if (type.nullable) return (v, p) => (v === null || v === undefined ? null : inner(v, p));
  return (v, p) => (v === null || v === undefined ? fail(p, `is NOT NULL but the record has ${v === null ? 'null' : 'no value'}`) : inner(v, p));
}

/** @internal The decoder of a row; unknown properties are ignored, as Flink does. */
export function rowDecoder(fields: Fields, path: string): Decoder {
  const parts = Object.keys(fields).map((name) => ({ name, decode: decoderFor(fields[name] as DataType, child(path, name)) }));
  return (v, p) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof LosslessNumber) return fail(p, `expected a JSON object, got ${describe(v)}`);
    const record = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as (typeof parts)[number];
      out[part.name] = part.decode(record[part.name], child(p, part.name));
    }
    return out;
  };
}

/** @internal True when the schema has a DECIMAL too wide for doubles, so every record needs the precise parser. */
export function needsPreciseAlways(type: DataType): boolean {
  switch (type.kind) {
    case 'DECIMAL':
      return type.precision > 15;
    case 'ARRAY':
      return needsPreciseAlways(type.element);
    case 'MAP':
      return needsPreciseAlways(type.value);
    case 'ROW':
      return Object.values(type.fields).some(needsPreciseAlways);
    default:
      return false;
  }
}
