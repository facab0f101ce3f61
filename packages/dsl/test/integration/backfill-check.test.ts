import { testStackEndpoints } from '@sluice/stack';
import { avg, checkBackfill, compile, count, kafka, overWindow, signal, sum } from '@sluice/dsl';
import type { Signal } from '@sluice/dsl';
import { isSluiceError } from '@sluice/errors';
import { backfillStatements, GatewayStatementSession, sqlGatewayClientOf, udfRegistrations } from '@sluice/deploy';
import { ALL_SIGNALS } from '../fixtures/signals';
import { decimalPrices, distinctSymbols, filteredCounts, priceBuckets, rankedSymbols, windowBuckets } from '../fixtures/aggregate-constructs';
import { logins, trades } from '../fixtures/sources';
import { financeSignals } from '../../../../examples/finance/signals';
import { fraudSignals } from '../../../../examples/fraud/signals';
import { iotSignals } from '../../../../examples/iot/signals';
import { opsSignals } from '../../../../examples/ops/signals';
import { clicksPerUser } from '../../../../examples/cli-demo/signals/clicks-per-user';
import { pagesPerMinute } from '../../../../examples/cli-demo/signals/pages-per-minute';

// Issue 18 item 1: what the DSL says cannot be backfilled (checkBackfill) equals what Flink's batch
// planner refuses. Each signal's statements are rewritten as a backfill runs them (deploy's
// backfillStatements: bounded Kafka reads, execution.runtime-mode = batch) and its INSERT is
// explained on the real SQL Gateway: refused by Flink <=> refused by the DSL, for every golden signal,
// every example signal and the probes that pin the OVER rule down (trades.ts is a TIMESTAMP_LTZ event
// time, logins.ts a TIMESTAMP one). The SUM / AVG probes beside a TIMESTAMP_LTZ time are those Flink's
// batch planner fails on ("Conversion to relational algebra failed to preserve datatypes") while the
// source declares a watermark: a backfill declares none, and they plan.

const rows4 = { rows: 4 } as const;
const PROBES: readonly Signal[] = [
  signal('bf_sum_over_ltz_time').from(trades).select((r) => ({ ts: r.ts, s: sum(r.qty).over(overWindow({ partitionBy: r.symbol, orderBy: r.ts, ...rows4 })) })).to(kafka.sink('bf.p1')),
  signal('bf_count_plus_ltz_time').from(trades).select((r) => ({ ts: r.ts, s: count().over(overWindow({ partitionBy: r.symbol, orderBy: r.ts, ...rows4 })).plus(1) })).to(kafka.sink('bf.p2')),
  signal('bf_sum_over_no_time').from(trades).select((r) => ({ sym: r.symbol, s: sum(r.qty).over(overWindow({ partitionBy: r.symbol, orderBy: r.ts, ...rows4 })) })).to(kafka.sink('bf.p3')),
  signal('bf_sum_over_timestamp').from(logins).select((r) => ({ ts: r.ts, s: count().over(overWindow({ partitionBy: r.user_id, orderBy: r.ts, ...rows4 })).plus(1) })).to(kafka.sink('bf.p4')),
  signal('bf_range_ltz').from(trades).select((r) => ({ ts: r.ts, s: count().over(overWindow({ partitionBy: r.symbol, orderBy: r.ts, range: '1 min' })) })).to(kafka.sink('bf.p5')),
  signal('bf_range_timestamp').from(logins).select((r) => ({ ts: r.ts, s: count().over(overWindow({ partitionBy: r.user_id, orderBy: r.ts, range: '1 min' })) })).to(kafka.sink('bf.p6')),
  signal('bf_avg_over_symbol_ltz_time').from(trades).select((r) => ({ symbol: r.symbol, ts: r.ts, s: avg(r.price).over(overWindow({ partitionBy: r.symbol, orderBy: r.ts, ...rows4 })) })).to(kafka.sink('bf.p8')),
  signal('bf_avg_over_ltz_time').from(trades).select((r) => ({ ts: r.ts, s: avg(r.price).over(overWindow({ partitionBy: r.symbol, orderBy: r.ts, ...rows4 })) })).to(kafka.sink('bf.p7')),
];

