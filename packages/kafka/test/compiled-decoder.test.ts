import { schema, t, type DataType } from '@sluice/dsl';
import { jsonCodec } from '@sluice/kafka';
import { compileRowDecoder, SLOW } from '../src/codec/compiled-decoder';
import { fastTimestampMillis, fastTimestampMillisBytes } from '../src/codec/fast-timestamp';
import { rowDecoder } from '../src/codec/json-decode';
import { parseTimestamp } from '@sluice/flink-types';

// The generated decoder and the char-code timestamp parser are fast paths: wherever they answer, the
// answer must be the generic decoder's; everywhere else they must defer (SLOW / NaN).
describe('generated row decoder and fast timestamps agree with the generic decoder', () => {
  it('parses the timestamps parseTimestamp parses, to the same instant, and defers on the rest', () => {
    const texts = [
      '2024-05-01 10:00:00',
      '2024-05-01 10:00:00Z',
      '2024-05-01T10:00:00.1Z',
      '2024-05-01 10:00:00.12',
      '2024-05-01 10:00:00.123Z',
      '2024-05-01 10:00:00.123456789Z',
      // Same second as the ones before (the cached prefix), broken suffixes:
      '2024-05-01 10:00:00.5x',
      '2024-05-01 10:00:00 ',
      '2024-05-01 10:00:00Z.5',
      '2024-05-01T10:00:00.999',
      '2024-05-01 10:00:00.1234567890Z',
      '2024-02-29 23:59:59.999',
      '2023-02-29 00:00:00',
      '2100-02-29 00:00:00',
      '2000-02-29 00:00:00',
      '2024-04-31 00:00:00',
      '2024-13-01 00:00:00',
      '2024-00-10 00:00:00',
      '2024-01-01 24:00:00',
      '2024-01-01 23:60:00',
      '2024-01-01 23:00:60',
      '0099-01-01 00:00:00',
      '0100-03-01 00:00:00.5',
      '12024-01-01 00:00:00',
      '-2024-01-01 00:00:00',
      '2024-01-01 00:00',
      '2024-01-01 00:00:00.',
      '2024-01-01 00:00:00.Z',
      '2024-01-01 00:00:00ZZ',
      '2024-01-01x00:00:00',
      '2024-1a-01 00:00:00',
      ' 2024-01-01 00:00:00',
      '',
    ];
    for (const text of texts) {
      const fast = fastTimestampMillis(text);
      // The byte scanner's in-place reader gives the same answer, inside a larger buffer too.
      const padded = Buffer.from(`"${text}",`, 'latin1');
      expect([text, fastTimestampMillisBytes(padded, 1, padded.length - 2)]).toEqual([text, fast]);
      const generic = parseTimestamp(text)?.getTime();
      if (Number.isNaN(fast)) continue; // deferred: the generic parser decides
      expect([text, fast]).toEqual([text, generic]);
    }
    expect(fastTimestampMillis('2024-05-01 10:00:00.123Z')).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 123));
    expect(fastTimestampMillis('2024-05-01 10:00:00.1234567890Z')).toBeNaN();
    expect(fastTimestampMillis('2023-02-29 00:00:00')).toBeNaN();
  });

  it('decodes exactly what the generic decoder decodes, and defers on everything unusual', () => {
    const fields = schema({
      id: t.bigint().notNull(),
      n: t.int(),
      b: t.boolean(),
      f: t.double(),
      s: t.string(),
      d: t.decimal(10, 2),
      ts: t.timestampLtz(3),
      tags: t.array(t.bigint()),
      r: t.row({ a: t.int() }),
    }).fields;
    const fast = compileRowDecoder(fields);
    const generic = rowDecoder(fields, '');
    expect(fast).toBeDefined();
    const records: unknown[] = [
      { id: 1, n: 2, b: true, f: 1.5, s: 'x', d: 1.25, ts: '2024-01-01 00:00:00.5Z', tags: [1, 2], r: { a: 1 } },
      { id: 1 },
      { id: 1, n: null, b: null, f: null, s: null, d: null, ts: null, tags: null, r: null, extra: 'ignored' },
      { id: '12' },
      { id: 9007199254740993 },
      { id: 1.5 },
      { id: null },
      {},
      { id: 1, n: 2147483648 },
      { id: 1, n: '7' },
      { id: 1, b: 'true' },
      { id: 1, f: 'NaN' },
      { id: 1, s: 3 },
      { id: 1, ts: '0050-01-01 00:00:00' },
      { id: 1, ts: 'yesterday' },
      { id: 1, d: 'abc' },
      { id: 1, tags: [1, 'x'] },
      [1],
      null,
      'text',
    ];
    for (const record of records) {
      let answer: unknown;
      try {
        answer = fast?.(record);
      } catch (error) {
        answer = error; // thrown by a field's generic decoder: must be the generic row decoder's error
      }
      let expected: unknown;
      try {
        expected = generic(record, '');
      } catch (error) {
        expected = error;
      }
      if (answer === SLOW) continue;
      expect([record, answer]).toEqual([record, expected]);
    }
    expect(fast?.({ id: '12' })).toBe(SLOW);
    expect(fast?.({ id: 1, n: '7' })).toBe(SLOW);
    expect(fast?.({ id: 1, ts: 'yesterday' })).toBe(SLOW);
  });

  it('gives the same rows and errors through the codec as before, field names included', () => {
    const s = schema({ id: t.bigint().notNull(), ts: t.timestamp(3), qty: t.int() });
    const codec = jsonCodec(s);
    expect(codec.decodeText('{"id":9223372036854775807,"ts":"2024-01-02 03:04:05.678"}')).toEqual({ id: 9223372036854775807n, ts: new Date('2024-01-02T03:04:05.678Z'), qty: null });
    expect(() => codec.decodeText('{"id":1,"ts":"2024-02-30 00:00:00"}')).toThrow(expect.objectContaining({ code: 'KAFKA_DECODE_ERROR', details: expect.objectContaining({ field: 'ts' }) }));
    expect(() => codec.decodeText('{"id":1,"qty":1.5}')).toThrow(/field 'qty' expected an integer/);
  });

  it('does not generate code for a field named __proto__ (an object literal would set the prototype)', () => {
    const fields: Record<string, DataType> = { ['__proto__']: t.string() as DataType };
    expect(compileRowDecoder(fields)).toBeUndefined();
  });
});
