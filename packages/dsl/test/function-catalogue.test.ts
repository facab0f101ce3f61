import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_CATALOGUE, compile, fn, from, kafka, lit, signal, sum, t } from '@sluice/dsl';
import type { DataType, Expr, OfferedFunction } from '@sluice/dsl';
import { compileExpr } from '../src/compiler/compile-expr';
import { renderFunctions } from '../src/functions/render-functions';
import { exampleSql } from '../src/functions/render-functions';
import { trades } from './fixtures/sources';

const sql = (e: Expr<DataType>): string => compileExpr(e.node);
const r = from(trades).columns();
const offered = FUNCTION_CATALOGUE.filter((e): e is OfferedFunction => e.status === 'offered');

describe('function catalogue', () => {
  test('generated.ts is what scripts/gen-dsl-functions.js renders from the catalogue', () => {
    const committed = readFileSync(join(__dirname, '..', 'src', 'functions', 'generated.ts'), 'utf8');
    expect(committed).toBe(renderFunctions());
  });

  test('one row per Flink name; every offered row has its fn function and a compilable example', () => {
    const names = FUNCTION_CATALOGUE.map((e) => e.flink);
    expect(new Set(names).size).toBe(names.length);
    const dslNames = offered.map((e) => e.dsl);
    expect(new Set(dslNames).size).toBe(dslNames.length);
    for (const e of offered) {
      expect(typeof (fn as Record<string, unknown>)[e.dsl]).toBe('function');
      expect(exampleSql(e)).toContain(e.flink === 'CAST' || e.flink === 'TRY_CAST' ? e.flink : e.flink.split(' ')[0]);
    }
    expect(offered.length).toBe(172);
    expect(FUNCTION_CATALOGUE.length).toBe(193);
  });

  test('the README gives the counts, every offered DSL name and every function not offered', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(`**Offered: ${offered.length} of ${FUNCTION_CATALOGUE.length} documented**`);
    for (const e of FUNCTION_CATALOGUE) if (e.status === 'not-offered') expect(readme).toContain(`\`${e.flink.split(' ')[0] ?? e.flink}`);
    for (const e of offered) expect(readme).toContain(`\`${e.dsl}\``);
  });

  test.each([
    [fn.regexpExtract(r.symbol, '^([A-Z]+)-', 1), "REGEXP_EXTRACT(`symbol`, '^([A-Z]+)-', 1)"],
    [fn.regexpExtract(r.symbol, "it's"), "REGEXP_EXTRACT(`symbol`, 'it''s')"],
    [fn.splitIndex(r.symbol, ',', 0), "SPLIT_INDEX(`symbol`, ',', 0)"],
    [fn.replace(r.symbol, 'A', 'B'), "REPLACE(`symbol`, 'A', 'B')"],
    [fn.concat(r.symbol, '-', fn.md5(r.symbol)), "CONCAT(`symbol`, '-', MD5(`symbol`))"],
    [fn.timestampAdd('MINUTE', 5, r.ts), 'TIMESTAMPADD(MINUTE, 5, `ts`)'],
    [fn.currentDate(), 'CURRENT_DATE'],
    [fn.now(), 'NOW()'],
    [fn.if(r.price.gt(10), r.price, 0.5), 'IF(`price` > 10, `price`, 5E-1)'],
    [fn.greatest(r.qty, r.ts_ms, 0n), 'GREATEST(`qty`, `ts_ms`, CAST(0 AS BIGINT))'],
    [fn.jsonValue(r.symbol, '$.a'), "JSON_VALUE(`symbol`, '$.a')"],
    [fn.arrayJoin(fn.split(r.symbol, ','), '|'), "ARRAY_JOIN(SPLIT(`symbol`, ','), '|')"],
    [fn.truncate(lit.decimal('42.324', 5, 3), 2), 'TRUNCATE(CAST(42.324 AS DECIMAL(5, 3)), 2)'],
    [fn.listagg(r.symbol, ';').filter(r.qty.gt(1)), "LISTAGG(`symbol`, ';') FILTER (WHERE `qty` > 1)"],
    [fn.percentile(r.price, 0.9), 'PERCENTILE(`price`, 9E-1)'],
    [fn.upper(r.symbol), 'UPPER(`symbol`)'],
  ])('%#: %s', (e, text) => {
    expect(sql(e as Expr<DataType>)).toBe(text);
  });

  test('result types follow the rows: NULL rules and derived types', () => {
    expect(fn.regexpExtract(r.symbol, 'x').type).toEqual({ kind: 'STRING', nullable: true });
    expect(fn.lpad(r.symbol, 4, '?').type).toEqual({ kind: 'STRING', nullable: false });
    expect(fn.lpad(r.symbol, 4, fn.regexpExtract(r.symbol, 'x')).type.nullable).toBe(true);
    expect(fn.ifnull(r.price, 0.0).type).toEqual({ kind: 'DOUBLE', nullable: false });
    expect(fn.arrayMax(fn.split(r.symbol, ',').cast(t.array(t.int()))).type).toEqual({ kind: 'INT', nullable: true });
    expect(fn.mapKeys(fn.strToMap(r.symbol)).type).toEqual({ kind: 'ARRAY', nullable: true, element: { kind: 'STRING', nullable: true } });
    expect(fn.timestampAdd('DAY', 1, r.ts).type).toEqual({ kind: 'TIMESTAMP_LTZ', nullable: true, precision: 3 });
    expect(fn.timestampAdd('DAY', 1, new Date(0)).type).toEqual({ kind: 'TIMESTAMP', nullable: false, precision: 3 });
    expect(fn.arrayAgg(r.symbol).type).toEqual({ kind: 'ARRAY', nullable: false, element: { kind: 'STRING', nullable: false } });
  });

  test('wrong arguments are DSL errors with the function named', () => {
    expect(() => fn.regexpExtract(r.price as never, 'x')).toThrow(expect.objectContaining({ code: 'DSL_TYPE_MISMATCH', message: expect.stringContaining('REGEXP_EXTRACT') }));
    expect(() => fn.timestampAdd('DECADE' as never, 1, r.ts)).toThrow(expect.objectContaining({ code: 'DSL_INVALID_ARGUMENT' }));
    expect(() => fn.greatest(r.price, 'a' as never)).toThrow(expect.objectContaining({ code: 'DSL_TYPE_MISMATCH' }));
    expect(() => fn.arrayContains(fn.split(r.symbol, ','), 1 as never)).toThrow(expect.objectContaining({ code: 'DSL_TYPE_MISMATCH' }));
    expect(() => fn.listagg(fn.regexpExtract(r.symbol, 'x').concat(sum(r.qty).cast(t.string())))).toThrow(expect.objectContaining({ code: 'DSL_NESTED_AGGREGATE' }));
  });

  test('a signal selects catalogue functions; its output types carry their NULL rules', () => {
    const s = signal('fn_demo')
      .from(trades)
      .select((c) => ({ base: fn.regexpExtract(c.symbol, '^([A-Z]+)', 1), padded: fn.lpad(c.symbol, 6, '_'), day: fn.dayofmonth(c.ts) }))
      .to(kafka.sink('fn.demo'));
    const text = compile([s], { flinkVersion: '2.2' }).text;
    expect(text).toContain("REGEXP_EXTRACT(`symbol`, '^([A-Z]+)', 1) AS `base`");
    expect(text).toContain("LPAD(`symbol`, 6, '_') AS `padded`");
    expect(text).toContain('DAYOFMONTH(`ts`) AS `day`');
    expect(s.query.fields).toEqual({ base: { kind: 'STRING', nullable: true }, padded: { kind: 'STRING', nullable: false }, day: { kind: 'BIGINT', nullable: true } });
  });
});
