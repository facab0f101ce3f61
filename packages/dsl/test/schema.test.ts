import { isSluiceError } from '@sluice/errors';
import { renderType, schema, t } from '@sluice/dsl';

describe('types and schema', () => {
  test('renders every Flink type', () => {
    const s = schema({
      a: t.boolean(), b: t.tinyint(), c: t.smallint(), d: t.int().notNull(), e: t.bigint(), f: t.float(), g: t.double(),
      h: t.decimal(10, 2), i: t.string(), j: t.varchar(5), k: t.char(2), l: t.bytes(), m: t.date(), n: t.time(),
      o: t.timestamp(3), p: t.timestampLtz(3).notNull(), q: t.array(t.int()), r: t.map(t.string(), t.bigint().notNull()),
      s: t.row({ 'we`ird': t.string() }),
    });
    expect(s.names.map((name) => `${name} ${renderType(s.fields[name])}`)).toEqual([
      'a BOOLEAN', 'b TINYINT', 'c SMALLINT', 'd INT NOT NULL', 'e BIGINT', 'f FLOAT', 'g DOUBLE', 'h DECIMAL(10, 2)',
      'i STRING', 'j VARCHAR(5)', 'k CHAR(2)', 'l BYTES', 'm DATE', 'n TIME(0)', 'o TIMESTAMP(3)', 'p TIMESTAMP_LTZ(3) NOT NULL',
      'q ARRAY<INT>', 'r MAP<STRING, BIGINT NOT NULL>', 's ROW<`we``ird` STRING>',
    ]);
  });

  test('descriptors are plain frozen data (codecs switch on kind)', () => {
    const dec = t.decimal(12, 4).notNull();
    expect(JSON.parse(JSON.stringify(dec))).toEqual({ kind: 'DECIMAL', nullable: false, precision: 12, scale: 4 });
    expect(Object.isFrozen(dec)).toBe(true);
  });

  test('invalid precision is a DSL error', () => {
    let caught: unknown;
    try { t.decimal(50, 2); } catch (e) { caught = e; }
    expect(isSluiceError(caught, 'DSL_INVALID_TYPE')).toBe(true);
  });
});
