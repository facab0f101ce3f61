import { compile, count, floor, from, lit, signal, sum, upsertKafka } from '@sluice/dsl';
import { trades } from './fixtures/sources';
import { decimalPrices, distinctSymbols, filteredCounts, priceBuckets, rankedSymbols, windowBuckets } from './fixtures/aggregate-constructs';
import { expectGolden } from './golden/expect-golden';

// Issue 20 item 3: aggregates with FILTER, GROUP BY on expressions (and without aggregates), top-N
// with its row number, exact DECIMAL literals. Each has a golden script (planner truth runs them on Flink).

const golden = (s: Parameters<typeof compile>[0][number]): string => compile([s], { flinkVersion: '2.2', project: 'golden' }).text;

describe('aggregates with FILTER (WHERE ...)', () => {
  test('golden: COUNT(*) FILTER and SUM(x) FILTER with an ANDed condition', () => {
    expectGolden('filtered_counts', golden(filteredCounts));
    expect(golden(filteredCounts)).toContain('COUNT(*) FILTER (WHERE `qty` >= 100) AS `big`');
    expect(golden(filteredCounts)).toContain('SUM(`qty`) FILTER (WHERE (`qty` >= 100) AND (`price` > 10)) AS `big_qty`');
  });
  test('two filter() calls are ANDed; the types stay those of the aggregate', () => {
    const q = from(trades).groupBy('symbol').select((r) => ({ n: count().filter(r.qty.gt(1)).filter(r.price.lt(5)) }));
    expect(q.fields['n']).toEqual({ kind: 'BIGINT', nullable: false });
    const text = compile([signal('f2').from(q).to(upsertKafka.sink('x', { key: ['symbol'] }))], { flinkVersion: '2.2' }).text;
    expect(text).toContain('COUNT(*) FILTER (WHERE (`qty` > 1) AND (`price` < 5)) AS `n`');
  });
  test('refused: a non-boolean condition, an aggregate inside it, a filter on an OVER aggregate', () => {
    expect(() => from(trades).groupBy('symbol').select((r) => ({ n: count().filter(r.qty as never) }))).toThrow(expect.objectContaining({ code: 'DSL_TYPE_MISMATCH' }) as Error);
    expect(() => from(trades).groupBy('symbol').select((r) => ({ n: count().filter(sum(r.qty).gt(1)) }))).toThrow(expect.objectContaining({ code: 'DSL_NESTED_AGGREGATE' }) as Error);
  });
});

describe('GROUP BY on expressions, and without aggregates', () => {
  test('golden: the key expressions are selected first and grouped by', () => {
    expectGolden('price_buckets', golden(priceBuckets));
    expect(golden(priceBuckets)).toContain('SELECT\n  `symbol`,\n  FLOOR(`price`) AS `bucket`,\n  COUNT(*) AS `n`,\n  SUM(`qty`) AS `qty`\nFROM `trades`\nGROUP BY `symbol`, FLOOR(`price`)');
    expect(priceBuckets.query.fields['bucket']).toEqual({ kind: 'DOUBLE', nullable: true });
    expect(priceBuckets.query.changelog).toBe('update');
  });
  test('golden: in a window, the key expressions follow window_start/window_end (append-only)', () => {
    expectGolden('window_buckets', golden(windowBuckets));
    expect(golden(windowBuckets)).toContain('GROUP BY `window_start`, `window_end`, FLOOR(`price`)');
    expect(Object.keys(windowBuckets.query.fields)).toEqual(['window_start', 'window_end', 'bucket', 'n', 'big']);
    expect(windowBuckets.query.changelog).toBe('append');
  });
  test('golden: keys() (or select(() => ({}))) is a GROUP BY with no aggregate', () => {
    expectGolden('distinct_symbols', golden(distinctSymbols));
    expect(golden(distinctSymbols)).toContain('SELECT\n  `symbol`\nFROM `trades`\nGROUP BY `symbol`');
    const viaSelect = from(trades).groupBy('symbol').select(() => ({}));
    expect(Object.keys(viaSelect.fields)).toEqual(['symbol']);
  });
  test('refused: an aggregate as a key; a non-key column outside an aggregate', () => {
    expect(() => from(trades).groupBy(() => ({ n: count() })).select(() => ({}))).toThrow(expect.objectContaining({ code: 'DSL_AGGREGATE_NOT_ALLOWED' }) as Error);
    expect(() => from(trades).groupBy((r) => ({ bucket: floor(r.price) })).select((r) => ({ p: r.price }))).toThrow(expect.objectContaining({ code: 'DSL_NOT_GROUPED' }) as Error);
  });
});

describe('top-N with its row number', () => {
  test('golden: ROW_NUMBER() is output as `rank`, filtered on it; keyed by partition + rank, updating', () => {
    expectGolden('ranked_symbols', golden(rankedSymbols));
    expect(golden(rankedSymbols)).toContain('ROW_NUMBER() OVER (ORDER BY `volume` DESC) AS `rank`');
    expect(golden(rankedSymbols)).toContain('WHERE `rank` <= 3;');
    expect(rankedSymbols.query.fields['rank']).toEqual({ kind: 'BIGINT', nullable: false });
    expect(rankedSymbols.query.changelog).toBe('update');
  });
  test('refused: a row number named like an input column', () => {
    expect(() => from(trades).topN({ n: 2, orderBy: { price: 'desc' }, rowNumber: 'qty' })).toThrow(expect.objectContaining({ code: 'DSL_DUPLICATE_NAME' }) as Error);
  });
});

describe('lit.decimal', () => {
  test('golden: CAST(0.908 AS DECIMAL(4, 3)), typed DECIMAL(4, 3) NOT NULL', () => {
    expectGolden('decimal_prices', golden(decimalPrices));
    expect(golden(decimalPrices)).toContain('CAST(0.908 AS DECIMAL(4, 3)) AS `factor`');
    expect(lit.decimal('0.908', 4, 3).type).toEqual({ kind: 'DECIMAL', nullable: false, precision: 4, scale: 3 });
  });
  test.each([
    ['12.345', 4, 3],
    ['0.9081', 4, 3],
    ['1e3', 10, 0],
    ['abc', 4, 2],
    ['1.0', 39, 1],
    ['1.0', 2, 3],
  ])("refuses '%s' as DECIMAL(%d, %d) with DSL_INVALID_LITERAL", (value, p, s) => {
    expect(() => lit.decimal(value, p, s)).toThrow(expect.objectContaining({ code: 'DSL_INVALID_LITERAL' }) as Error);
  });
  test('the refusal names the value', () => {
    expect(() => lit.decimal('12.345', 4, 3)).toThrow("'12.345' does not fit DECIMAL(4, 3)");
  });
});
