import * as avro from 'avsc';
import { isSluiceError } from '@sluice/errors';
import { avroSchemaOf, schema, t, type AvroSchemaJson, type RowOf } from '@sluice/dsl';
import { avroCodec, confluentSchemaId, jsonCodec, type SchemaRegistryClient } from '@sluice/kafka';

// The Avro codec's values and wire format without a registry server (a map stands in for it here; the
// real registry and Flink's own serializer are in test/integration/avro-registry.test.ts).

function memoryRegistry(): SchemaRegistryClient & { texts: Map<number, string> } {
  const texts = new Map<number, string>();
  const subjects = new Map<string, number>();
  return {
    url: 'memory:',
    texts,
    async register(subject: string, s: AvroSchemaJson) {
      const text = JSON.stringify(s);
      const existing = [...texts].find(([, t]) => t === text)?.[0];
      const id = existing ?? texts.size + 1;
      texts.set(id, text);
      subjects.set(subject, id);
      return id;
    },
    async schemaById(id: number) {
      const text = texts.get(id);
      if (text === undefined) throw new Error(`no schema ${id}`);
      return text;
    },
    async latest() {
      return undefined;
    },
    async checkCompatibility() {
      return { compatible: true, messages: [] };
    },
    async setCompatibility() {},
  };
}

const Row = schema({
  id: t.bigint().notNull(),
  amount: t.decimal(38, 18),
  small: t.decimal(5, 2),
  ts: t.timestampLtz(3),
  day: t.date(),
  at: t.time(3),
  note: t.string(),
  raw: t.bytes(),
  tags: t.array(t.string()),
  attrs: t.map(t.string(), t.bigint()),
  inner: t.row({ x: t.int().notNull(), y: t.double() }),
});
type Row = RowOf<typeof Row>;

const full: Row = {
  id: -9223372036854775808n,
  amount: '-12345678901234567890.123456789012345678',
  small: '999.99',
  ts: new Date('2024-02-29T23:59:59.999Z'),
  day: '1969-12-31',
  at: '23:59:59.5',
  note: 'ünïcødé 🚀 "q"',
  raw: new Uint8Array([0, 255, 128]),
  tags: ['a', null, ''],
  attrs: new Map<string, bigint | null>([['big', 9007199254740993n], ['none', null]]),
  inner: { x: -1, y: null },
};
const empty: Row = { id: 9223372036854775807n, amount: null, small: null, ts: null, day: null, at: null, note: null, raw: null, tags: null, attrs: null, inner: null };

describe('avroCodec', () => {
  it('round-trips rows to the same values the JSON codec gives (bigint beyond 2^53, exact DECIMAL text, Date, nulls)', async () => {
    const registry = memoryRegistry();
    const codec = avroCodec(Row, { registry, subject: 't-value' });
    await codec.prepare();
    const json = jsonCodec(Row);
    for (const row of [full, empty, { ...full, amount: '0.000000000000000001', small: '-0.05' }, { ...full, amount: '-1', small: '0' }]) {
      const bytes = codec.encode(row);
      expect(bytes[0]).toBe(0);
      expect(confluentSchemaId(bytes)).toBe(1);
      const back = codec.decode(bytes);
      expect(back).toEqual(json.decode(json.encode(row)));
    }
  });

  it('writes Avro binary that a plain Avro reader of the registered schema reads (decimal as two\'s complement, timestamp as ms)', async () => {
    const registry = memoryRegistry();
    const codec = avroCodec(Row, { registry, subject: 't-value' });
    await codec.prepare();
    const plain = avro.Type.forSchema(JSON.parse(registry.texts.get(1) ?? '{}') as avro.Schema, { wrapUnions: 'auto' });
    const decoded = plain.fromBuffer(codec.encode({ ...empty, id: 5n, small: '-1.28', ts: new Date(1_700_000_000_123) }).subarray(5)) as { id: number; small: Buffer; ts: number };
    expect(decoded.id).toBe(5);
    expect([...decoded.small]).toEqual([0x80]); // -128 unscaled, minimal two's complement (Java's BigInteger.toByteArray)
    const below = plain.fromBuffer(codec.encode({ ...empty, id: 5n, small: '-1.29' }).subarray(5)) as { small: Buffer };
    expect([...below.small]).toEqual([0xff, 0x7f]);
    const above = plain.fromBuffer(codec.encode({ ...empty, id: 5n, small: '1.28' }).subarray(5)) as { small: Buffer };
    expect([...above.small]).toEqual([0x00, 0x80]);
    expect(decoded.ts).toBe(1_700_000_000_123);
    expect(registry.texts.get(1)).toBe(JSON.stringify(avroSchemaOf(Row.fields)));
  });

  it('reads records of another writer schema by their id (fetched first), e.g. one with a field fewer', async () => {
    const registry = memoryRegistry();
    const Old = schema({ id: t.bigint().notNull(), note: t.string() });
    const writer = avroCodec(Old, { registry, subject: 't-value' });
    await writer.prepare();
    const bytes = writer.encode({ id: 1n, note: 'x' });
    const reader = avroCodec(schema({ id: t.bigint().notNull(), note: t.string(), qty: t.int() }), { registry, subject: 't-value' });
    expect(() => reader.decode(bytes)).toThrow(/writer schema 1 was not fetched/);
    await reader.prepareRecords([bytes, null]);
    expect(reader.decode(bytes)).toEqual({ id: 1n, note: 'x', qty: null });
  });

  it('names the field of a bad row or record (KAFKA_ENCODE_ERROR / KAFKA_DECODE_ERROR)', async () => {
    const registry = memoryRegistry();
    const codec = avroCodec(Row, { registry, subject: 't-value' });
    await codec.prepare();
    const codes = (fn: () => unknown): unknown => {
      try {
        fn();
        return 'no error';
      } catch (error) {
        return isSluiceError(error) ? [error.code, (error.details as { field?: string }).field] : error;
      }
    };
    expect(codes(() => codec.encode({ ...full, small: '1000.00' }))).toEqual(['KAFKA_ENCODE_ERROR', 'small']);
    expect(codes(() => codec.encode({ ...full, inner: { x: null as unknown as number, y: 1 } }))).toEqual(['KAFKA_ENCODE_ERROR', 'inner.x']);
    expect(codes(() => codec.decode(Buffer.from('{"id":1}')))).toEqual(['KAFKA_DECODE_ERROR', '']);
    // A NOT NULL column that the writer left null.
    const Loose = schema({ id: t.bigint() });
    const loose = avroCodec(Loose, { registry, subject: 'u-value' });
    await loose.prepare();
    const strict = avroCodec(schema({ id: t.bigint().notNull() }), { registry, subject: 'u-value' });
    const nullId = loose.encode({ id: null });
    await strict.prepareRecords([nullId]);
    expect(codes(() => strict.decode(nullId))).toEqual(['KAFKA_DECODE_ERROR', 'id']);
  });
});
