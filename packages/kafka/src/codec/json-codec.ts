import type { DataType, Fields, RowOfFields } from '@sluice/dsl';
import { SluiceError } from '@sluice/errors';
import { kafkaError } from '../errors';
import type { Codec, CodecErrorDetails } from './codec';
import { compileColumnWriter, compileRowDecoder, SLOW, type ColumnSink } from './compiled-decoder';
import { FieldError } from './field-error';
import { NeedsPrecise, needsPreciseAlways, rowDecoder } from './json-decode';
import { rowEncoder } from './json-encode';
import { parseLosslessJson, type TimestampStandard } from '@sluice/flink-types';
import { compileColumnScanner, compileRowScanner } from './scan-decoder';

/** Options of {@link jsonCodec}, named after the Flink `json` format options they mirror. */
export interface JsonCodecOptions {
  /** `json.timestamp-format.standard` of the Flink table: how TIMESTAMP/TIMESTAMP_LTZ are written. Default `SQL`. */
  readonly timestampStandard?: TimestampStandard;
  /** Properties of a row that the schema lacks: `error` (default, catches typos) or `ignore`. */
  readonly unknownFields?: 'error' | 'ignore';
}

/** A codec for rows of a schema in Flink's `json` format. */
export interface JsonCodec<F extends Fields> extends Codec<RowOfFields<F>> {
  readonly format: 'json';
  readonly fields: F;
  /** Throws KAFKA_ENCODE_ERROR naming the first bad field; returns nothing when the row is valid. */
  validate(row: RowOfFields<F>): void;
  /** The JSON text of a row (what {@link Codec.encode} writes as UTF-8). */
  encodeText(row: RowOfFields<F>): string;
  /** Parses JSON text into a typed row. */
  decodeText(text: string): RowOfFields<F>;
}

const DECODER = new TextDecoder('utf-8', { fatal: true });

/**
 * A codec for rows of `schema`, in exactly the JSON Flink's `json` format writes and reads: BIGINT as a
 * JSON integer (read back without losing digits above 2^53), DECIMAL as a JSON number with its scale
 * (TS: exact text), TIMESTAMP as `yyyy-MM-dd HH:mm:ss.SSS`, TIMESTAMP_LTZ the same with `Z` (UTC),
 * BYTES as base64, MAP as an object, ROW as an object, nulls as `null`.
 *
 * @example
 * ```ts
 * const codec = jsonCodec(schema({ id: t.bigint().notNull(), amount: t.decimal(10, 2), at: t.timestampLtz(3) }))
 * codec.encodeText({ id: 9007199254740993n, amount: '12.5', at: new Date('2024-05-01T10:00:00.123Z') })
 * // => '{"id":9007199254740993,"amount":12.50,"at":"2024-05-01 10:00:00.123Z"}'
 * ```
 */
