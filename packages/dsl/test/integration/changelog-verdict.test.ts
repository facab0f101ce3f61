import { readdirSync } from 'node:fs';
import { testStackEndpoints } from '@sluice/stack';
import { blackhole, compile, count, from, kafka, print, rawSql, sinkChangelogOf, signal, sum, t, tumble, upsertKafka } from '@sluice/dsl';
import type { Signal, SinkChangelog } from '@sluice/dsl';
import { isSluiceError } from '@sluice/errors';
import { GatewayStatementSession, sqlGatewayClientOf, udfRegistrations } from '@sluice/deploy';
import { goldenDir } from '../golden/expect-golden';
import { ALL_SIGNALS, bruteForce, hopVolume, volumeBySymbol, vwap1m } from '../fixtures/signals';
import { decimalPrices, distinctSymbols, filteredCounts, priceBuckets, rankedSymbols, windowBuckets } from '../fixtures/aggregate-constructs';
import { trades } from '../fixtures/sources';
import { financeSignals } from '../../../../examples/finance/signals';
import { fraudSignals } from '../../../../examples/fraud/signals';
import { iotSignals } from '../../../../examples/iot/signals';
import { opsSignals } from '../../../../examples/ops/signals';
import { clicksPerUser } from '../../../../examples/cli-demo/signals/clicks-per-user';
import { pagesPerMinute } from '../../../../examples/cli-demo/signals/pages-per-minute';

// Issue 20 item 4: for every golden script and every example signal, the changelog the DSL says a
// sink receives equals what Flink's planner plans, read from `EXPLAIN CHANGELOG_MODE <INSERT>` on the
// real SQL Gateway (one session per group of signals, each group compiled as one script).
//
// How a Flink mode maps to a verdict: in the Optimized Physical Plan the Sink node shows
// changelogMode=[NONE]; the first mode below it is what the sink receives (its input).
//   [I]                      -> 'append'  (inserts only)
//   a mode with UB           -> 'retract' ([I,UB,UA,D], [I,UB,UA]: updates with their before-image)
//   any other mode           -> 'upsert'  ([I,UA,D], [I,UA]: updates by key, no before-image)
//   the planner refuses with "doesn't support consuming update (and delete) changes" -> 'refused' (an updating
//   query into an append-only sink); the DSL's word for it is DSL_APPEND_SINK_UPDATES.

type Verdict = SinkChangelog | 'refused';

/** Flink's verdict from the text of EXPLAIN CHANGELOG_MODE (see the mapping above). */
function verdictOfPlan(plan: string): SinkChangelog {
  const physical = plan.slice(plan.indexOf('== Optimized Physical Plan =='), plan.indexOf('== Optimized Execution Plan =='));
  const mode = [...physical.matchAll(/changelogMode=\[([^\]]*)\]/g)].map((m) => m[1] ?? '').find((m) => m !== 'NONE');
  if (mode === undefined) throw new Error(`no changelogMode in the plan:\n${plan}`);
  const kinds = mode.split(',');
  if (kinds.length === 1 && kinds[0] === 'I') return 'append';
  return kinds.includes('UB') ? 'retract' : 'upsert';
}

/** The DSL's verdict: sinkChangelogOf, or 'refused' when it refuses an append sink for an updating query. */
function dslVerdict(s: Signal): Verdict {
  try {
    return sinkChangelogOf(s);
  } catch (error) {
    if (isSluiceError(error, 'DSL_APPEND_SINK_UPDATES')) return 'refused';
    throw error;
  }
}

// The two cases the issue names.
// 1. A window aggregate's output grouped again on window_start, window_end: Flink keeps the window
//    (a second WindowAggregate), so the result is append-only.
const perSymbol = from(trades).window(tumble('ts', '1 min')).groupBy('symbol').select((r) => ({ volume: sum(r.qty) }));
const windowRegrouped = signal('cv_window_regrouped')
  .from(perSymbol)
  .groupBy('window_start', 'window_end')
  .select((r) => ({ symbols: count(), volume: sum(r.volume) }))
  .to(kafka.sink('signals.cv_window_regrouped'));
