import * as avro from 'avsc';
import { avroSchemaOf, type DataType, type Fields, type RowOfFields } from '@sluice/dsl';
import { SluiceError } from '@sluice/errors';
import { fitDecimal, plainDecimal } from '@sluice/flink-types';
import { kafkaError } from '../errors';
import type { Codec, CodecErrorDetails } from './codec';
import { FieldError, child, describe } from './field-error';
import { jsonCodec, type JsonCodecOptions } from './json-codec';
import type { SchemaRegistryClient } from './schema-registry';

/** Options of {@link avroCodec}. */
export interface AvroCodecOptions extends Pick<JsonCodecOptions, 'unknownFields'> {
  readonly registry: SchemaRegistryClient;
  /** The subject the writer schema is registered under (Flink's: `<topic>-value`, `<topic>-key`). */
  readonly subject: string;
}

/** A codec for Avro records in the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary). */
export interface AvroCodec<F extends Fields> extends Codec<RowOfFields<F>> {
  readonly format: 'avro-confluent';
  readonly fields: F;
  /** The writer schema of {@link Codec.encode}: Flink's derivation for these columns (`avroSchemaOf`). */
  readonly schema: ReturnType<typeof avroSchemaOf>;
  /** Registers the writer schema (before the first `encode`). */
  prepare(): Promise<void>;
  /** Fetches the writer schemas of these records' ids that are not known yet (before `decode`). */
  prepareRecords(values: readonly (Uint8Array | null | undefined)[]): Promise<void>;
}

