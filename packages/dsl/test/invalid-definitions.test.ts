import { isSluiceError } from '@sluice/errors';
import type { DataType, Expr, Query, Fields, Signal } from '@sluice/dsl';
import {
  avg, compile, count, firstValue, from, interval, kafka, lag, lit, overWindow, rawQuery, schema, session, signal, sum, t,
  jdbc, toTimestampLtz, tumble, upsertKafka,
} from '@sluice/dsl';
import { CustomerRow, customers, customersDb, logins, orders, ordersPt, rates, shipments, trades, tradesNoWatermark } from './fixtures/sources';
import { hopVolume, vwap1m } from './fixtures/signals';

// Each invalid definition must fail with its DSL_ code and a message naming the signal and the field;
// none may surface as a raw TypeError.

interface Case {
  readonly name: string;
  readonly code: string;
  readonly signal: string;
  readonly field: string;
  readonly run: () => unknown;
}

/** Escapes the type checker for definitions TS would already reject (JS callers can still write them). */
function loose<T>(value: unknown): T {
  return value as T;
}
type AnyCols = Record<string, Expr<DataType>>;

const sink = kafka.sink('out');

const CASES: Case[] = [
  { name: 'event-time window without a watermark', code: 'DSL_WATERMARK_REQUIRED', signal: 'w1', field: 'ts',
    run: () => signal('w1').from(tradesNoWatermark).window(tumble('ts', '1 min')) },
  { name: 'updating query into an append-only sink', code: 'DSL_APPEND_SINK_UPDATES', signal: 'u1', field: 'out',
    run: () => compile([signal('u1').from(trades).groupBy('symbol').select((r) => ({ n: count(r.qty) })).to(sink)], { flinkVersion: '2.2' }) },
  { name: 'different OVER windows in one select', code: 'DSL_OVER_WINDOW_MISMATCH', signal: 'o1', field: 'b',
    run: () => signal('o1').from(trades).select((r) => ({
      a: avg(r.price).over(overWindow({ partitionBy: r.symbol, orderBy: r.ts, rows: 2 })),
      b: avg(r.price).over(overWindow({ partitionBy: r.symbol, orderBy: r.ts, rows: 5 })),
    })) },
  { name: 'timestamp minus timestamp', code: 'DSL_TIMESTAMP_MINUS', signal: 'tm', field: 'ts',
    run: () => signal('tm').from(trades).select((r) => ({ d: loose<{ minus(o: unknown): Expr<DataType> }>(r.ts).minus(r.ingested_at) })) },
  { name: 'MATCH_RECOGNIZE without WITHIN on a stream', code: 'DSL_MATCH_WITHIN_REQUIRED', signal: 'm1', field: 'within',
    run: () => signal('m1').from(logins).match({ orderBy: 'ts', define: { F: (e) => e.success.eq(false) }, pattern: (p) => p.F.times(3), measures: (m) => ({ at: m.F.last('ts') }) }) },
  { name: 'unknown column in select', code: 'DSL_UNKNOWN_COLUMN', signal: 'c1', field: 'nope',
    run: () => signal('c1').from(trades).select((r) => ({ x: loose<AnyCols>(r)['nope'] as Expr<DataType> })) },
  { name: 'unknown column in groupBy', code: 'DSL_UNKNOWN_COLUMN', signal: 'c2', field: 'nope',
    run: () => signal('c2').from(trades).groupBy(loose<'symbol'>('nope')) },
  { name: 'unknown column in where', code: 'DSL_UNKNOWN_COLUMN', signal: 'c3', field: 'pric',
    run: () => signal('c3').from(trades).where((r) => (loose<AnyCols>(r)['pric'] as Expr<DataType>).eq(loose<never>(1))) },
  { name: 'string compared with a number', code: 'DSL_TYPE_MISMATCH', signal: 'tm1', field: 'symbol',
    run: () => signal('tm1').from(trades).where((r) => r.symbol.eq(loose<string>(5))) },
  { name: 'arithmetic on a string', code: 'DSL_TYPE_MISMATCH', signal: 'tm2', field: 'symbol',
    run: () => signal('tm2').from(trades).select((r) => ({ x: loose<{ times(o: number): Expr<DataType> }>(r.symbol).times(2) })) },
  { name: 'SUM of a string', code: 'DSL_TYPE_MISMATCH', signal: 'tm3', field: 'symbol',
    run: () => signal('tm3').from(trades).groupBy('symbol').select((r) => ({ s: sum(loose<Expr<never>>(r.symbol)) })) },
  { name: 'where() that is not a condition', code: 'DSL_TYPE_MISMATCH', signal: 'tm4', field: 'where',
    run: () => signal('tm4').from(trades).where(loose(() => lit(1))) },
  { name: 'two signals with one name', code: 'DSL_DUPLICATE_NAME', signal: 'vwap_1m', field: 'name',
    run: () => compile([vwap1m, vwap1m], { flinkVersion: '2.2' }) },
  { name: 'output column equal to a group column', code: 'DSL_DUPLICATE_NAME', signal: 'd1', field: 'symbol',
    run: () => signal('d1').from(trades).window(tumble('ts', '1 min')).groupBy('symbol').select((r) => ({ symbol: count(r.qty) })) },
  { name: 'computed column named like a schema column', code: 'DSL_DUPLICATE_NAME', signal: 'dup_src', field: 'price',
    run: () => kafka.source('dup_src', schema({ price: t.double() }), { topic: 'x', computed: (r) => ({ price: r.price.times(2) }) }) },
  { name: 'two different sources with one name', code: 'DSL_DUPLICATE_NAME', signal: 'd3', field: 'trades',
    run: () => compile([
      signal('d2').from(trades).select((r) => ({ s: r.symbol })).to(kafka.sink('a')),
      signal('d3').from(kafka.source('trades', schema({ s: t.string() }), { topic: 'other' })).select((r) => ({ s: r.s })).to(kafka.sink('b')),
    ], { flinkVersion: '2.2' }) },
  { name: 'measure named like a partition column', code: 'DSL_DUPLICATE_NAME', signal: 'd4', field: 'user_id',
    run: () => signal('d4').from(logins).match({ partitionBy: ['user_id'], orderBy: 'ts', within: '1 min', define: { F: (e) => e.success.eq(false) }, pattern: (p) => p.F, measures: (m) => ({ user_id: m.F.last('ip') }) }) },
  { name: 'column neither grouped nor aggregated', code: 'DSL_NOT_GROUPED', signal: 'g1', field: 'p',
    run: () => signal('g1').from(trades).groupBy('symbol').select((r) => ({ p: r.price })) },
  { name: 'FIRST_VALUE in a session window', code: 'DSL_AGGREGATE_NOT_MERGEABLE', signal: 's1', field: 'first',
    run: () => signal('s1').from(trades).window(session('ts', '5 min')).select((r) => ({ first: firstValue(r.price) })) },
  { name: 'LAG with a ROWS frame', code: 'DSL_LAG_FRAME', signal: 'l1', field: 'price',
    run: () => signal('l1').from(trades).select((r) => ({ p: lag(r.price).over(overWindow({ orderBy: r.ts, rows: 3 })) })) },
  { name: 'OVER ordered by a plain column', code: 'DSL_OVER_ORDER_NOT_TIME', signal: 'o2', field: 'ts_ms',
    run: () => signal('o2').from(trades).select((r) => ({ a: avg(r.price).over(overWindow({ orderBy: r.ts_ms, rows: 2 })) })) },
  { name: 'OVER mixed with GROUP BY', code: 'DSL_OVER_WITH_GROUP_BY', signal: 'o3', field: 'a',
    run: () => signal('o3').from(trades).groupBy('symbol').select((r) => ({ a: avg(r.price).over(overWindow({ orderBy: r.ts })) })) },
  { name: 'aggregate in where', code: 'DSL_AGGREGATE_NOT_ALLOWED', signal: 'a1', field: 'where',
    run: () => signal('a1').from(trades).where(() => count().gt(1)) },
  { name: 'upsert sink without a key', code: 'DSL_UPSERT_KEY_REQUIRED', signal: 'k1', field: 'out',
    run: () => compile([signal('k1').from(rawQuery('r', { a: t.string() }, 'SELECT 1', { changelog: 'update' })).to(upsertKafka.sink('out'))], { flinkVersion: '2.2' }) },
  { name: 'upsert sink key that is not an output column', code: 'DSL_UNKNOWN_COLUMN', signal: 'k2', field: 'nope',
    run: () => compile([signal('k2').from(trades).groupBy('symbol').select((r) => ({ n: count(r.qty) })).to(upsertKafka.sink('out', { key: ['nope'] }))], { flinkVersion: '2.2' }) },
  { name: 'two event-time attributes into one sink', code: 'DSL_MULTIPLE_ROWTIME', signal: 'r1', field: 'b_ts',
    run: () => compile([signal('r1').from(orders).intervalJoin(shipments, { on: (l, r) => l.order_id.eq(r.order_id), time: ['ts', 'ts'], between: ['0 s', '1 h'] }).select((l, r) => ({ a_ts: l.ts, b_ts: r.ts })).to(sink)], { flinkVersion: '2.2' }) },
  { name: 'MATCH_RECOGNIZE ordered by a column without watermark', code: 'DSL_WATERMARK_REQUIRED', signal: 'm2', field: 'ts',
    run: () => signal('m2').from(tradesNoWatermark).match({ orderBy: 'ts', within: '1 min', define: { A: (e) => e.qty.gt(1) }, pattern: (p) => p.A, measures: (m) => ({ x: m.A.last('price') }) }) },
  { name: 'pattern ending in a greedy optional', code: 'DSL_MATCH_GREEDY_END', signal: 'm3', field: 'pattern',
    run: () => signal('m3').from(logins).match({ orderBy: 'ts', within: '1 min', define: { A: (e) => e.success, B: (e) => e.success.not() }, pattern: (p) => [p.A, p.B.zeroOrMore()], measures: (m) => ({ x: m.A.last('ip') }) }) },
  { name: 'MATCH_RECOGNIZE on an updating input', code: 'DSL_MATCH_ON_UPDATES', signal: 'm4', field: 'match',
    run: () => signal('m4').from(rates).match({ orderBy: 'ts', within: '1 min', define: { A: (e) => e.rate.isNotNull() }, pattern: (p) => p.A, measures: (m) => ({ x: m.A.last('rate') }) }) },
  { name: 'window on an updating input', code: 'DSL_WINDOW_ON_UPDATES', signal: 'w2', field: 'ts',
    run: () => signal('w2').from(rates).window(tumble('ts', '1 min')) },
  { name: 'interval join without watermarks', code: 'DSL_WATERMARK_REQUIRED', signal: 'j1', field: 'ts',
    run: () => signal('j1').from(tradesNoWatermark).intervalJoin(tradesNoWatermark, { on: (l, r) => l.symbol.eq(r.symbol), time: ['ts', 'ts'], between: ['0 s', '1 min'] }) },
  { name: 'temporal join against an append-only table', code: 'DSL_TEMPORAL_NOT_VERSIONED', signal: 'j2', field: 'shipments',
    run: () => signal('j2').from(orders).temporalJoin(shipments, { on: (l, r) => l.order_id.eq(r.order_id), asOf: 'ts' }) },
  { name: 'temporal join on a processing column', code: 'DSL_WATERMARK_REQUIRED', signal: 'j3', field: 'ts',
    run: () => signal('j3').from(tradesNoWatermark).temporalJoin(rates, { on: (l, r) => l.symbol.eq(r.currency), asOf: 'ts' }) },
  { name: 'UNION ALL of different columns', code: 'DSL_UNION_MISMATCH', signal: 'un1', field: 'b',
    run: () => signal('un1').from(from(trades).select((r) => ({ a: r.symbol }))).unionAll(loose<never>(from(trades).select((r) => ({ b: r.symbol })))) },
  { name: 'UNION ALL of different types', code: 'DSL_UNION_MISMATCH', signal: 'un2', field: 'a',
    run: () => signal('un2').from(from(trades).select((r) => ({ a: r.symbol }))).unionAll(loose<never>(from(trades).select((r) => ({ a: r.qty })))) },
  { name: 'a duration that is not one', code: 'DSL_INVALID_DURATION', signal: 'du1', field: 'tumble size',
    run: () => signal('du1').from(trades).window(tumble('ts', '5 parsecs')) },
  { name: 'an interval literal that is not one, inside select', code: 'DSL_INVALID_DURATION', signal: 'du2', field: 'interval',
    run: () => signal('du2').from(trades).select((r) => ({ x: r.ts.plus(interval('soon')) })) },
  { name: 'event-time column that is not a timestamp', code: 'DSL_TYPE_MISMATCH', signal: 'bad_et', field: 'ts_ms',
    run: () => kafka.source('bad_et', schema({ ts_ms: t.bigint() }), { topic: 'x', eventTime: { column: loose<never>('ts_ms'), watermark: '1 s' } }) },
  { name: 'event-time column that does not exist', code: 'DSL_UNKNOWN_COLUMN', signal: 'bad_et2', field: 'when',
    run: () => kafka.source('bad_et2', schema({ ts_ms: t.bigint() }), { topic: 'x', computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: loose<'ts'>('when'), watermark: '1 s' } }) },
  { name: 'upsert-kafka source without primary key', code: 'DSL_PRIMARY_KEY_REQUIRED', signal: 'nopk', field: 'primaryKey',
    run: () => upsertKafka.source('nopk', schema({ a: t.string() }), { topic: 'x', primaryKey: [] }) },
  { name: 'a signal name with a space', code: 'DSL_INVALID_NAME', signal: 'bad name', field: 'name',
    run: () => signal('bad name') },
  { name: 'select value that is undefined', code: 'DSL_INVALID_EXPRESSION', signal: 'e1', field: 'x',
    run: () => signal('e1').from(trades).select(() => ({ x: loose<Expr<DataType>>(undefined) })) },
  { name: 'a callback that throws a TypeError', code: 'DSL_INVALID_EXPRESSION', signal: 'e2', field: 'select',
    run: () => signal('e2').from(trades).select(() => loose<{ x: Expr<DataType> }>(loose<{ x: { y: number } }>(undefined).x.y)) },
  { name: 'parallelism 0', code: 'DSL_INVALID_SETTING', signal: 'p0', field: 'parallelism',
    run: () => signal('p0', { parallelism: 0 }) },
  { name: 'a tuning that is neither throughput nor latency', code: 'DSL_INVALID_SETTING', signal: 'tu', field: 'tuning',
    run: () => signal('tu', { tuning: loose<'latency'>('fast') }) },
  { name: 'a Flink option key with a quote', code: 'DSL_INVALID_SETTING', signal: 'fo1', field: 'flinkOptions',
    run: () => signal('fo1', { flinkOptions: { "pipeline.name' = 'x": 'y' } }) },
  { name: 'pipeline.name among the Flink options', code: 'DSL_INVALID_SETTING', signal: 'fo2', field: 'flinkOptions',
    run: () => signal('fo2', { flinkOptions: { 'pipeline.name': 'other' } }) },
  { name: 'statement set with conflicting settings', code: 'DSL_SETTINGS_CONFLICT', signal: 'hop_volume', field: 'parallelism',
    run: () => compile([vwap1m, signal('hop_volume', { parallelism: 3 }).from(trades).select((r) => ({ s: r.symbol })).to(kafka.sink('x'))], { flinkVersion: '2.2', jobs: 'statement-set' }) },
  { name: 'unsupported Flink version', code: 'DSL_UNSUPPORTED_VERSION', signal: '(compile)', field: 'flinkVersion',
    run: () => compile([hopVolume], loose({ flinkVersion: '1.9' })) },
  { name: 'top-N with n = 0', code: 'DSL_INVALID_OPTION', signal: 'tn', field: 'n',
    run: () => signal('tn').from(trades).topN({ n: 0, orderBy: { price: 'desc' } }) },
  { name: 'deduplication ordered by a plain column', code: 'DSL_WATERMARK_REQUIRED', signal: 'dd', field: 'qty',
    run: () => signal('dd').from(trades).deduplicate({ partitionBy: ['symbol'], orderBy: 'qty', keep: 'first' }) },
  { name: 'sink table named like a source', code: 'DSL_DUPLICATE_NAME', signal: 'st', field: 'trades',
    run: () => compile([signal('st').from(trades).select((r) => ({ s: r.symbol })).to(kafka.sink('x', { table: 'trades' }))], { flinkVersion: '2.2' }) },
  { name: 'regular join of an unknown right column', code: 'DSL_UNKNOWN_COLUMN', signal: 'rj', field: 'idd',
    run: () => signal('rj').from(orders).join(customers, (l, r) => l.customer_id.eq(loose<AnyCols>(r)['idd'] as Expr<never>)) },
  { name: 'lookup join whose probe side has no processing-time attribute', code: 'DSL_PROCTIME_REQUIRED', signal: 'lk1', field: 'ts',
    run: () => signal('lk1').from(orders).lookupJoin(customersDb, { on: (l, r) => l.customer_id.eq(r.id), proctime: 'ts' }) },
  { name: 'lookup join on a column that is not the primary key', code: 'DSL_LOOKUP_KEY_MISMATCH', signal: 'lk2', field: 'id',
    run: () => signal('lk2').from(ordersPt).lookupJoin(customersDb, { on: (l, r) => l.currency.eq(r.tier), proctime: 'proc_time' }) },
  { name: 'lookup join key of another type than the primary key', code: 'DSL_TYPE_MISMATCH', signal: 'lk3', field: 'id',
    run: () => signal('lk3').from(ordersPt).lookupJoin(customersDb, { on: (l, r) => l.amount.eq(r.id), proctime: 'proc_time' }) },
  { name: 'lookup join against a source that cannot be looked up', code: 'DSL_LOOKUP_NOT_SUPPORTED', signal: 'lk4', field: 'customers',
    run: () => signal('lk4').from(ordersPt).lookupJoin(customers, { on: (l, r) => l.customer_id.eq(r.id), proctime: 'proc_time' }) },
  { name: 'lookup join against a filtered dimension query', code: 'DSL_LOOKUP_NOT_SUPPORTED', signal: 'lk5', field: 'customers_db',
    run: () => signal('lk5').from(ordersPt).lookupJoin(loose<typeof customersDb>(from(customersDb).where((r) => r.id.gt(0))), { on: (l, r) => l.customer_id.eq(r.id), proctime: 'proc_time' }) },
  { name: 'JDBC source without a primary key', code: 'DSL_PRIMARY_KEY_REQUIRED', signal: 'dim1', field: 'primaryKey',
    run: () => jdbc.source('dim1', CustomerRow, loose<never>({ url: 'jdbc:postgresql://db:5432/shop', primaryKey: [] })) },
  { name: 'JDBC lookup cache without maxRows', code: 'DSL_INVALID_OPTION', signal: 'dim3', field: 'cache.maxRows',
    run: () => jdbc.source('dim3', CustomerRow, { url: 'jdbc:postgresql://db:5432/shop', primaryKey: ['id'], cache: loose<never>({ expireAfterWrite: '1 min' }) }) },
  { name: 'JDBC url carrying credentials', code: 'DSL_INVALID_OPTION', signal: 'dim2', field: 'url',
    run: () => jdbc.source('dim2', CustomerRow, { url: 'jdbc:postgresql://db:5432/shop?user=a&password=hunter22', primaryKey: ['id'] }) },
];

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('invalid definitions fail at compile time with a DSL_ code naming signal and field', () => {
  test('there are at least 30 of them', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const error = catchError(c.run);
    expect(error).toBeDefined();
    expect(error).not.toBeInstanceOf(TypeError);
    if (!isSluiceError(error)) throw new Error(`not a SluiceError: ${String(error)}`);
    expect(error.code).toBe(c.code);
    expect(error.message).toContain(`signal '${c.signal}'`);
    expect(error.message).toContain(`'${c.field}'`);
  });

  test('the append-sink error suggests an upsert sink with the group key', () => {
    const error = catchError(() => compile([signal('u2').from(trades).groupBy('symbol').select((r) => ({ n: count(r.qty) })).to(sink)], { flinkVersion: '2.2' }));
    if (!isSluiceError(error)) throw new Error('expected a SluiceError');
    expect(error.suggestion).toBe("write to an upsert sink with a key: upsertKafka.sink('out', { key: ['symbol'] })");
  });

  test('JDBC errors never show the password', () => {
    const error = catchError(CASES.find((c) => c.signal === 'dim2')?.run ?? (() => undefined));
    if (!isSluiceError(error)) throw new Error('expected a SluiceError');
    expect(JSON.stringify(error.toJSON())).not.toContain('hunter22');
    expect(error.message).not.toContain('hunter22');
  });

  test('the timestamp-minus error suggests TIMESTAMPDIFF', () => {
    const error = catchError(CASES.find((c) => c.code === 'DSL_TIMESTAMP_MINUS')?.run ?? (() => undefined));
    if (!isSluiceError(error)) throw new Error('expected a SluiceError');
    expect(error.suggestion).toContain('timestampDiff');
  });
});

export type { Signal };
