import { LosslessNumber, decodeBase64Bytes, doubleToPlain, fitDecimal, formatTimestamp, isDate, isTime, parseLosslessJson, parseTimestamp, plainDecimal, toPlainJson } from '@sluice/flink-types';

describe('lossless JSON', () => {
  test('numbers keep their source text; strings, escapes and __proto__ keys decode like JSON.parse', () => {
    const v = parseLosslessJson('{"a":[9007199254740993, 1.10, -0, "\\u00e9\\"x", "plain"],"__proto__":{"z":true},"n":null}') as Record<string, unknown>;
    expect(v.a).toEqual([new LosslessNumber('9007199254740993'), new LosslessNumber('1.10'), new LosslessNumber('-0'), 'é"x', 'plain']);
    expect(Object.keys(v)).toEqual(['a', '__proto__', 'n']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(toPlainJson(v)).toEqual(JSON.parse('{"a":[9007199254740993, 1.1, -0, "é\\"x", "plain"],"__proto__":{"z":true},"n":null}'));
  });

  test.each(['{"a":1,}', '[1 2]', '"open', 'tru', '01', '{} x', ''])('malformed %p throws SyntaxError', (text) => {
    expect(() => parseLosslessJson(text)).toThrow(SyntaxError);
  });
});

describe('decimals', () => {
  test('plainDecimal expands Java scientific notation and keeps scale digits', () => {
    expect(plainDecimal('1E+3')).toBe('1000');
    expect(plainDecimal('-1.25E-3')).toBe('-0.00125');
    expect(plainDecimal('12.5E1')).toBe('125');
    expect(plainDecimal('0E-18')).toBe('0.000000000000000000');
    expect(plainDecimal('12.50')).toBe('12.50');
    expect(plainDecimal('abc')).toBeUndefined();
  });

  test('fitDecimal pads to the scale and refuses what does not fit (never rounds)', () => {
    expect(fitDecimal('1.5', 10, 2)).toEqual({ value: '1.50' });
    expect(fitDecimal('-0.000', 10, 2)).toEqual({ value: '0.00' });
    expect(fitDecimal('1.555', 10, 2)).toEqual({ reason: 'has more than 2 fraction digits (DECIMAL(10, 2))' });
    expect(fitDecimal('123456789', 10, 2)).toEqual({ reason: 'has more than 8 integer digits (DECIMAL(10, 2))' });
    expect(doubleToPlain(1e-7)).toBe('0.0000001');
    expect(doubleToPlain(Number.NaN)).toBeUndefined();
  });
});

describe('timestamps, dates, times, bytes', () => {
  test('parseTimestamp reads both standards, with or without Z, as UTC; formatTimestamp writes Flink json text', () => {
    const at = new Date('2024-05-01T10:00:00.120Z');
    expect(parseTimestamp('2024-05-01 10:00:00.12')).toEqual(at);
    expect(parseTimestamp('2024-05-01T10:00:00.120456Z')).toEqual(at);
    expect(parseTimestamp('0012-01-01T00:00:00')?.getUTCFullYear()).toBe(12);
    expect(parseTimestamp('2024-02-30T00:00:00')).toBeUndefined();
    expect(formatTimestamp(at, 3, true, 'SQL')).toBe('2024-05-01 10:00:00.12Z');
    expect(formatTimestamp(at, 0, false, 'ISO-8601')).toBe('2024-05-01T10:00:00');
  });

  test('DATE and TIME text checks; base64 bytes', () => {
    expect(isDate('2024-02-29')).toBe(true);
    expect(isDate('2023-02-29')).toBe(false);
    expect(isTime('23:59:59.5')).toBe(true);
    expect(isTime('24:00:00')).toBe(false);
    expect(decodeBase64Bytes('AAH/')).toEqual(new Uint8Array([0, 1, 255]));
  });
});
