import { schema, t } from '@sluice/dsl';
import { isSluiceError } from '@sluice/errors';
import { jsonCodec } from '@sluice/kafka';

const Order = schema({
  id: t.bigint().notNull(),
  amount: t.decimal(10, 2),
  big: t.decimal(38, 10),
  price: t.double(),
  qty: t.int(),
  ok: t.boolean(),
  note: t.string(),
  raw: t.bytes(),
  day: t.date(),
  at: t.timestamp(3),
  ltz: t.timestampLtz(3),
  tags: t.array(t.string()),
  attrs: t.map(t.string(), t.bigint()),
  customer: t.row({ name: t.string().notNull(), since: t.timestampLtz(3) }),
});

const row = {
  id: 9007199254740993n,
  amount: '12.50',
  big: '1234567890123456789012345678.0123456789',
  price: 1.5,
  qty: 7,
  ok: true,
  note: 'say "hi"',
  raw: new Uint8Array([1, 2, 255]),
  day: '2024-02-29',
  at: new Date('2024-05-01T10:00:00.120Z'),
  ltz: new Date('2024-05-01T10:00:00.123Z'),
  tags: ['a', 'b'],
  attrs: new Map([['x', -9223372036854775808n]]),
  customer: { name: 'Ada', since: new Date('2020-01-01T00:00:00.000Z') },
};

describe('jsonCodec (Flink json format)', () => {
  const codec = jsonCodec(Order);

  it('writes every type as Flink does: BIGINT/DECIMAL as numbers, SQL timestamps, LTZ with Z, base64 bytes', () => {
    expect(codec.encodeText(row)).toBe(
      '{"id":9007199254740993,"amount":12.50,"big":1234567890123456789012345678.0123456789,"price":1.5,"qty":7,"ok":true,' +
        '"note":"say \\"hi\\"","raw":"AQL/","day":"2024-02-29","at":"2024-05-01 10:00:00.12","ltz":"2024-05-01 10:00:00.123Z",' +
        '"tags":["a","b"],"attrs":{"x":-9223372036854775808},"customer":{"name":"Ada","since":"2020-01-01 00:00:00Z"}}',
    );
  });

  it('reads back exactly what it wrote, including BIGINT above 2^53 and a 38-digit DECIMAL', () => {
    expect(codec.decode(codec.encode(row))).toEqual(row);
  });

  it('writes ISO-8601 timestamps when asked (json.timestamp-format.standard)', () => {
    const iso = jsonCodec(schema({ at: t.timestamp(3), ltz: t.timestampLtz(3) }), { timestampStandard: 'ISO-8601' });
    expect(iso.encodeText({ at: new Date('2024-05-01T10:00:00.5Z'), ltz: new Date('2024-05-01T10:00:00Z') })).toBe('{"at":"2024-05-01T10:00:00.5","ltz":"2024-05-01T10:00:00Z"}');
  });

  it('reads what Flink writes: exponent decimals, numeric strings, NaN strings, nulls and missing fields', () => {
    const s = schema({ d: t.decimal(10, 7), n: t.bigint(), f: t.double(), s: t.string(), r: t.row({ a: t.int() }), ts: t.timestampLtz(3) });
    const c = jsonCodec(s);
    expect(c.decodeText('{"d":1E-7,"n":"-42","f":"NaN","s":null,"r":null,"ts":"2024-01-02 03:04:05.678Z","extra":1}')).toEqual({
      d: '0.0000001',
      n: -42n,
      f: NaN,
      s: null,
      r: null,
      ts: new Date('2024-01-02T03:04:05.678Z'),
    });
    expect(c.decodeText('{}')).toEqual({ d: null, n: null, f: null, s: null, r: null, ts: null });
  });

  it('keeps every digit of a BIGINT that JSON.parse would round', () => {
    const c = jsonCodec(schema({ n: t.bigint(), list: t.array(t.bigint()) }));
    expect(c.decodeText('{"n":9223372036854775807,"list":[1,-9007199254740993]}')).toEqual({ n: 9223372036854775807n, list: [1n, -9007199254740993n] });
  });

  it('refuses a bad row with KAFKA_ENCODE_ERROR naming the nested field', () => {
    const attempt = (): string => codec.encodeText({ ...row, customer: { name: 'Ada', since: 'yesterday' as unknown as Date } });
    expect(attempt).toThrow(expect.objectContaining({ code: 'KAFKA_ENCODE_ERROR', details: expect.objectContaining({ field: 'customer.since' }) }));
    expect(() => codec.encodeText({ ...row, id: null as unknown as bigint })).toThrow(/field 'id' is NOT NULL/);
    expect(() => codec.encodeText({ ...row, amount: '123456789.1' })).toThrow(/field 'amount'.*integer digits/);
    expect(() => codec.encodeText({ ...row, tags: ['a', 3 as unknown as string] })).toThrow(/field 'tags\[1\]' expected a string/);
    expect(() => codec.encodeText({ ...row, typo: 1 } as typeof row)).toThrow(/field 'typo' is not in the schema/);
  });

  it('reports malformed JSON and wrong types as KAFKA_DECODE_ERROR with the field', () => {
    let error: unknown;
    try {
      codec.decodeText('{"id": 1, "qty": "seven"}');
    } catch (e) {
      error = e;
    }
    expect(isSluiceError(error, 'KAFKA_DECODE_ERROR')).toBe(true);
    expect(error).toMatchObject({ details: { field: 'qty' } });
    expect(() => codec.decodeText('{"id": 1,')).toThrow(expect.objectContaining({ code: 'KAFKA_DECODE_ERROR', details: expect.objectContaining({ field: '' }) }));
    expect(() => codec.decodeText('[1]')).toThrow(/expected a JSON object/);
    expect(() => codec.decodeText('{"qty": 1}')).toThrow(/field 'id' is NOT NULL/);
  });

  it('refuses non-string map keys when the codec is made', () => {
    expect(() => jsonCodec(schema({ m: t.map(t.int(), t.string()) }))).toThrow(expect.objectContaining({ code: 'KAFKA_UNSUPPORTED_TYPE' }));
  });
});
