import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testStackEndpoints } from '@sluice/stack';
import { compile, from, kafka, rawSql, schema, signal, t, upsertKafka } from '@sluice/dsl';
import type { Signal } from '@sluice/dsl';
import { resolveConfig, validateProject, validateWithGateway, verdictError, type Project } from '@sluice/deploy';

// Issue 20 item 4: a ROW_NUMBER written through rawSql is invisible to the DSL, which then compiles an
// append-only sink for it; validate asks Flink's planner (EXPLAIN through the SQL Gateway), which
// refuses, and reports it as DEPLOY_APPEND_SINK_UPDATES with the way out. Declared with
// { updating: true }, the DSL refuses it itself before any planner runs.

const Trade = schema({ symbol: t.string(), price: t.double(), ts: t.timestamp(3) });
const trades = kafka.source('va_trades', Trade, { topic: 'va.trades' });
const ROW_NUMBER = 'ROW_NUMBER() OVER (PARTITION BY `symbol` ORDER BY `price` DESC)';
const top3 = (name: string, updating: boolean) =>
  signal(name)
    .from(from(trades).select((r) => ({ symbol: r.symbol, price: r.price, rn: rawSql(t.bigint().notNull(), ROW_NUMBER, { updating }) })))
    .where((r) => r.rn.le(3));

const undeclared = top3('va_top_undeclared', false).to(kafka.sink('va.top_undeclared'));
const declared = top3('va_top_declared', true).to(kafka.sink('va.top_declared'));
const keyed = top3('va_top_keyed', true).to(upsertKafka.sink('va.top_keyed', { key: ['symbol', 'rn'] }));

function project(signals: readonly Signal[]): Project {
  const { sqlGatewayUrl, flinkRestUrl } = testStackEndpoints();
  const config = resolveConfig({ project: 'va', signals: 'signals', flink: { sqlGatewayUrl, restUrl: flinkRestUrl } }, { configFile: join(mkdtempSync(join(tmpdir(), 'sluice-va-')), 'sluice.yaml'), env: {} });
  return { config, signals, modules: {} };
}

describe('validate refuses an append sink fed by an updating query the DSL could not see', () => {
  test('validateWithGateway: the planner refuses the INSERT; verdictError says DEPLOY_APPEND_SINK_UPDATES with the way out', async () => {
    const script = compile([undeclared], { flinkVersion: '2.2', project: 'va' });
    const verdict = await validateWithGateway(script, { sqlGatewayUrl: testStackEndpoints().sqlGatewayUrl });
    expect(verdict.ok).toBe(false);
    const failed = verdict.statements.find((s) => !s.ok);
    expect(failed?.kind).toBe('insert');
    expect(failed?.error?.rootCause).toMatch(/^Table sink 'default_catalog\.default_database\.va_top_undeclared_sink' doesn't support consuming update and delete changes which is produced by node Rank\(/);
    const error = verdictError(verdict);
    expect(error?.code).toBe('DEPLOY_APPEND_SINK_UPDATES');
    expect(error?.message).toMatch(/^line \d+: Table sink '.*va_top_undeclared_sink' doesn't support consuming update/);
    expect(error?.suggestion).toContain("rawSql(type, sql, { updating: true })");
    expect(error?.suggestion).toContain('upsertKafka.sink(topic, { key: [...] })');
  });

  test('validateProject (sluice validate): the undeclared signal fails with DEPLOY_APPEND_SINK_UPDATES, the declared one with the DSL\'s code, the keyed upsert one passes', async () => {
    const result = await validateProject(project([undeclared, declared, keyed]));
    expect(result.via).toBe('gateway');
    expect(result.signals.map((s) => [s.signal, s.ok, s.error?.code])).toEqual([
      ['va_top_undeclared', false, 'DEPLOY_APPEND_SINK_UPDATES'],
      ['va_top_declared', false, 'DSL_APPEND_SINK_UPDATES'],
      ['va_top_keyed', true, undefined],
    ]);
    expect(result.signals[0]?.error?.suggestion).toContain('{ updating: true }');
    expect(result.signals[0]?.error?.message).toContain('produced by node Rank');
  });
});
