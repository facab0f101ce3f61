import {
  Expr, caseWhen, coalesce, compile, from, interval, kafka, lit, quoteIdentifier, quoteString, rawSql, schema, signal, sum, t,
  upsertKafka,
} from '@sluice/dsl';
import type { DataType } from '@sluice/dsl';
import { compileExpr } from '../src/compiler/compile-expr';
import { trades } from './fixtures/sources';
import { volumeBySymbol, vwap1m } from './fixtures/signals';

const sql = (e: Expr<DataType>): string => compileExpr(e.node);
const cols = from(trades).columns();

describe('dialect escaping', () => {
  test('identifiers: backticks, inner backticks doubled', () => {
    expect(quoteIdentifier('a`b')).toBe('`a``b`');
    expect(quoteIdentifier("it's")).toBe("`it's`");
  });
  test('string literals: single quotes, inner quotes doubled', () => {
    expect(quoteString("it's")).toBe("'it''s'");
    expect(sql(lit("O'Brien"))).toBe("'O''Brien'");
  });
  test('a hostile column name cannot break out of its identifier', () => {
    const s = schema({ 'x` FROM t; DROP TABLE y; --': t.string() });
    const src = kafka.source('evil', s, { topic: "t'; DROP" });
    const script = compile([signal('evil_sig').from(src).select((r) => ({ out: r['x` FROM t; DROP TABLE y; --'] })).to(kafka.sink("o'ut"))], { flinkVersion: '2.2' });
    expect(script.text).toContain('`x`` FROM t; DROP TABLE y; --`');
    expect(script.text).toContain("'topic' = 't''; DROP'");
    expect(script.text).toContain("'topic' = 'o''ut'");
  });
});

describe('literals and operators', () => {
  test.each([
    [lit(42), '42'],
    [lit(-7), '-7'],
    [lit(1.5), '1.5E0'],
    [lit(10n), 'CAST(10 AS BIGINT)'],
    [lit(true), 'TRUE'],
    [lit(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6))), "TIMESTAMP '2024-01-02 03:04:05.006'"],
    [interval('5 min'), "INTERVAL '5' MINUTE"],
    [interval('500 ms'), "INTERVAL '0.500' SECOND"],
    [interval('-1 h'), "-INTERVAL '1' HOUR"],
  ] as const)('%#: literal', (e, text) => {
    expect(sql(e as Expr<DataType>)).toBe(text);
  });

  test('precedence is explicit', () => {
    expect(sql(cols.price.plus(cols.qty).times(2))).toBe('(`price` + `qty`) * 2');
    expect(sql(cols.qty.gt(1).and(cols.price.lt(2).or(cols.symbol.eq('A'))))).toBe("(`qty` > 1) AND ((`price` < 2) OR (`symbol` = 'A'))");
    expect(sql(cols.price.isNull().not())).toBe('NOT (`price` IS NULL)');
  });

  test('CASE, COALESCE, CAST, TRY_CAST, raw SQL', () => {
    expect(sql(caseWhen(cols.qty.gt(10), 'big').else('small'))).toBe("CASE WHEN `qty` > 10 THEN 'big' ELSE 'small' END");
    expect(sql(coalesce(cols.price, 0))).toBe('COALESCE(`price`, 0)');
    expect(sql(cols.qty.cast(t.decimal(10, 2)))).toBe('CAST(`qty` AS DECIMAL(10, 2))');
    expect(sql(cols.symbol.tryCast(t.int()))).toBe('TRY_CAST(`symbol` AS INT)');
    expect(sql(rawSql(t.string(), 'UUID()'))).toBe('UUID()');
  });

  test('result types follow Flink: INT / INT is INT, DOUBLE wins, DECIMAL widens', () => {
    expect(lit(7).div(2).type.kind).toBe('INT');
    expect(cols.qty.times(cols.price).type.kind).toBe('DOUBLE');
    const dec = from(kafka.source('d', schema({ a: t.decimal(10, 2), b: t.decimal(5, 1) }), { topic: 'd' })).columns();
    expect(dec.a.times(dec.b).type).toEqual({ kind: 'DECIMAL', nullable: true, precision: 15, scale: 3 });
    expect(sum(dec.a).type).toEqual({ kind: 'DECIMAL', nullable: true, precision: 38, scale: 2 });
  });
});

describe('compile outputs', () => {
  test('topics and schemas the script needs', () => {
    const script = compile([vwap1m, volumeBySymbol], { flinkVersion: '2.2' });
    expect(script.topics.map((tp) => [tp.name, tp.role, tp.compacted, tp.keyFields])).toEqual([
      ['market.trades', 'source', false, ['symbol']],
      ['signals.vwap_1m', 'sink', false, []],
      ['signals.volume_by_symbol', 'sink', true, ['symbol']],
    ]);
    // the source schema holds the physical columns only (no metadata, no computed columns)
    expect(Object.keys(script.schemas[0]?.fields ?? {})).toEqual(['symbol', 'price', 'qty', 'ts_ms']);
    expect(Object.keys(script.outputs['vwap_1m'] ?? {})).toEqual(['window_start', 'window_end', 'symbol', 'vwap', 'volume', 'trades']);
    expect(script.jobs.map((j) => j.name)).toEqual(['sluice.default.vwap_1m', 'sluice.default.volume_by_symbol']);
  });

  test('the Avro codec slot: avro-confluent formats render their registry', () => {
    const src = kafka.source('av', schema({ a: t.string() }), { topic: 'av', format: { kind: 'avro-confluent', registryUrl: 'http://registry:8081' } });
    const script = compile([signal('av_out').from(src).select((r) => ({ a: r.a })).to(upsertKafka.sink('av.out', { key: ['a'], format: 'avro' }))], { flinkVersion: '1.20' });
    expect(script.text).toContain("'value.format' = 'avro-confluent',\n  'value.avro-confluent.url' = 'http://registry:8081'");
    expect(script.text).toContain("'key.format' = 'avro'");
    expect(script.text).toContain('PRIMARY KEY (`a`) NOT ENFORCED');
  });

  test('builders are immutable', () => {
    const base = from(trades);
    const filtered = base.where((r) => r.qty.gt(0));
    expect(base.state.where).toHaveLength(0);
    expect(filtered.state.where).toHaveLength(1);
    expect(Object.isFrozen(filtered.state)).toBe(true);
  });
});