const GROUPS: Record<string, readonly Signal[]> = {
  golden: [...Object.values(ALL_SIGNALS), filteredCounts, priceBuckets, distinctSymbols, rankedSymbols, decimalPrices, windowBuckets],
  probes: PROBES,
  'examples/finance': Object.values(financeSignals()),
  'examples/fraud': Object.values(fraudSignals()),
  'examples/iot': Object.values(iotSignals()),
  'examples/ops': Object.values(opsSignals()),
  'examples/cli-demo': [clicksPerUser, pagesPerMinute],
};

const T = { timeoutMs: 120_000 };

/** Flink's answer per signal: 'ok' when the batch INSERT plans, else its root cause. */
async function batchVerdicts(signals: readonly Signal[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const session = await GatewayStatementSession.open(sqlGatewayClientOf({ sqlGatewayUrl: testStackEndpoints().sqlGatewayUrl }, T), 'sluice-backfill-check');
  try {
    for (const s of signals) {
      const script = compile([s], { flinkVersion: '2.2', project: 'bfcheck' });
      const statements = backfillStatements(script, { jobName: `bfcheck.${s.name}`, mode: 'batch', range: { from: { kind: 'earliest' }, to: { kind: 'latest' } }, suffix: 'bf' });
      try {
        for (const st of udfRegistrations(statements)) await session.execute(st.sql, T);
        for (const st of statements) {
          // one session for the group: signals reuse table and view names
          if (st.node.kind === 'CreateTable') await session.execute(`DROP TABLE IF EXISTS \`${st.node.name}\``, T);
          if (st.node.kind === 'CreateView') await session.execute(`DROP ${st.node.temporary ? 'TEMPORARY ' : ''}VIEW IF EXISTS \`${st.node.name}\``, T);
          await session.execute(st.kind === 'insert' || st.kind === 'statement-set' ? `EXPLAIN ${st.sql}` : st.sql, T);
        }
        out.set(s.name, 'ok');
      } catch (error) {
        const text = isSluiceError(error) ? JSON.stringify(error.details) : String(error);
        const causes = [...text.matchAll(/Caused by: ([^\\]*)/g)].map((m) => m[1] ?? '');
        out.set(s.name, causes[causes.length - 1] ?? (isSluiceError(error) ? error.message : text));
      }
    }
  } finally {
    await session.close();
  }
  return out;
}

describe("checkBackfill equals Flink's batch planner", () => {
  const table: string[] = [];
  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(`backfill verdicts (signal: DSL / Flink)\n${table.join('\n')}`);
  });

  test.each(Object.keys(GROUPS))('%s', async (group) => {
    const signals = GROUPS[group] ?? [];
    const flink = await batchVerdicts(signals);
    const dsl = new Map(signals.map((s) => {
      const v = checkBackfill(s);
      return [s.name, v.ok ? 'ok' : v.reasons.join('; ')];
    }));
    for (const s of signals) table.push(`${group} ${s.name}: ${dsl.get(s.name) ?? '?'} / ${flink.get(s.name) ?? '?'}`);
    const refusedBy = (m: Map<string, string>) => Object.fromEntries([...m].map(([k, v]) => [k, v === 'ok' ? 'ok' : 'refused']));
    expect(refusedBy(dsl)).toEqual(refusedBy(flink));
  }, 300_000);

  test('a refusal is DSL_NOT_BACKFILLABLE naming the construct; a window TVF signal is backfillable', () => {
    const v = checkBackfill(ALL_SIGNALS.click_sessions);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.error.code).toBe('DSL_NOT_BACKFILLABLE');
    expect(v.error.message).toBe("signal 'click_sessions': cannot be backfilled (batch mode): SESSION window on ts: Flink's batch planner refuses unaligned windows");
    expect(checkBackfill(ALL_SIGNALS.vwap_1m)).toEqual({ ok: true });
    expect(checkBackfill(ALL_SIGNALS.cumulative_volume)).toEqual({ ok: true });
  });
});
