import { compile, from, hop, kafka, schema, signal, sinkChangelogOf, t, toTimestampLtz } from '../../src/index';
import type { Fields, Query } from '../../src/index';
import { INDICATOR_UDAFS, indicators } from '../../src/indicators';

const Tick = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), venue: t.string(), ts_ms: t.bigint() });
const ticks = kafka.source('ticks', Tick, { topic: 'market.ticks', computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' } });
const noTime = kafka.source('raw_ticks', Tick, { topic: 'market.raw' });

function insertOf<F extends Fields>(q: Query<F>): string {
  const script = compile([signal('ind').from(q).to(kafka.sink('out'))], { flinkVersion: '2.2' });
  const insert = script.statements.find((s) => s.kind === 'insert');
  return insert?.sql ?? '';
}

const W = 'OVER (PARTITION BY `symbol` ORDER BY `ts` ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)';

describe('indicator SQL', () => {
  test('ema calls the SLUICE_EMA UDAF over an unbounded ROWS window and keeps every input column', () => {
    expect(insertOf(indicators.ema(ticks, { value: 'price', period: 12, by: 'symbol', as: 'ema12' }))).toBe(
      [
        'INSERT INTO `ind_sink` (`symbol`, `price`, `qty`, `venue`, `ts_ms`, `ts`, `ema12`)',
        'SELECT',
        '  `symbol`,',
        '  `price`,',
        '  `qty`,',
        '  `venue`,',
        '  `ts_ms`,',
        '  `ts`,',
        `  SLUICE_EMA(\`price\`, 12) ${W} AS \`ema12\``,
        'FROM `ticks`',
      ].join('\n'),
    );
  });

  test('ema -> rsi -> macd with the same window is one SELECT (no nesting)', () => {
    const sql = insertOf(indicators.macd(indicators.rsi(indicators.ema(ticks, { value: 'price', period: 10, by: 'symbol' }), { value: 'price', period: 14, by: 'symbol' }), { value: 'price', by: 'symbol' }));
    expect(sql.match(/SELECT/g)).toHaveLength(1);
    for (const call of ['SLUICE_EMA(`price`, 10)', 'SLUICE_RSI(`price`, 14)', 'SLUICE_MACD(`price`, 12, 26, 9)', 'SLUICE_MACD_SIGNAL(`price`, 12, 26, 9)', 'SLUICE_MACD_HIST(`price`, 12, 26, 9)']) {
      expect(sql).toContain(`${call} ${W}`);
    }
  });

  test('an indicator over a different window nests (Flink: one OVER window per SELECT)', () => {
    const sql = insertOf(indicators.rsi(indicators.bollinger(ticks, { value: 'price', period: 20, by: 'symbol' }), { value: 'price', period: 14, by: 'symbol' }));
    expect(sql.match(/SELECT/g)).toHaveLength(2);
    expect(sql).toContain('(SLUICE_STDDEV_POP(`price`) OVER (PARTITION BY `symbol` ORDER BY `ts` ROWS BETWEEN 19 PRECEDING AND CURRENT ROW) * 2E0');
  });

  test('bollinger and zscore take their deviation from SLUICE_STDDEV_POP (no drift over long runs), and the script registers it', () => {
    const script = compile([signal('z').from(indicators.zscore(ticks, { value: 'price', period: 30, by: 'symbol' })).to(kafka.sink('out'))], { flinkVersion: '2.2' });
    const sql = script.statements.find((st) => st.kind === 'insert')?.sql ?? '';
    const w = 'OVER (PARTITION BY `symbol` ORDER BY `ts` ROWS BETWEEN 29 PRECEDING AND CURRENT ROW)';
    expect(sql).toContain(`AND (SLUICE_STDDEV_POP(\`price\`) ${w} > 0) THEN (\`price\` - AVG(\`price\`) ${w}) / SLUICE_STDDEV_POP(\`price\`) ${w} END AS \`zscore\``);
    expect(sql).not.toMatch(/(?<!SLUICE_)STDDEV_POP/);
    expect(script.udfs).toEqual(['SLUICE_STDDEV_POP']);
  });

  test('an integer value column is cast to DOUBLE (AVG of BIGINT would be BIGINT)', () => {
    expect(insertOf(indicators.sma(ticks, { value: 'qty', period: 5, by: 'symbol' }))).toContain(
      'CASE WHEN COUNT(CAST(`qty` AS DOUBLE)) OVER (PARTITION BY `symbol` ORDER BY `ts` ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) >= 5 THEN AVG(CAST(`qty` AS DOUBLE)) OVER',
    );
  });

  test('vwap and ohlc are window TVF aggregates per key', () => {
    const sql = insertOf(indicators.vwap(ticks, { price: 'price', qty: 'qty', window: '1 min', by: 'symbol' }));
    expect(sql).toContain('SUM(`price` * CAST(`qty` AS DOUBLE)) / SUM(CAST(`qty` AS DOUBLE)) AS `vwap`');
    expect(sql).toContain("FROM TABLE(TUMBLE(TABLE `ticks`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE))");
    expect(sql).toContain('GROUP BY `window_start`, `window_end`, `symbol`');
    const bars = insertOf(indicators.ohlc(ticks, { price: 'price', window: '5 min', by: 'symbol' }));
    expect(bars).toContain('FIRST_VALUE(`price`) AS `open`');
    expect(bars).toContain('CAST(NULL AS DOUBLE) AS `volume`');
  });

  test('countWithin: N events with others allowed between, WITHIN T', () => {
    const sql = insertOf(indicators.countWithin(ticks, { when: (r) => r.price.gt(100), count: 3, within: '5 min', by: 'symbol', last: ['venue'] }));
    expect(sql).toContain("PATTERN (E1 S1*? E2 S2*? E3) WITHIN INTERVAL '5' MINUTE");
    expect(sql).toContain('S1 AS NOT (`price` > 100)');
    expect(sql).toContain('S2 AS NOT (`price` > 100)');
    expect(sql).toContain('LAST(`E3`.`venue`) AS `venue`');
    const strict = insertOf(indicators.countWithin(ticks, { when: (r) => r.price.gt(100), count: 2, within: '1 min', consecutive: true }));
    expect(strict).toContain("PATTERN (E1 E2) WITHIN INTERVAL '1' MINUTE");
  });

  test('heldFor: S C* E with the duration measured from the first row', () => {
    const sql = insertOf(indicators.heldFor(ticks, { condition: (r) => r.price.gt(100), while: (r) => r.venue.eq('X'), duration: '5 min', by: 'symbol' }));
    expect(sql).toContain("PATTERN (S C* E) WITHIN INTERVAL '10' MINUTE");
    expect(sql).toContain("E AS ((`price` > 100) AND (`venue` = 'X')) AND (`ts` >= (LAST(`S`.`ts`) + INTERVAL '5' MINUTE))");
  });

  test('percentile is PERCENTILE(x, p) in a windowed select', () => {
    const q = from(ticks).window(hop('ts', '10 s', '5 min')).groupBy('symbol').select((r) => ({ p95: indicators.percentile(r.price, 0.95), p50q: indicators.percentile(r.qty, 0.5) }));
    const sql = insertOf(q);
    expect(sql).toContain('PERCENTILE(`price`, 9.5E-1) AS `p95`');
    expect(sql).toContain('PERCENTILE(CAST(`qty` AS DOUBLE), 5E-1) AS `p50q`');
  });

  test('the UDAF names match the ones flink-jobs builds', () => {
    expect(INDICATOR_UDAFS).toEqual(['SLUICE_EMA', 'SLUICE_RSI', 'SLUICE_MACD', 'SLUICE_MACD_SIGNAL', 'SLUICE_MACD_HIST', 'SLUICE_STDDEV_POP']);
  });
});

describe('indicator parameters are validated with DSL_ errors', () => {
  const code = (fn: () => unknown): string | undefined => {
    try {
      fn();
    } catch (e) {
      return (e as { code?: string }).code;
    }
    return undefined;
  };

  test('period 0 (or negative, fractional) is DSL_INVALID_PARAMETER', () => {
    expect(code(() => indicators.sma(ticks, { value: 'price', period: 0 }))).toBe('DSL_INVALID_PARAMETER');
    expect(code(() => indicators.ema(ticks, { value: 'price', period: 0 }))).toBe('DSL_INVALID_PARAMETER');
    expect(code(() => indicators.rsi(ticks, { value: 'price', period: -14 }))).toBe('DSL_INVALID_PARAMETER');
    expect(code(() => indicators.bollinger(ticks, { value: 'price', period: 2.5 }))).toBe('DSL_INVALID_PARAMETER');
    expect(code(() => indicators.bollinger(ticks, { value: 'price', period: 20, k: 0 }))).toBe('DSL_INVALID_PARAMETER');
    expect(code(() => indicators.zscore(ticks, { value: 'price', period: 1 }))).toBe('DSL_INVALID_PARAMETER');
    expect(code(() => indicators.roc(ticks, { value: 'price', period: 0 }))).toBe('DSL_INVALID_PARAMETER');
    expect(code(() => indicators.macd(ticks, { value: 'price', fast: 26, slow: 12 }))).toBe('DSL_INVALID_PARAMETER');
    expect(code(() => indicators.macd(ticks, { value: 'price', signal: 0 }))).toBe('DSL_INVALID_PARAMETER');
    expect(code(() => indicators.countWithin(ticks, { when: (r) => r.price.gt(1), count: 1, within: '1 min' }))).toBe('DSL_INVALID_PARAMETER');
    expect(code(() => indicators.heldFor(ticks, { condition: (r) => r.price.gt(1), duration: '0 s' }))).toBe('DSL_INVALID_PARAMETER');
  });

  test('percentile outside 0..1 or of a string is a DSL_ error', () => {
    expect(code(() => from(ticks).groupBy('symbol').select((r) => ({ p: indicators.percentile(r.price, 1.5) })))).toBe('DSL_INVALID_PARAMETER');
    expect(code(() => from(ticks).groupBy('symbol').select((r) => ({ p: indicators.percentile(r.venue as never, 0.5) })))).toBe('DSL_TYPE_MISMATCH');
  });

  test('an unknown column is DSL_UNKNOWN_COLUMN', () => {
    const bad = 'prize' as 'price';
    expect(code(() => indicators.ema(ticks, { value: bad, period: 5 }))).toBe('DSL_UNKNOWN_COLUMN');
    expect(code(() => indicators.rsi(ticks, { value: 'price', period: 5, by: 'sym' as 'symbol' }))).toBe('DSL_UNKNOWN_COLUMN');
    expect(code(() => indicators.vwap(ticks, { price: 'price', qty: 'quantity' as 'qty', window: '1 min' }))).toBe('DSL_UNKNOWN_COLUMN');
    expect(code(() => indicators.countWithin(ticks, { when: (r) => r.price.gt(1), count: 3, within: '1 min', last: ['nope' as 'venue'] }))).toBe('DSL_UNKNOWN_COLUMN');
  });

  test('a non-numeric value column is DSL_TYPE_MISMATCH', () => {
    expect(code(() => indicators.sma(ticks, { value: 'venue', period: 5 }))).toBe('DSL_TYPE_MISMATCH');
    expect(code(() => indicators.macd(ticks, { value: 'symbol' }))).toBe('DSL_TYPE_MISMATCH');
    expect(code(() => indicators.rollingVwap(ticks, { price: 'venue', qty: 'qty', range: '1 min' }))).toBe('DSL_TYPE_MISMATCH');
  });

  test('no time attribute, a bad duration, a clashing output name', () => {
    expect(code(() => indicators.ema(noTime, { value: 'price', period: 5 }))).toBe('DSL_WATERMARK_REQUIRED');
    expect(code(() => indicators.ema(ticks, { value: 'price', period: 5, time: 'ts_ms' }))).toBe('DSL_WATERMARK_REQUIRED');
    expect(code(() => indicators.rollingVwap(ticks, { price: 'price', qty: 'qty', range: 'soon' }))).toBe('DSL_INVALID_DURATION');
    expect(code(() => indicators.sma(ticks, { value: 'price', period: 5, as: 'qty' }))).toBe('DSL_DUPLICATE_NAME');
    expect(code(() => indicators.sma(indicators.sma(ticks, { value: 'price', period: 5 }), { value: 'price', period: 9 }))).toBe('DSL_DUPLICATE_NAME');
  });

  test('absent: a SESSION window per key with the silence as its gap, one row per silence', () => {
    expect(insertOf(indicators.absent(ticks, { by: 'symbol', for: '1 min' }))).toBe(
      [
        'INSERT INTO `ind_sink` (`window_start`, `window_end`, `symbol`, `last_seen`, `events`)',
        'SELECT',
        '  `window_start`,',
        '  `window_end`,',
        '  `symbol`,',
        '  MAX(`ts`) AS `last_seen`,',
        '  COUNT(*) AS `events`',
        "FROM TABLE(SESSION(TABLE `ticks` PARTITION BY `symbol`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE))",
        'GROUP BY `window_start`, `window_end`, `symbol`',
      ].join('\n'),
    );
    expect(code(() => indicators.absent(ticks, { by: [] as never[], for: '1 min' }))).toBe('DSL_INVALID_PARAMETER');
    expect(code(() => indicators.absent(ticks, { by: 'symbol', for: 'soon' }))).toBe('DSL_INVALID_DURATION');
    expect(code(() => indicators.absent(noTime, { by: 'symbol', for: '1 min' }))).toBe('DSL_WATERMARK_REQUIRED');
  });

  test('notFollowedBy: a LEFT interval join keeping the rows nothing answered within the time, append-only', () => {
    const fills = kafka.source('fills', schema({ symbol: t.string(), qty: t.bigint(), ts_ms: t.bigint() }), { topic: 'fills', computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' } });
    const q = indicators.notFollowedBy(ticks, fills, { on: (a, b) => a.symbol.eq(b.symbol), time: ['ts', 'ts'], within: '10 min' });
    expect(insertOf(q)).toBe(
      [
        'INSERT INTO `ind_sink` (`symbol`, `price`, `qty`, `venue`, `ts_ms`, `ts`)',
        'SELECT',
        '  `l`.`symbol` AS `symbol`,',
        '  `l`.`price` AS `price`,',
        '  `l`.`qty` AS `qty`,',
        '  `l`.`venue` AS `venue`,',
        '  `l`.`ts_ms` AS `ts_ms`,',
        '  `l`.`ts` AS `ts`',
        'FROM `ticks` AS `l`',
        'LEFT JOIN `fills` AS `r`',
        "  ON (`l`.`symbol` = `r`.`symbol`) AND (`r`.`ts` BETWEEN (`l`.`ts` + INTERVAL '0' SECOND) AND (`l`.`ts` + INTERVAL '10' MINUTE))",
        'WHERE `r`.`ts` IS NULL',
      ].join('\n'),
    );
    expect(sinkChangelogOf(signal('nf').from(q).to(kafka.sink('out')))).toBe('append');
    expect(code(() => indicators.notFollowedBy(ticks, fills, { on: (a, b) => a.symbol.eq(b.symbol), time: ['ts', 'ts'], within: '0 s' }))).toBe('DSL_INVALID_DURATION');
    expect(code(() => indicators.notFollowedBy(ticks, fills, { on: (a, b) => a.symbol.eq(b.symbol), time: ['ts', 'nope' as 'ts'], within: '1 min' }))).toBe('DSL_UNKNOWN_COLUMN');
  });
});

