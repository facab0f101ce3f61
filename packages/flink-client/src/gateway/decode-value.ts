import { SluiceError } from '@sluice/errors';
import { LosslessNumber, decodeBase64Bytes, fitDecimal, parseTimestamp, plainDecimal } from '@sluice/flink-types';
import type { DecodeOptions, LogicalType, SqlValue } from './gateway-types';
import { flinkError } from '../error-codes';

/**
 * Decodes one JSON-format value by its declared logical type, to the same JS value `@sluice/kafka` gives
 * for a record of Flink's json format (one table for both, in `@sluice/flink-types`).
 *
 * | SQL type | TypeScript |
 * |---|---|
 * | BOOLEAN | boolean |
 * | TINYINT, SMALLINT, INTEGER, FLOAT, DOUBLE | number (NaN/Infinity sent as strings become numbers) |
 * | BIGINT | bigint (exact, also past 2^53) |
 * | DECIMAL(p, s) | string in plain notation with exactly `s` fraction digits, e.g. `'12.50'` (the Gateway sends `12.5`) |
 * | CHAR, VARCHAR | string |
 * | BINARY, VARBINARY | Uint8Array |
 * | DATE | string `YYYY-MM-DD` |
 * | TIME | string `HH:mm:ss[.fff]` |
 * | TIMESTAMP | Date, the wall clock read as UTC (milliseconds); with `timestamps: 'string'` the text `YYYY-MM-DDTHH:mm:ss[.fff…]` |
 * | TIMESTAMP_LTZ | Date (milliseconds); with `timestamps: 'string'` the text `…Z` |
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
      return decimal(numberText(raw), type);
    case 'CHAR':
    case 'VARCHAR':
    case 'DATE':
    case 'TIME_WITHOUT_TIME_ZONE':
      return String(raw);
    case 'TIMESTAMP_WITHOUT_TIME_ZONE':
    case 'TIMESTAMP_WITH_LOCAL_TIME_ZONE':
    case 'TIMESTAMP_WITH_TIME_ZONE':
      return options.timestamps === 'string' ? String(raw) : timestamp(raw, type);
    case 'BINARY':
    case 'VARBINARY':
      return decodeBase64Bytes(String(raw));
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

// Plain notation (Java's BigDecimal may print `1E+3` / `1E-18`) with the type's scale: the Gateway
// drops trailing zeros (`1.5` for DECIMAL(10, 2)) where Flink's json format on Kafka keeps them.
function decimal(text: string, type: LogicalType): string {
  const plain = plainDecimal(text);
  if (plain === undefined) throw badValue(text, type);
  if (type.precision === undefined || type.scale === undefined) return plain;
  const fitted = fitDecimal(plain, type.precision, type.scale);
  return 'value' in fitted ? fitted.value : plain;
}

function timestamp(raw: unknown, type: LogicalType): Date {
  const date = parseTimestamp(String(raw));
  if (date === undefined) throw badValue(raw, type);
  return date;
}

function asArray(raw: unknown, type: LogicalType): unknown[] {
  if (!Array.isArray(raw)) throw badValue(raw, type);
  return raw;
}

function required(inner: LogicalType | undefined, outer: LogicalType): LogicalType {
  if (inner === undefined) throw flinkError('FLINK_PROTOCOL_ERROR', `logical type ${outer.type} has no element/key/value type`);
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
  return flinkError('FLINK_PROTOCOL_ERROR', `cannot decode ${JSON.stringify(String(raw)).slice(0, 80)} as ${type.type}`);
}
