// Arrow columns built straight into typed arrays. apache-arrow's generic builders go through a visitor,
// a value-setter and a validity update per value (and a Struct builder per row on top), which made the
// Arrow reader slower than the row reader. Flat columns of the common kinds are filled here directly;
// nested and binary columns keep arrow's own builder for that one column.
import type * as arrow from 'apache-arrow';
import { arrowModule } from './arrow-module';
import { endianness } from 'node:os';

/** @internal Appends typed values (what the JSON codec decodes) to one column; `finish` hands out the Data. */
export interface ColumnBuilder {
  append(value: unknown): void;
  finish(): arrow.Data;
}

const LITTLE_ENDIAN = endianness() === 'LE';
const TWO_32 = 4294967296;

class Validity {
  bits: Uint8Array;
  nulls = 0;
  constructor(capacity: number) {
    this.bits = new Uint8Array((capacity + 7) >> 3);
  }
  grow(capacity: number): void {
    const bits = new Uint8Array((capacity + 7) >> 3);
    bits.set(this.bits);
    this.bits = bits;
  }
  set(i: number, valid: boolean): void {
    if (valid) (this.bits[i >> 3] as number) |= 1 << (i & 7);
    else this.nulls++;
  }
  /** Arrow lets a column without nulls skip the bitmap. */
  bitmap(length: number): Uint8Array | undefined {
    return this.nulls === 0 ? undefined : this.bits.subarray(0, (length + 7) >> 3);
  }
}

type NumberArray = Float64Array | Float32Array | Int32Array | Int16Array | Int8Array;

/** Numbers of Float64/Float32/Int32/Int16/Int8 columns. */
class NumberColumn implements ColumnBuilder {
  private values: NumberArray;
  private readonly validity: Validity;
  private length = 0;
  constructor(
    private readonly type: arrow.Float64 | arrow.Float32 | arrow.Int32 | arrow.Int16 | arrow.Int8,
    private capacity: number,
  ) {
    this.values = new type.ArrayType(capacity);
    this.validity = new Validity(capacity);
  }
  append(value: unknown): void {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    const valid = value !== null && value !== undefined;
    if (valid) this.values[i] = value as number;
    this.validity.set(i, valid);
  }
  private grow(): void {
    this.capacity *= 2;
    const values = new this.type.ArrayType(this.capacity);
    values.set(this.values);
    this.values = values;
    this.validity.grow(this.capacity);
  }
  finish(): arrow.Data {
    const length = this.length;
    return arrowModule().makeData({ type: this.type, length, nullCount: this.validity.nulls, nullBitmap: this.validity.bitmap(length), data: this.values.subarray(0, length) } as never);
  }
}

/** 64-bit columns: BIGINT (bigint or safe-integer number values) and timestamps in milliseconds (Date or number). */
class Int64Column implements ColumnBuilder {
  private values: BigInt64Array;
  private words: Uint32Array;
  private readonly validity: Validity;
  private length = 0;
  constructor(
    private readonly type: arrow.Int64 | arrow.TimestampMillisecond,
    private capacity: number,
  ) {
    this.values = new BigInt64Array(capacity);
    this.words = new Uint32Array(this.values.buffer);
    this.validity = new Validity(capacity);
  }
  append(value: unknown): void {
    if (this.length === this.capacity) this.grow();
    const i = this.length++;
    const valid = value !== null && value !== undefined;
    if (valid) {
      if (typeof value === 'bigint') this.values[i] = value;
      else {
        // A Date, or (from the generated column writer) epoch millis / a safe-integer BIGINT as a number.
        const ms = typeof value === 'number' ? value : (value as Date).getTime();
        if (LITTLE_ENDIAN) {
          // Two 32-bit words instead of BigInt(ms): no allocation per value. ms is an integer within 2^53.
          const high = Math.floor(ms / TWO_32);
          this.words[2 * i] = ms - high * TWO_32;
          this.words[2 * i + 1] = high;
        } else this.values[i] = BigInt(ms);
      }
    }
    this.validity.set(i, valid);
  }
  private grow(): void {
    this.capacity *= 2;
    const values = new BigInt64Array(this.capacity);
    values.set(this.values);
    this.values = values;
    this.words = new Uint32Array(values.buffer);
    this.validity.grow(this.capacity);
  }
  finish(): arrow.Data {
    const length = this.length;
    return arrowModule().makeData({ type: this.type, length, nullCount: this.validity.nulls, nullBitmap: this.validity.bitmap(length), data: this.values.subarray(0, length) } as never);
  }
}

