import { SluiceError } from '@sluice/errors';
import { LosslessNumber } from './lossless-json';
import type { DecodeOptions, LogicalType, SqlValue } from './gateway-types';

/**
 * Decodes one JSON-format value by its declared logical type.
 *
 * | SQL type | TypeScript |
 * |---|---|
 * | BOOLEAN | boolean |
 * | TINYINT, SMALLINT, INTEGER, FLOAT, DOUBLE | number (NaN/Infinity sent as strings become numbers) |
 * | BIGINT | bigint (exact, also past 2^53) |
 * | DECIMAL(p, s) | string in plain notation, exactly as Flink sent it, e.g. `'12.500000000000000000'` |
 * | CHAR, VARCHAR | string |
 * | BINARY, VARBINARY | Uint8Array |
 * | DATE | string `YYYY-MM-DD` |
 * | TIME | string `HH:mm:ss[.fff]` |
 * | TIMESTAMP | string `YYYY-MM-DDTHH:mm:ss[.fff…]` (no zone), or Date read as UTC with `timestamps: 'date'` |
 * | TIMESTAMP_LTZ | string `…Z` in the session time zone, or Date with `timestamps: 'date'` |
 * | INTERVAL DAY TO SECOND | bigint milliseconds; INTERVAL YEAR TO MONTH: number of months |
 * | ARRAY | array of decoded elements |
 * | MULTISET | Map of decoded element to its count (number) |
 * | MAP | Map of decoded key to decoded value |
 * | ROW | object keyed by field name |
 * | NULL of any type | null |
 * | others (RAW, VARIANT, ...) | the JSON value (numbers as JS numbers) |
 *
 * @example
 * ```ts
 * decodeValue(new LosslessNumber('9007199254740993'), { type: 'BIGINT', nullable: false }) // 9007199254740993n
 * ```
 */
export function decodeValue(raw: unknown, type: LogicalType, options: DecodeOptions = {}): SqlValue {
  if (raw === null || raw === undefined) return null;
  switch (type.type) {
    case 'BOOLEAN':
      return typeof raw === 'string' ? raw === 'true' : Boolean(raw);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'FLOAT':
    case 'DOUBLE':
    case 'INTERVAL_YEAR_MONTH':
      return toNumber(raw);
    case 'BIGINT':
    case 'INTERVAL_DAY_TIME':
      return toBigInt(raw, type);
    case 'DECIMAL':
      return plainDecimal(numberText(raw));
    case 'CHAR':
    case 'VARCHAR':
    case 'DATE':
    case 'TIME_WITHOUT_TIME_ZONE':
      return String(raw);
    case 'TIMESTAMP_WITHOUT_TIME_ZONE':
      return options.timestamps === 'date' ? new Date(`${String(raw)}Z`) : String(raw);
    case 'TIMESTAMP_WITH_LOCAL_TIME_ZONE':
    case 'TIMESTAMP_WITH_TIME_ZONE':
      return options.timestamps === 'date' ? new Date(String(raw)) : String(raw);
    case 'BINARY':
    case 'VARBINARY':
      return new Uint8Array(Buffer.from(String(raw), 'base64'));
    case 'ARRAY':
      return asArray(raw, type).map((item) => decodeValue(item, required(type.elementType, type), options));
    case 'MULTISET':
      return decodeMap(raw, required(type.elementType, type), { type: 'INTEGER', nullable: false }, options);
    case 'MAP':
      return decodeMap(raw, required(type.keyType, type), required(type.valueType, type), options);
    case 'ROW':
    case 'STRUCTURED_TYPE':
      return decodeRow(raw, type, options);
    default:
      return plain(raw);
  }
}

function decodeRow(raw: unknown, type: LogicalType, options: DecodeOptions): { [field: string]: SqlValue } {
  const out: { [field: string]: SqlValue } = {};
  const fields = type.fields ?? [];
  if (Array.isArray(raw)) {
    fields.forEach((f, i) => (out[f.name] = decodeValue(raw[i], f.fieldType, options)));
    return out;
  }
  const record = raw as Record<string, unknown>;
  for (const f of fields) out[f.name] = decodeValue(record[f.name], f.fieldType, options);
  return out;
}

function decodeMap(raw: unknown, keyType: LogicalType, valueType: LogicalType, options: DecodeOptions): Map<SqlValue, SqlValue> {
  const out = new Map<SqlValue, SqlValue>();
  if (typeof raw !== 'object' || raw === null) throw badValue(raw, keyType);
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    // JSON object keys are strings; a null key is written as "null" by Flink's JSON format.
    const decodedKey = key === 'null' && keyType.nullable ? null : decodeValue(keyFromString(key, keyType), keyType, options);
    out.set(decodedKey, decodeValue(value, valueType, options));
  }
  return out;
}

function keyFromString(key: string, type: LogicalType): unknown {
  switch (type.type) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'BIGINT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DECIMAL':
      return new LosslessNumber(key);
    case 'BOOLEAN':
      return key === 'true';
    default:
      return key;
  }
}

function numberText(raw: unknown): string {
  if (raw instanceof LosslessNumber) return raw.text;
  if (typeof raw === 'number' || typeof raw === 'string' || typeof raw === 'bigint') return String(raw);
  throw badValue(raw, { type: 'NUMBER', nullable: false });
}

function toNumber(raw: unknown): number {
  return raw instanceof LosslessNumber ? raw.toNumber() : Number(raw);
}

function toBigInt(raw: unknown, type: LogicalType): bigint {
  const text = numberText(raw);
  if (!/^-?\d+$/.test(text)) throw badValue(raw, type);
  return BigInt(text);
}

/** Writes a decimal in plain notation (Java's BigDecimal may print `1E+3` / `1E-7`). */
export function plainDecimal(text: string): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?[eE]([+-]?\d+)$/.exec(text);
  if (m === null) return text;
  const [, sign = '', int = '', frac = '', expText = '0'] = m;
  const exp = Number(expText);
  const digits = int + frac;
  const point = int.length + exp;
  let out: string;
  if (point <= 0) out = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = `${digits.slice(0, point)}.${digits.slice(point)}`;
  out = out.replace(/^0+(?=\d)/, '');
  return sign + out;
}

function asArray(raw: unknown, type: LogicalType): unknown[] {
  if (!Array.isArray(raw)) throw badValue(raw, type);
  return raw;
}

function required(inner: LogicalType | undefined, outer: LogicalType): LogicalType {
  if (inner === undefined) throw new SluiceError('FLINK_PROTOCOL_ERROR', `logical type ${outer.type} has no element/key/value type`);
  return inner;
}

function plain(raw: unknown): SqlValue {
  if (raw instanceof LosslessNumber) return raw.toNumber();
  if (Array.isArray(raw)) return raw.map(plain);
  if (typeof raw === 'object' && raw !== null) {
    const out: { [field: string]: SqlValue } = {};
    for (const [k, v] of Object.entries(raw)) out[k] = plain(v);
    return out;
  }
  return raw as SqlValue;
}

function badValue(raw: unknown, type: LogicalType): SluiceError {
  return new SluiceError('FLINK_PROTOCOL_ERROR', `cannot decode ${JSON.stringify(String(raw)).slice(0, 80)} as ${type.type}`);
}
