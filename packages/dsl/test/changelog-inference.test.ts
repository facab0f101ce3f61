import { blackhole, compile, count, from, kafka, print, rawSql, signal, sinkChangelogOf, sum, t, tumble, upsertKafka } from '@sluice/dsl';
import { trades } from './fixtures/sources';

// Issue 20 item 4: the DSL's changelog inference where it used to differ from Flink's planner (the
// integration test changelog-verdict.test.ts compares every verdict with EXPLAIN CHANGELOG_MODE).

const ROW_NUMBER = 'ROW_NUMBER() OVER (PARTITION BY `symbol` ORDER BY `price` DESC)';
const ranked = (updating?: boolean) =>
  from(trades)
    .select((r) => ({ symbol: r.symbol, price: r.price, rn: rawSql(t.bigint().notNull(), ROW_NUMBER, updating === undefined ? undefined : { updating }) }))
    .where((r) => r.rn.le(3));

describe('rawSql declares whether it makes the query updating', () => {
  test('{ updating: true } makes the query updating: an append sink is refused with DSL_APPEND_SINK_UPDATES', () => {
    expect(ranked(true).changelog).toBe('update');
    const s = signal('raw_top').from(ranked(true)).to(kafka.sink('signals.raw_top'));
    expect(() => compile([s], { flinkVersion: '2.2' })).toThrow(expect.objectContaining({ code: 'DSL_APPEND_SINK_UPDATES', suggestion: expect.stringContaining('upsertKafka.sink') as unknown }) as Error);
  });

  test('the fragment compiles to the same SQL whether declared or not; undeclared (or false) stays append-only', () => {
    expect(ranked().changelog).toBe('append');
    expect(ranked(false).changelog).toBe('append');
    const sql = (updating: boolean) => compile([signal('raw_top').from(ranked(updating)).to(print.sink())], { flinkVersion: '2.2' }).statements.find((st) => st.kind === 'insert')?.sql;
    expect(sql(true)).toBe(sql(false));
    expect(sql(true)).toContain(`${ROW_NUMBER} AS \`rn\``);
  });

  test('declared updating, the query has no known key: a print sink gets retractions, an upsert sink needs its key', () => {
    expect(sinkChangelogOf(signal('raw_top').from(ranked(true)).to(print.sink()))).toBe('retract');
    const upsert = signal('raw_top').from(ranked(true)).to(upsertKafka.sink('signals.raw_top'));
    expect(() => compile([upsert], { flinkVersion: '2.2' })).toThrow(expect.objectContaining({ code: 'DSL_UPSERT_KEY_REQUIRED' }) as Error);
    const keyed = signal('raw_top').from(ranked(true)).to(upsertKafka.sink('signals.raw_top', { key: ['symbol', 'rn'] }));
    expect(compile([keyed], { flinkVersion: '2.2' }).text).toContain('PRIMARY KEY (`symbol`, `rn`) NOT ENFORCED');
  });

  test('a declared fragment in a grouped select or a filter counts too', () => {
    expect(from(trades).where((r) => rawSql(t.boolean(), '`price` > 0', { updating: true })).changelog).toBe('update');
    const windowed = from(trades).window(tumble('ts', '1 min')).groupBy('symbol').select((r) => ({ volume: sum(r.qty), odd: rawSql(t.bigint(), 'SOMETHING()', { updating: true }) }));
    expect(windowed.changelog).toBe('update');
  });
});

describe('a window aggregate regrouped on its bounds stays append-only, as Flink plans it', () => {
  const perSymbol = from(trades).window(tumble('ts', '1 min')).groupBy('symbol').select((r) => ({ volume: sum(r.qty) }));

  test('GROUP BY window_start, window_end (and more keys, after filters and selects that keep both) is append-only', () => {
    expect(perSymbol.groupBy('window_start', 'window_end').select((r) => ({ volume: sum(r.volume) })).changelog).toBe('append');
    const kept = perSymbol.where((r) => r.volume.gt(0)).select((r) => ({ window_start: r.window_start, window_end: r.window_end, symbol: r.symbol, big: r.volume.gt(100) }));
    expect(kept.groupBy('window_start', 'window_end', 'big').select(() => ({ n: count() })).changelog).toBe('append');
    const s = signal('regrouped').from(perSymbol).groupBy('window_start', 'window_end').select(() => ({ symbols: count() })).to(kafka.sink('signals.regrouped'));
    expect(sinkChangelogOf(s)).toBe('append');
    expect(compile([s], { flinkVersion: '2.2' }).statements.find((st) => st.kind === 'insert')?.sql).toContain('GROUP BY `window_start`, `window_end`');
  });

  test('one bound only, a renamed bound, or a plain query is a group aggregate (updating)', () => {
    expect(perSymbol.groupBy('window_end').select((r) => ({ volume: sum(r.volume) })).changelog).toBe('update');
    const renamed = perSymbol.select((r) => ({ window_start: r.window_start, end_at: r.window_end, volume: r.volume }));
    expect(renamed.groupBy('window_start', 'end_at').select((r) => ({ volume: sum(r.volume) })).changelog).toBe('update');
    const plain = from(trades).select((r) => ({ window_start: r.ts, window_end: r.ts, qty: r.qty }));
    expect(plain.groupBy('window_start', 'window_end').select((r) => ({ qty: sum(r.qty) })).changelog).toBe('update');
  });
});

describe('upsert or retract: what an updating query gives its sink', () => {
  const bySymbol = from(trades).groupBy('symbol').select((r) => ({ volume: sum(r.qty), n: count() }));

  test('keyed by its unique key, an upsert sink gets upserts; by another key, retractions', () => {
    expect(sinkChangelogOf(signal('a').from(bySymbol).to(upsertKafka.sink('a')))).toBe('upsert');
    expect(sinkChangelogOf(signal('b').from(bySymbol).to(upsertKafka.sink('b', { key: ['n'] })))).toBe('retract');
    expect(sinkChangelogOf(signal('c').from(bySymbol).to(blackhole.sink()))).toBe('upsert');
    expect(sinkChangelogOf(signal('d').from(bySymbol).to(print.sink()))).toBe('retract');
  });

  test('a filter on the key keeps upserts; on another column Flink needs the before-images (retract), until the next aggregate', () => {
    expect(sinkChangelogOf(signal('a').from(bySymbol.where((r) => r.symbol.ne('X'))).to(upsertKafka.sink('a')))).toBe('upsert');
    const busy = bySymbol.where((r) => r.n.gt(10));
    expect(sinkChangelogOf(signal('b').from(busy).to(upsertKafka.sink('b')))).toBe('retract');
    expect(sinkChangelogOf(signal('c').from(busy.select((r) => ({ symbol: r.symbol, volume: r.volume }))).to(upsertKafka.sink('c')))).toBe('retract');
    expect(sinkChangelogOf(signal('d').from(busy).groupBy('symbol').select((r) => ({ total: sum(r.volume) })).to(upsertKafka.sink('d')))).toBe('upsert');
  });

  test('a top-N without row number keeps its input key when that key holds the partition columns', () => {
    expect(bySymbol.topN({ n: 3, orderBy: { volume: 'desc' } }).state.uniqueKey).toEqual(['symbol']);
    expect(bySymbol.topN({ n: 3, partitionBy: ['n'], orderBy: { volume: 'desc' } }).state.uniqueKey).toBeUndefined();
    expect(bySymbol.topN({ n: 3, orderBy: { volume: 'desc' }, rowNumber: 'rank' }).state.uniqueKey).toEqual(['rank']);
  });
});