/** Utf8 columns (STRING, and DECIMAL/DATE/TIME as text): the strings are encoded once per batch. */
class Utf8Column implements ColumnBuilder {
  private readonly values: string[] = [];
  private readonly validity: Validity;
  constructor(
    private readonly type: arrow.Utf8,
    private capacity: number,
  ) {
    this.validity = new Validity(capacity);
  }
  append(value: unknown): void {
    const i = this.values.length;
    if (i === this.capacity) {
      this.capacity *= 2;
      this.validity.grow(this.capacity);
    }
    const valid = value !== null && value !== undefined;
    this.values.push(valid ? (value as string) : '');
    this.validity.set(i, valid);
  }
  finish(): arrow.Data {
    const length = this.values.length;
    const joined = this.values.join('');
    const data = Buffer.from(joined, 'utf8');
    const offsets = new Int32Array(length + 1);
    // All-ASCII text (bytes = chars) needs no per-string byte count.
    const ascii = data.length === joined.length;
    let at = 0;
    for (let i = 0; i < length; i++) {
      const s = this.values[i] as string;
      at += ascii ? s.length : Buffer.byteLength(s, 'utf8');
      offsets[i + 1] = at;
    }
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.length);
    return arrowModule().makeData({ type: this.type, length, nullCount: this.validity.nulls, nullBitmap: this.validity.bitmap(length), valueOffsets: offsets, data: bytes } as never);
  }
}

class BoolColumn implements ColumnBuilder {
  private values: Validity;
  private readonly validity: Validity;
  private length = 0;
  constructor(
    private readonly type: arrow.Bool,
    private capacity: number,
  ) {
    this.values = new Validity(capacity);
    this.validity = new Validity(capacity);
  }
  append(value: unknown): void {
    if (this.length === this.capacity) {
      this.capacity *= 2;
      this.values.grow(this.capacity);
      this.validity.grow(this.capacity);
    }
    const i = this.length++;
    const valid = value !== null && value !== undefined;
    if (valid && value === true) this.values.set(i, true);
    this.validity.set(i, valid);
  }
  finish(): arrow.Data {
    const length = this.length;
    return arrowModule().makeData({ type: this.type, length, nullCount: this.validity.nulls, nullBitmap: this.validity.bitmap(length), data: this.values.bits.subarray(0, (length + 7) >> 3) } as never);
  }
}

/** Any other column (BYTES, LIST, MAP, STRUCT): arrow's own builder. */
class ArrowBuilderColumn implements ColumnBuilder {
  private readonly builder: arrow.Builder;
  constructor(type: arrow.DataType) {
    this.builder = arrowModule().makeBuilder({ type, nullValues: [null, undefined] });
  }
  append(value: unknown): void {
    this.builder.append(value);
  }
  finish(): arrow.Data {
    return this.builder.finish().flush();
  }
}

/** @internal A fresh builder for one column of `type`, sized for `capacity` rows (it grows past that). */
export function columnBuilder(type: arrow.DataType, capacity: number): ColumnBuilder {
  const size = Math.max(1, capacity);
  if (type instanceof arrowModule().Float64 || type instanceof arrowModule().Float32 || type instanceof arrowModule().Int32 || type instanceof arrowModule().Int16 || type instanceof arrowModule().Int8) {
    return new NumberColumn(type, size);
  }
  if (type instanceof arrowModule().Int64 || type instanceof arrowModule().TimestampMillisecond) return new Int64Column(type, size);
  if (type instanceof arrowModule().Utf8) return new Utf8Column(type, size);
  if (type instanceof arrowModule().Bool) return new BoolColumn(type, size);
  return new ArrowBuilderColumn(type);
}
