import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, INDICATOR_UDAFS, indicators, kafka, schema, signal, t, toTimestampLtz } from '@sluice/dsl';
import { positionedStatements, SLUICE_UDFS, statementsOfRawSql, StateStore, udfRegistrations } from '@sluice/deploy';

// Deploy works on the compiler's statements: the state store keeps them, rollback reads them back,
// and they are what splitting their own text would give (kinds, lines, UDFs), without splitting.

const Trade = schema({ symbol: t.string(), price: t.double(), ts_ms: t.bigint() });
const trades = kafka.source('trades', Trade, { topic: 'm.trades', computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' }, properties: { 'group.id': 'g-trades' } });
const rsi = signal('rsi').from(indicators.rsi(trades, { value: 'price', period: 14, by: 'symbol' })).to(kafka.sink('m.rsi'));
const plain = signal('plain').from(trades).where((r) => r.price.gt(0)).to(kafka.sink('m.plain'));
const record = { signal: 'rsi', jobName: 'sluice.p.rsi', jobId: 'j1', version: 'v1', via: 'gateway' as const, deployedAt: 'now' };

describe('compiled statements in deploy', () => {
  const script = compile([rsi, plain], { flinkVersion: '2.2', project: 'p' });

  test('the state store keeps the statements of a deployment (kind, SQL, UDFs) beside its text', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sluice-state-')), '.sluice');
    const store = new StateStore(dir);
    store.recordDeployment('dev', record, script.text, script.statements);
    const file = JSON.parse(readFileSync(join(dir, 'deployments.json'), 'utf8')) as { versions: Record<string, string>; statements: Record<string, unknown[]> };
    expect(file.versions.v1).toBe(script.text);
    expect(file.statements.v1).toEqual(script.statements.map((st) => ({ kind: st.kind, sql: st.sql, ...(st.udfs === undefined ? {} : { udfs: st.udfs }) })));
    expect(file.statements.v1).toContainEqual(expect.objectContaining({ kind: 'insert', udfs: ['SLUICE_RSI'] }));
    expect(new StateStore(dir).statementsOf('v1')).toEqual(file.statements.v1);
    expect(store.statementsOf('v2')).toBeUndefined();
  });

  test('a state file of an older Sluice (text only) still gives statements: its text is split', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-state-'));
    writeFileSync(join(dir, 'deployments.json'), JSON.stringify({ deployments: { dev: { rsi: record } }, versions: { v1: script.text } }));
    const statements = new StateStore(dir).statementsOf('v1');
    expect(statements).toEqual(script.statements.map((st) => ({ kind: st.kind, sql: st.sql, ...(st.udfs === undefined ? {} : { udfs: st.udfs }) })));
  });

  test("the compiler's kinds, positions and UDFs are those the splitter finds in its text", () => {
    const positioned = positionedStatements(script.statements).map(({ kind, sql, udfs, line, column }) => ({ kind, sql, line, column, ...(udfs === undefined ? {} : { udfs }) }));
    expect(positioned).toEqual(statementsOfRawSql(script.text));
  });

  test('the UDFs registered are those the statements carry; none for a script without indicators', () => {
    const names = (sqls: { sql: string }[]): string[] => sqls.map((s) => /`(SLUICE_\w+)`/.exec(s.sql)?.[1] ?? '');
    expect(names(udfRegistrations(script.statements))).toEqual(['SLUICE_RSI']);
    expect(udfRegistrations(compile([plain], { flinkVersion: '2.2' }).statements)).toEqual([]);
    expect(udfRegistrations([{ kind: 'insert', sql: 'INSERT INTO o SELECT 1' }])).toEqual([]);
  });

  test("the UDAFs the compiler records are flink-jobs' UDF catalog, name for name", () => {
    expect([...INDICATOR_UDAFS]).toEqual(SLUICE_UDFS.map((f) => f.name));
  });

  test("each source's topic and group come from the script, not from its DDL", () => {
    expect(script.sources).toEqual([{ name: 'trades', topic: 'm.trades', groupId: 'g-trades', signals: ['rsi', 'plain'], watermarkWithoutIdleTimeout: true }]);
  });
});