// BIGINT is exact beyond 2^53 (a JS bigint), as in the JSON codec; avsc reads longs as numbers by default.
const LONG = avro.types.LongType.__with({
  fromBuffer: (buffer: Buffer) => buffer.readBigInt64LE(0),
  toBuffer: (value: bigint) => {
    const buffer = Buffer.alloc(8);
    buffer.writeBigInt64LE(value);
    return buffer;
  },
  fromJSON: (value: unknown) => BigInt(value as string),
  toJSON: (value: bigint) => Number(value),
  isValid: (value: unknown) => typeof value === 'bigint',
  compare: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

// avsc applies the registry's `long` to the name only: `{ "type": "long" }` (no logical type) becomes "long".
function longsByName(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(longsByName);
  if (schema === null || typeof schema !== 'object') return schema;
  const object = schema as Record<string, unknown>;
  if (object.type === 'long' && object.logicalType === undefined && object.name === undefined) return 'long';
  return Object.fromEntries(Object.entries(object).map(([k, v]) => [k, k === 'default' ? v : longsByName(v)]));
}

function parseType(schema: unknown): avro.Type {
  return avro.Type.forSchema(longsByName(schema) as avro.Schema, { registry: { long: LONG }, wrapUnions: 'auto' });
}

const MAGIC = 0;
const HEADER = 5;
const MS_PER_DAY = 86_400_000;

/** DECIMAL text -> big-endian two's complement of the unscaled value (Avro's `decimal` on bytes). */
function decimalBytes(text: string, scale: number): Buffer {
  const [whole = '0', fraction = ''] = text.replace('-', '').split('.');
  let unscaled = BigInt(whole + fraction.padEnd(scale, '0'));
  if (text.startsWith('-')) unscaled = -unscaled;
  let hex = (unscaled < 0n ? -unscaled : unscaled).toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (unscaled >= 0n) return (bytes[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  // Two's complement of the magnitude, one byte wider when the sign bit would be lost.
  const width = bytes.length + 1;
  const value = (1n << BigInt(width * 8)) + unscaled;
  bytes = Buffer.from(value.toString(16).padStart(width * 2, '0'), 'hex');
  while (bytes.length > 1 && bytes[0] === 0xff && ((bytes[1] ?? 0) & 0x80) !== 0) bytes = bytes.subarray(1);
  return bytes;
}

/** Avro `decimal` bytes -> DECIMAL text with exactly `scale` fraction digits (what the JSON codec gives). */
function decimalText(bytes: Buffer, scale: number): string {
  if (bytes.length === 0) return scale === 0 ? '0' : `0.${'0'.repeat(scale)}`;
  let unscaled = BigInt(`0x${bytes.toString('hex')}`);
  if (((bytes[0] ?? 0) & 0x80) !== 0) unscaled -= 1n << BigInt(bytes.length * 8);
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** A validated TS value -> the value avsc writes for the schema `avroSchemaOf` derives. */
function toAvro(type: DataType, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'BIGINT':
      return typeof value === 'bigint' ? value : BigInt(value as number);
    case 'DECIMAL': {
      const text = typeof value === 'bigint' ? value.toString() : (plainDecimal(String(value).trim()) ?? '0');
      const fitted = fitDecimal(text, type.precision, type.scale);
      return decimalBytes('value' in fitted ? fitted.value : text, type.scale);
    }
    case 'BYTES':
      return Buffer.from(value as Uint8Array);
    case 'DATE':
      return Math.round(Date.parse(`${value as string}T00:00:00Z`) / MS_PER_DAY);
    case 'TIME': {
      const [h = '0', m = '0', s = '0'] = (value as string).split(':');
      return Math.round((Number(h) * 3600 + Number(m) * 60 + Number(s)) * 1000);
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      // A long with a logical type is avsc's plain long (a number; milliseconds are far below 2^53).
      return (value as Date).getTime();
    case 'ARRAY':
      return (value as unknown[]).map((v) => toAvro(type.element, v));
    case 'MAP': {
      const entries = value instanceof Map ? [...(value as Map<string, unknown>).entries()] : Object.entries(value as object);
      return Object.fromEntries(entries.map(([k, v]) => [k, toAvro(type.value, v)]));
    }
    case 'ROW':
      return recordToAvro(type.fields, value as Record<string, unknown>);
    default:
      return value;
  }
}

function recordToAvro(fields: Fields, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name in fields) out[name] = toAvro(fields[name] as DataType, row[name]);
  return out;
}

function fail(path: string, reason: string): never {
  throw new FieldError(path, reason);
}

/** An Avro value read with the writer's schema -> the TS value of `type` (the JSON codec's representation). */
function fromAvro(type: DataType, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return type.nullable ? null : fail(path, `is NOT NULL but got ${value === null ? 'null' : 'no value'}`);
  switch (type.kind) {
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : fail(path, `expected a boolean, got ${describe(value)}`);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : fail(path, `expected an int, got ${describe(value)}`);
    case 'BIGINT':
      return typeof value === 'bigint' ? value : typeof value === 'number' ? BigInt(value) : fail(path, `expected a long, got ${describe(value)}`);
    case 'FLOAT':
    case 'DOUBLE':
      return typeof value === 'number' ? value : fail(path, `expected a number, got ${describe(value)}`);
    case 'STRING':
    case 'VARCHAR':
    case 'CHAR':
      return typeof value === 'string' ? value : fail(path, `expected a string, got ${describe(value)}`);
    case 'BYTES':
      return Buffer.isBuffer(value) ? new Uint8Array(value) : fail(path, `expected bytes, got ${describe(value)}`);
    case 'DECIMAL':
      return Buffer.isBuffer(value) ? decimalText(value, type.scale) : fail(path, `expected decimal bytes, got ${describe(value)}`);
    case 'DATE': {
      if (typeof value !== 'number') return fail(path, `expected a date (days), got ${describe(value)}`);
      return new Date(value * MS_PER_DAY).toISOString().slice(0, 10);
    }
    case 'TIME': {
      if (typeof value !== 'number') return fail(path, `expected a time (ms), got ${describe(value)}`);
      const ms = value % 1000;
      const base = `${pad(Math.floor(value / 3_600_000))}:${pad(Math.floor(value / 60_000) % 60)}:${pad(Math.floor(value / 1000) % 60)}`;
      // As Flink's JSON writes a TIME (ISO_LOCAL_TIME): the fraction without trailing zeros.
      return type.precision === 0 || ms === 0 ? base : `${base}.${pad(ms, 3).slice(0, type.precision).replace(/0+$/, '')}`;
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return typeof value === 'bigint' || typeof value === 'number' ? new Date(Number(value)) : fail(path, `expected a timestamp (ms), got ${describe(value)}`);
    case 'ARRAY':
      return Array.isArray(value) ? value.map((v, i) => fromAvro(type.element, v, `${path}[${i}]`)) : fail(path, `expected an array, got ${describe(value)}`);
    case 'MAP':
      return typeof value === 'object' ? new Map(Object.entries(value as object).map(([k, v]) => [k, fromAvro(type.value, v, `${path}{${JSON.stringify(k)}}`)])) : fail(path, `expected a map, got ${describe(value)}`);
    case 'ROW':
      return recordFromAvro(type.fields, value, path);
    case 'INTERVAL':
      return fail(path, 'INTERVAL has no Avro mapping');
  }
}

function recordFromAvro(fields: Fields, value: unknown, path: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object') return fail(path, `expected a record, got ${describe(value)}`);
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const name in fields) out[name] = fromAvro(fields[name] as DataType, record[name], child(path, name));
  return out;
}

function toCodecError(code: 'KAFKA_ENCODE_ERROR' | 'KAFKA_DECODE_ERROR', error: unknown): SluiceError<object> {
  if (error instanceof SluiceError) return error;
  const what = code === 'KAFKA_ENCODE_ERROR' ? 'cannot encode row' : 'cannot decode record';
  if (error instanceof FieldError) {
    return kafkaError<CodecErrorDetails>(code, error.field === '' ? `${what}: ${error.reason}` : `${what}: field '${error.field}' ${error.reason}`, { details: { field: error.field, reason: error.reason } });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return kafkaError<CodecErrorDetails>(code, `${what}: ${reason}`, { details: { field: '', reason }, cause: error });
}

/** The schema id of a Confluent-framed record, or undefined when it is not one. */
export function confluentSchemaId(bytes: Uint8Array): number | undefined {
  if (bytes.length < HEADER || bytes[0] !== MAGIC) return undefined;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32BE(1);
}

/**
 * Avro through a Confluent-compatible registry, with the same `RowOf` values as {@link jsonCodec}:
 * BIGINT as bigint (exact beyond 2^53), DECIMAL as exact text with its scale, TIMESTAMP/TIMESTAMP_LTZ
 * as Date, DATE/TIME as text, BYTES as Uint8Array, MAP as Map. It writes with the schema Flink derives
 * for the columns (registered under `subject` by `prepare`), and reads each record with the writer
 * schema its id names (fetched by `prepareRecords`), so records written by Flink or by older schemas
 * read the same.
 *
 * @example
 * ```ts
 * const codec = avroCodec(Trade, { registry: schemaRegistryClient({ url }), subject: 'market.trades-value' })
 * await codec.prepare()
 * const bytes = codec.encode({ symbol: 'ACME', price: 1.5, qty: 10n, ts: new Date() }) // 0x00, id, Avro
 * ```
 */
export function avroCodec<F extends Fields>(schema: { readonly fields: F }, options: AvroCodecOptions): AvroCodec<F> {
  const fields = schema.fields;
  const writerSchema = avroSchemaOf(fields);
  const writer = parseType(writerSchema);
  // The JSON codec checks rows the same way (and words errors the same); Avro then only converts.
  const check = jsonCodec({ fields }, { unknownFields: options.unknownFields ?? 'error' });
  const readers = new Map<number, avro.Type>();
  let writerId: number | undefined;

  async function prepareRecords(values: readonly (Uint8Array | null | undefined)[]): Promise<void> {
    const missing = new Set<number>();
    for (const value of values) {
      if (value === null || value === undefined) continue;
      const id = confluentSchemaId(value);
      if (id !== undefined && !readers.has(id)) missing.add(id);
    }
    for (const id of missing) readers.set(id, parseType(JSON.parse(await options.registry.schemaById(id)) as unknown));
  }

  return Object.freeze({
    format: 'avro-confluent' as const,
    fields,
    schema: writerSchema,
    async prepare() {
      if (writerId !== undefined) return;
      writerId = await options.registry.register(options.subject, writerSchema);
      readers.set(writerId, writer);
    },
    prepareRecords,
    encode(row: RowOfFields<F>): Buffer {
      if (writerId === undefined) {
        throw kafkaError('KAFKA_ENCODE_ERROR', `the Avro writer schema of '${options.subject}' is not registered yet`, { suggestion: 'await codec.prepare() before encode' });
      }
      check.validate(row);
      try {
        const body = writer.toBuffer(recordToAvro(fields, row as Record<string, unknown>));
        const header = Buffer.alloc(HEADER);
        header.writeUInt32BE(writerId, 1);
        return Buffer.concat([header, body]);
      } catch (error) {
        throw toCodecError('KAFKA_ENCODE_ERROR', error);
      }
    },
    decode(bytes: Uint8Array): RowOfFields<F> {
      const id = confluentSchemaId(bytes);
      if (id === undefined) {
        throw kafkaError<CodecErrorDetails>('KAFKA_DECODE_ERROR', 'cannot decode record: not in the Confluent Avro wire format (magic byte 0 and a 4-byte schema id)', {
          details: { field: '', reason: 'no Confluent Avro header' },
        });
      }
      const reader = readers.get(id);
      if (reader === undefined) {
        throw kafkaError<CodecErrorDetails>('KAFKA_DECODE_ERROR', `cannot decode record: writer schema ${id} was not fetched`, { details: { field: '', reason: `unknown schema id ${id}` }, suggestion: 'await codec.prepareRecords(values) first' });
      }
      try {
        const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        return recordFromAvro(fields, reader.fromBuffer(buffer.subarray(HEADER)), '') as RowOfFields<F>;
      } catch (error) {
        throw toCodecError('KAFKA_DECODE_ERROR', error);
      }
    },
  });
}