export function jsonCodec<F extends Fields>(schema: { readonly fields: F }, options: JsonCodecOptions = {}): JsonCodec<F> {
  const fields = schema.fields;
  const encodeRow = rowEncoder(fields, { timestampStandard: options.timestampStandard ?? 'SQL', unknownFields: options.unknownFields ?? 'error' }, '');
  const decodeRow = rowDecoder(fields, '');
  const alwaysPrecise = Object.values(fields).some((type) => needsPreciseAlways(type as DataType));
  // The generated fast path for JSON.parse'd records; it defers to decodeRow whenever in doubt.
  const fastRow = alwaysPrecise ? undefined : compileRowDecoder(fields);
  // Faster still: records exactly as Flink writes them are read from their bytes, without JSON.parse.
  const scanRow = compileRowScanner(fields);

  function encodeText(row: RowOfFields<F>): string {
    try {
      return encodeRow(row, '');
    } catch (error) {
      throw toCodecError('KAFKA_ENCODE_ERROR', error);
    }
  }

  function decodeText(text: string): RowOfFields<F> {
    let parsed: unknown;
    try {
      parsed = alwaysPrecise ? parseLosslessJson(text) : JSON.parse(text);
    } catch (error) {
      throw malformed(error);
    }
    try {
      if (fastRow !== undefined) {
        const row = fastRow(parsed);
        if (row !== SLOW) return row as RowOfFields<F>;
      }
      return decodeRow(parsed, '') as RowOfFields<F>;
    } catch (error) {
      if (!(error instanceof NeedsPrecise)) throw toCodecError('KAFKA_DECODE_ERROR', error);
    }
    // A number JSON.parse may have rounded: read the record again keeping every digit.
    try {
      return decodeRow(parseLosslessJson(text), '') as RowOfFields<F>;
    } catch (error) {
      throw toCodecError('KAFKA_DECODE_ERROR', error);
    }
  }

  return Object.freeze({
    format: 'json' as const,
    fields,
    validate: (row: RowOfFields<F>) => void encodeText(row),
    encodeText,
    decodeText,
    encode: (row: RowOfFields<F>) => Buffer.from(encodeText(row), 'utf8'),
    decode: (bytes: Uint8Array) => {
      if (scanRow !== undefined && Buffer.isBuffer(bytes)) {
        const row = scanRow(bytes);
        if (row !== SLOW) return row as RowOfFields<F>;
      }
      let text: string;
      try {
        text = DECODER.decode(bytes);
      } catch (error) {
        throw malformed(error);
      }
      return decodeText(text);
    },
  });
}

/**
 * @internal The decoder chain into columns (Arrow): the byte scanner, else the generated writer over
 * JSON.parse, else the codec's own decode (which also words the error). Writes one record into `columns`
 * (one per field, in schema order) or throws the codec's KAFKA_DECODE_ERROR having written nothing.
 */
export function jsonColumnWriter<F extends Fields>(codec: JsonCodec<F>): (bytes: Buffer, columns: readonly ColumnSink[]) => void {
  const fields = codec.fields;
  // Schemas with wide DECIMALs always need the codec's precise parser.
  const writer = Object.values(fields).some((type) => needsPreciseAlways(type as DataType)) ? undefined : compileColumnWriter(fields);
  const scanner = compileColumnScanner(fields);
  const names = Object.keys(fields);
  return (bytes, columns) => {
    if (scanner !== undefined && scanner(bytes, columns) !== SLOW) return;
    if (writer !== undefined) {
      try {
        if (writer(JSON.parse(DECODER.decode(bytes)), columns) !== SLOW) return;
      } catch {
        // Not UTF-8, not JSON, or a field's own decoder refused it: the codec decodes it again and says why.
      }
    }
    const record = codec.decode(bytes) as Record<string, unknown>;
    for (let c = 0; c < columns.length; c++) (columns[c] as ColumnSink).append(record[names[c] as string]);
  };
}

function malformed(error: unknown): SluiceError<CodecErrorDetails> {
  const reason = `malformed JSON: ${error instanceof Error ? error.message : String(error)}`;
  return kafkaError<CodecErrorDetails>('KAFKA_DECODE_ERROR', `cannot decode record: ${reason}`, { details: { field: '', reason }, cause: error });
}

function toCodecError(code: 'KAFKA_ENCODE_ERROR' | 'KAFKA_DECODE_ERROR', error: unknown): SluiceError<object> {
  if (error instanceof FieldError) {
    const what = code === 'KAFKA_ENCODE_ERROR' ? 'cannot encode row' : 'cannot decode record';
    return kafkaError<CodecErrorDetails>(code, error.field === '' ? `${what}: ${error.reason}` : `${what}: field '${error.field}' ${error.reason}`, {
      details: { field: error.field, reason: error.reason },
    });
  }
  if (error instanceof SluiceError) return error;
  return kafkaError(code, String(error instanceof Error ? error.message : error), { cause: error });
}