// the same on only window_end is a plain group aggregate again (updating)
const windowEndOnly = signal('cv_window_end_only')
  .from(perSymbol)
  .groupBy('window_end')
  .select((r) => ({ volume: sum(r.volume) }))
  .to(upsertKafka.sink('signals.cv_window_end_only', { key: ['window_end'] }));
// and a filter before the regrouping keeps the bounds
const windowRegroupedFiltered = signal('cv_window_regrouped_filtered')
  .from(perSymbol.where((r) => r.volume.gt(10)))
  .groupBy('window_start', 'window_end')
  .select(() => ({ symbols: count() }))
  .to(kafka.sink('signals.cv_window_regrouped_filtered'));
// A filter after a group aggregate: on the key only it stays an upsert stream (busy_symbols, a filter
// on an aggregate, needs the before-images: retract); into blackhole (which drops before-images) upsert.
const keyFiltered = signal('cv_key_filtered')
  .from(trades)
  .groupBy('symbol')
  .select((r) => ({ volume: sum(r.qty) }))
  .where((r) => r.symbol.ne('TEST'))
  .to(upsertKafka.sink('signals.cv_key_filtered', { key: ['symbol'] }));
const updatesToBlackhole = signal('cv_updates_blackhole')
  .from(trades)
  .groupBy('symbol')
  .select(() => ({ n: count() }))
  .to(blackhole.sink());
// A top-N keyed by its input's key (no row number): an upsert stream on that key.
const topPerSymbol = signal('cv_top_keyed_by_input')
  .from(from(trades).groupBy('symbol').select((r) => ({ volume: sum(r.qty) })))
  .topN({ n: 2, orderBy: { volume: 'desc' } })
  .to(upsertKafka.sink('signals.cv_top_keyed_by_input', { key: ['symbol'] }));
// 2. A ROW_NUMBER through rawSql, filtered to a top 3 per symbol: Flink plans a Rank (updating).
const ROW_NUMBER = 'ROW_NUMBER() OVER (PARTITION BY `symbol` ORDER BY `price` DESC)';
const rawTop = (name: string, updating: boolean) =>
  signal(name)
    .from(from(trades).select((r) => ({ symbol: r.symbol, price: r.price, rn: rawSql(t.bigint().notNull(), ROW_NUMBER, { updating }) })))
    .where((r) => r.rn.le(3));
/** Declared updating: the DSL refuses the append sink, as Flink does. */
const rawTopDeclared = rawTop('cv_raw_top_declared', true).to(kafka.sink('signals.cv_raw_top_declared'));
/** Not declared: the DSL cannot know, and its SQL is what Flink refuses (validate's check, see deploy's test). */
const rawTopUndeclared = rawTop('cv_raw_top_undeclared', false).to(kafka.sink('signals.cv_raw_top_undeclared'));
const rawTopPrinted = rawTop('cv_raw_top_printed', true).to(print.sink());

const FIXTURES: Record<string, Signal> = {
  ...ALL_SIGNALS,
  filtered_counts: filteredCounts,
  price_buckets: priceBuckets,
  distinct_symbols: distinctSymbols,
  ranked_symbols: rankedSymbols,
  decimal_prices: decimalPrices,
  window_buckets: windowBuckets,
};
/** Every golden script by its signals: one script per signal, and the three scripts of several. */
const GOLDEN_SCRIPTS: Record<string, readonly Signal[]> = {
  ...Object.fromEntries(Object.entries(FIXTURES).map(([name, s]) => [name, [s]])),
  statement_set: [vwap1m, hopVolume, bruteForce],
  per_signal_jobs: [hopVolume, bruteForce],
  per_signal_settings: [vwap1m, volumeBySymbol, hopVolume],
};

/** The groups, each compiled as one script and explained in one session (examples reuse source names). */
const GROUPS: Record<string, readonly Signal[]> = {
  golden: [...Object.values(FIXTURES), windowRegrouped, windowEndOnly, windowRegroupedFiltered, keyFiltered, updatesToBlackhole, topPerSymbol, rawTopUndeclared, rawTopPrinted],
  'examples/finance': Object.values(financeSignals()),
  'examples/fraud': Object.values(fraudSignals()),
  'examples/iot': Object.values(iotSignals()),
  'examples/ops': Object.values(opsSignals()),
  'examples/cli-demo': [clicksPerUser, pagesPerMinute],
};

