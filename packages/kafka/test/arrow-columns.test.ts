import * as arrow from 'apache-arrow';
import { schema, t } from '@sluice/dsl';
import { arrowFields } from '../src/arrow/arrow-type';
import { columnBuilder } from '../src/arrow/column-builder';

// The direct column builders replace apache-arrow's generic builder on the hot path: the RecordBatch
// they make must read back exactly as the one arrow's builder makes from the same rows.
// Lists and structs read back as views; compare what they hold.
const plain = (v: unknown): unknown => (v instanceof arrow.Vector ? [...v].map(plain) : v !== null && typeof v === 'object' && 'toJSON' in v ? (v as { toJSON(): unknown }).toJSON() : v);

describe('Arrow column builders', () => {
  const Row = schema({
    f64: t.double(),
    f32: t.float(),
    i8: t.tinyint(),
    i16: t.smallint(),
    i32: t.int().notNull(),
    i64: t.bigint(),
    ts: t.timestamp(3),
    ltz: t.timestampLtz(3),
    s: t.string(),
    dec: t.decimal(10, 2),
    ok: t.boolean(),
    raw: t.bytes(),
    tags: t.array(t.string()),
    r: t.row({ a: t.int() }),
  });
  const rows = Array.from({ length: 37 }, (_, i) => ({
    f64: i % 5 === 0 ? null : i / 3,
    f32: i % 7 === 0 ? null : i / 7,
    i8: i % 3 === 0 ? null : (i % 100) - 50,
    i16: i * 300 - 5000,
    i32: i * 70000 - 1_000_000,
    i64: i % 4 === 0 ? null : i % 2 === 0 ? 9223372036854775807n - BigInt(i) : -9007199254740993n * BigInt(i),
    ts: i % 6 === 0 ? null : new Date(Date.UTC(1969, 11, 31, 23, 59, 59, 999) + i * 86_400_123),
    ltz: new Date(-62135596800000 + i * 1_000_000_007),
    s: i % 9 === 0 ? null : i % 2 === 0 ? `ascii-${i}` : `ünï-${'€'.repeat(i % 4)}-${i}`,
    dec: i % 8 === 0 ? null : `${i}.25`,
    ok: i % 10 === 0 ? null : i % 3 === 0,
    raw: i % 2 === 0 ? null : new Uint8Array([i, 255 - i]),
    tags: i % 5 === 0 ? null : [`t${i}`, 'x'],
    r: i % 11 === 0 ? null : { a: i },
  }));

  it('reads back exactly as arrow makeBuilder output, nulls included', () => {
    const fields = arrowFields(Row.fields, '');
    const schemaA = new arrow.Schema(fields);
    const struct = new arrow.Struct(schemaA.fields);
    const reference = arrow.makeBuilder({ type: struct, nullValues: [null, undefined] });
    for (const row of rows) reference.append(row as never);
    const expected = new arrow.RecordBatch(schemaA, reference.finish().flush());

    // A small capacity makes every builder grow on the way.
    const columns = fields.map((f) => columnBuilder(f.type, 3));
    for (const row of rows) fields.forEach((f, c) => columns[c]?.append((row as Record<string, unknown>)[f.name]));
    const actual = new arrow.RecordBatch(schemaA, arrow.makeData({ type: struct, length: rows.length, nullCount: 0, children: columns.map((c) => c.finish()) }));

    expect(actual.numRows).toBe(expected.numRows);
    for (const f of fields) {
      const a = actual.getChild(f.name);
      const e = expected.getChild(f.name);
      expect([f.name, a?.nullCount]).toEqual([f.name, e?.nullCount]);
      for (let i = 0; i < rows.length; i++) expect([f.name, i, plain(a?.get(i))]).toEqual([f.name, i, plain(e?.get(i))]);
    }
    const shape = (b: arrow.RecordBatch): string[] => b.schema.fields.map((f) => `${f.name}: ${String(f.type)} ${f.nullable}`);
    expect(shape(actual)).toEqual(shape(expected));
  });
});
