import { compile, cumulate, indicators, kafka, schema, signal, sum, t, toTimestampLtz } from '@sluice/dsl';
import { isSluiceError } from '@sluice/errors';
import { backfillStatements, parseBackfillBound } from '@sluice/deploy';

const Trade = schema({ symbol: t.string(), price: t.double(), qty: t.bigint(), ts_ms: t.bigint() });
const trades = kafka.source('trades', Trade, { topic: 'market.trades', computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' } });
const vwap = signal('vwap_1m').from(indicators.vwap(trades, { price: 'price', qty: 'qty', window: '1 min', by: 'symbol' })).to(kafka.sink('signals.vwap_1m', { delivery: 'exactly-once' }));
const cum = signal('cum').from(trades).window(cumulate('ts', '10 s', '1 min')).groupBy('symbol').select((r) => ({ volume: sum(r.qty) })).to(kafka.sink('signals.cum'));

describe('parseBackfillBound', () => {
  test.each([
    ['earliest', { kind: 'earliest' }],
    ['latest', { kind: 'latest' }],
    ['1767600000000', { kind: 'timestamp', millis: 1767600000000 }],
    ['2026-01-05T08:00:00Z', { kind: 'timestamp', millis: Date.UTC(2026, 0, 5, 8) }],
    ['2026-01-05T09:00:00+01:00', { kind: 'timestamp', millis: Date.UTC(2026, 0, 5, 8) }],
    ['offsets:0=42,1=17', { kind: 'offsets', offsets: [{ partition: 0, offset: 42 }, { partition: 1, offset: 17 }] }],
    ['offsets:market.trades/0=5', { kind: 'offsets', offsets: [{ topic: 'market.trades', partition: 0, offset: 5 }] }],
  ])('%s', (text, bound) => {
    expect(parseBackfillBound(text)).toEqual(bound);
  });

  test.each(['2026-01-05T08:00:00', 'yesterday', 'offsets:0', 'offsets:a=1'])('%s is DEPLOY_BACKFILL_RANGE_INVALID', (text) => {
    const error: unknown = (() => {
      try {
        return parseBackfillBound(text);
      } catch (e) {
        return e;
      }
    })();
    expect(isSluiceError(error, 'DEPLOY_BACKFILL_RANGE_INVALID')).toBe(true);
  });
});

describe('backfillStatements', () => {
  const script = compile([vwap], { flinkVersion: '2.2', project: 'fin' });
  const rewritten = backfillStatements(script, {
    jobName: 'sluice.fin.vwap_1m.backfill-7',
    mode: 'batch',
    suffix: 'backfill-7',
    into: 'signals.vwap_1m.history',
    range: { from: { kind: 'timestamp', millis: 1767600000000 }, to: { kind: 'offsets', offsets: [{ partition: 0, offset: 42 }, { partition: 1, offset: 17 }] } },
  });
  const sqlOf = (kind: string, name: string) => rewritten.find((s) => s.node.kind === kind && 'name' in s.node && s.node.name === name)?.sql ?? '';

  test("the source is bounded, with its own consumer group; the query's statements are the live job's", () => {
    const source = sqlOf('CreateTable', 'trades');
    expect(source).toContain("'properties.group.id' = 'sluice-fin-vwap_1m-trades-backfill-7'");
    expect(source).toContain("'scan.startup.mode' = 'timestamp',\n  'scan.startup.timestamp-millis' = '1767600000000',\n  'scan.bounded.mode' = 'specific-offsets',\n  'scan.bounded.specific-offsets' = 'partition:0,offset:42;partition:1,offset:17'");
    expect(source).not.toContain('earliest-offset');
    // batch mode: no watermark (no result depends on it; declared, Flink's batch planner trips on some OVER projections)
    expect(source).not.toContain('WATERMARK');
    const live = backfillStatements(script, { jobName: 'sluice.fin.vwap_1m', mode: 'streaming', startAt: { kind: 'offsets', offsets: [{ partition: 0, offset: 42 }] } });
    const liveSource = live.find((s) => s.node.kind === 'CreateTable' && s.node.name === 'trades')?.sql ?? '';
    expect(liveSource).toContain('WATERMARK FOR `ts` AS `ts` - INTERVAL');
    expect(liveSource).toContain("'scan.startup.mode' = 'specific-offsets',\n  'scan.startup.specific-offsets' = 'partition:0,offset:42'");
    expect(liveSource).not.toContain('scan.bounded');
    expect(live.map((s) => s.sql)).not.toContain("SET 'execution.runtime-mode' = 'batch'");
    const insert = script.statements.find((s) => s.kind === 'insert');
    expect(rewritten.filter((s) => s.kind === 'insert')).toEqual([insert]);
  });

  test('the sink writes the --into topic with its own transactional ids; the job is named and runs in batch mode right before the INSERT', () => {
    const sink = sqlOf('CreateTable', 'vwap_1m_sink');
    expect(sink).toContain("'topic' = 'signals.vwap_1m.history'");
    expect(sink).toContain("'sink.transactional-id-prefix' = 'sluice.fin.vwap_1m.backfill-7'");
    expect(sink).not.toContain("'topic' = 'signals.vwap_1m'");
    const tail = rewritten.slice(-3).map((s) => s.sql);
    expect(tail.slice(0, 2)).toEqual(["SET 'pipeline.name' = 'sluice.fin.vwap_1m.backfill-7'", "SET 'execution.runtime-mode' = 'batch'"]);
    expect(rewritten.filter((s) => s.sql.startsWith("SET 'pipeline.name'"))).toHaveLength(1);
  });

  test('offsets of another topic only are refused: DEPLOY_BACKFILL_RANGE_INVALID', () => {
    const other = compile([cum], { flinkVersion: '2.2', project: 'fin' });
    expect(() => backfillStatements(other, { jobName: 'j', mode: 'batch', range: { from: { kind: 'earliest' }, to: { kind: 'offsets', offsets: [{ topic: 'other', partition: 0, offset: 1 }] } } })).toThrow(/no partition of the source topic 'market.trades'/);
  });
});
