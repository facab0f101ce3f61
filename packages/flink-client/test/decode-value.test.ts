import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LosslessNumber, decodeValue, parseLosslessJson, plainDecimal } from '@sluice/flink-client';
import type { FetchResultsResponse } from '@sluice/flink-client';

// A real answer of Flink 2.2.1's SQL Gateway (v4, rowFormat=JSON) to a SELECT of one value per type.
const recorded = readFileSync(join(__dirname, 'fixtures', 'fetch-results-all-types.json'), 'utf8');

describe('decoding SQL Gateway JSON rows by logical type', () => {
  const page = parseLosslessJson(recorded) as unknown as FetchResultsResponse;
  const columns = page.results?.columns ?? [];
  const raw = page.results?.data[0]?.fields ?? [];
  const row = Object.fromEntries(columns.map((c, i) => [c.name, decodeValue(raw[i], c.logicalType)]));

  test('BIGINT above 2^53 and DECIMAL(38,18) keep every digit', () => {
    expect(row.b).toBe(9007199254740993n);
    expect(row.d).toBe('12345678901234567890.123456789012345678');
    expect(row.tiny).toBe('0.000000000000000001'); // sent by Flink as 1E-18
  });

  test('TIMESTAMP and TIMESTAMP_LTZ are Dates by default (TIMESTAMP read as UTC, as @sluice/kafka does); DATE, TIME stay text', () => {
    expect(row.ts).toEqual(new Date('2024-01-02T03:04:05.123Z'));
    expect(row.tsl).toEqual(new Date('2024-01-02T03:04:05.123Z'));
    expect(row.dt).toBe('2024-01-02');
    expect(row.t).toBe('12:34:56');
    expect(row.iv).toBe(172800000n);
  });

  test("timestamps: 'string' keeps the Gateway's lossless ISO text", () => {
    const ts = columns.findIndex((c) => c.name === 'ts');
    const tsl = columns.findIndex((c) => c.name === 'tsl');
    expect(decodeValue(raw[ts], columns[ts]!.logicalType, { timestamps: 'string' })).toBe('2024-01-02T03:04:05.123456');
    expect(decodeValue(raw[tsl], columns[tsl]!.logicalType, { timestamps: 'string' })).toBe('2024-01-02T03:04:05.123Z');
  });

  test('DECIMAL text carries the type scale (the Gateway drops trailing zeros, Flink json on Kafka keeps them)', () => {
    const type = { type: 'DECIMAL', nullable: false, precision: 10, scale: 2 };
    expect(decodeValue(parseLosslessJson('1.5'), type)).toBe('1.50');
    expect(decodeValue(parseLosslessJson('0'), { ...type, precision: 38, scale: 18 })).toBe('0.000000000000000000');
    expect(decodeValue(parseLosslessJson('1E+3'), type)).toBe('1000.00');
  });

  test('nested ARRAY, MAP and ROW decode their members by type, nulls stay null', () => {
    expect(row.a).toEqual([1, 2]);
    expect(row.m).toEqual(new Map([['a', 'one'], ['b', 'two']]));
    expect(row.r).toEqual({ EXPR$0: 1, EXPR$1: 'x', EXPR$2: [null, -9223372036854775807n] });
    expect(row.n).toBeNull();
    expect(row.nd).toBeNull();
  });

  test('scalars: binary as bytes, booleans, floats, tinyint, quoted strings', () => {
    expect(row.bin).toEqual(new Uint8Array([1, 2, 255]));
    expect(row.bo).toBe(true);
    expect(row.dbl).toBe(1.5);
    expect(row.ti).toBe(3);
    expect(row.s).toBe("it's");
  });

  test('MAP keys are decoded by the key type', () => {
    const type = { type: 'MAP', nullable: false, keyType: { type: 'BIGINT', nullable: true }, valueType: { type: 'DECIMAL', nullable: false, precision: 5, scale: 1 } };
    const value = parseLosslessJson('{"9007199254740993": 1.5, "null": 2.0}');
    expect(decodeValue(value, type)).toEqual(new Map<unknown, unknown>([[9007199254740993n, '1.5'], [null, '2.0']]));
  });

  test('plainDecimal expands Java scientific notation', () => {
    expect(plainDecimal('1E+3')).toBe('1000');
    expect(plainDecimal('-1.25E-3')).toBe('-0.00125');
    expect(plainDecimal('12.5E1')).toBe('125');
    expect(plainDecimal('3.14')).toBe('3.14');
  });

  test('the lossless parser keeps number text and decodes strings like JSON.parse', () => {
    const v = parseLosslessJson('{"a":[1.10,-0,"\\u00e9\\"x"],"__proto__":{"z":true},"n":null}') as Record<string, unknown>;
    expect((v.a as unknown[])[0]).toEqual(new LosslessNumber('1.10'));
    expect((v.a as unknown[])[2]).toBe('é"x');
    expect(Object.keys(v)).toEqual(['a', '__proto__', 'n']);
    expect(() => parseLosslessJson('{"a":1,}')).toThrow(SyntaxError);
  });
});