/** Runs a group's script in a fresh session: DDL and SET run, each INSERT is explained; Flink's verdict per signal. */
async function flinkVerdicts(signals: readonly Signal[]): Promise<Map<string, Verdict>> {
  const script = compile(signals, { flinkVersion: '2.2', project: 'changelog' });
  const session = await GatewayStatementSession.open(sqlGatewayClientOf({ sqlGatewayUrl: testStackEndpoints().sqlGatewayUrl }, { timeoutMs: 120_000 }), 'sluice-changelog-verdict');
  const verdicts = new Map<string, Verdict>();
  try {
    for (const st of udfRegistrations(script.statements)) await session.execute(st.sql, { timeoutMs: 120_000 });
    for (const st of script.statements) {
      if (st.kind !== 'insert') {
        await session.execute(st.sql, { timeoutMs: 120_000 });
        continue;
      }
      const name = st.signals[0] ?? '';
      try {
        const { rows } = await session.execute(`EXPLAIN CHANGELOG_MODE ${st.sql}`, { timeoutMs: 120_000 });
        verdicts.set(name, verdictOfPlan(rows.map((row) => String(row[0] ?? '')).join('')));
      } catch (error) {
        if (!/doesn't support consuming update/.test(JSON.stringify(isSluiceError(error) ? error.details : String(error)))) throw error;
        verdicts.set(name, 'refused');
      }
    }
  } finally {
    await session.close();
  }
  return verdicts;
}

describe("changelog verdict: the DSL's per sink equals Flink's EXPLAIN CHANGELOG_MODE", () => {
  const table: string[] = [];
  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(`changelog verdicts (signal: DSL / Flink)\n${table.join('\n')}`);
  });

  test('every golden script is among those compared', () => {
    const goldens = readdirSync(goldenDir()).filter((f) => f.endsWith('.sql')).map((f) => f.replace(/\.sql$/, '')).sort();
    expect(Object.keys(GOLDEN_SCRIPTS).sort()).toEqual(goldens);
    const compared = new Set(GROUPS['golden']);
    for (const signals of Object.values(GOLDEN_SCRIPTS)) for (const s of signals) expect(compared.has(s)).toBe(true);
  });

  test.each(Object.keys(GROUPS))('%s', async (group) => {
    const signals = GROUPS[group] ?? [];
    const flink = await flinkVerdicts(signals);
    const dsl = new Map(signals.map((s) => [s.name, dslVerdict(s)]));
    for (const s of signals) table.push(`${group} ${s.name}: ${dsl.get(s.name) ?? '?'} / ${flink.get(s.name) ?? '?'}`);
    if (group === 'golden') {
      // the undeclared rawSql ROW_NUMBER is invisible to the DSL (append); Flink refuses it, as the DSL
      // refuses the same query once rawSql declares { updating: true }
      expect([dsl.get(rawTopUndeclared.name), flink.get(rawTopUndeclared.name), dslVerdict(rawTopDeclared)]).toEqual(['append', 'refused', 'refused']);
      dsl.delete(rawTopUndeclared.name);
      flink.delete(rawTopUndeclared.name);
    }
    expect(Object.fromEntries(dsl)).toEqual(Object.fromEntries(flink));
  });

  test('the two cases of the issue: a window aggregate regrouped on its bounds is append; a ROW_NUMBER through rawSql is updating', () => {
    expect(dslVerdict(windowRegrouped)).toBe('append');
    expect(dslVerdict(windowEndOnly)).toBe('upsert');
    expect(dslVerdict(windowRegroupedFiltered)).toBe('append');
    expect(dslVerdict(rawTopDeclared)).toBe('refused');
    expect(dslVerdict(rawTopPrinted)).toBe('retract');
    // undeclared, the DSL cannot see the ROW_NUMBER: this is the one Flink refuses (compared above)
    expect(dslVerdict(rawTopUndeclared)).toBe('append');
  });
});
