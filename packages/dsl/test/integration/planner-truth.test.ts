import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testStackEndpoints } from '@sluice/stack';
import { goldenDir } from '../golden/expect-golden';
import { validateWithGateway } from '@sluice/deploy';

// Every golden script goes to Flink's own planner through deploy's validate (its one statement runner):
// DDL runs, each INSERT (and each statement set) is explained. A fresh session per script, so table
// names never collide.

// The operator Flink must choose for these scripts: the DSL's join/window kinds map to Flink's.
const EXPECTED_OPERATOR: Record<string, string> = {
  'vwap_1m.sql': 'WindowAggregate',
  'click_sessions.sql': 'WindowAggregate',
  'window_joined.sql': 'WindowJoin',
  'order_shipments.sql': 'IntervalJoin',
  'orders_in_usd.sql': 'TemporalJoin',
  'orders_lookup.sql': 'LookupJoin',
  'orders_lookup_left.sql': 'LookupJoin',
  'brute_force.sql': 'Match',
  'moving_avg.sql': 'OverAggregate',
  'first_order.sql': 'Deduplicate',
  'top_symbols.sql': 'Rank',
  'ranked_symbols.sql': 'Rank',
  'window_buckets.sql': 'WindowAggregate',
};

describe('planner truth: every golden script is accepted by Flink', () => {
  const files = readdirSync(goldenDir()).filter((f) => f.endsWith('.sql')).sort();
  let explained = 0;
  let executed = 0;

  afterAll(() => {
    // eslint-disable-next-line no-console
    console.log(`planner truth: ${files.length} scripts, ${executed} DDL/SET statements executed, ${explained} INSERT/statement sets explained`);
  });

  test.each(files)('%s', async (file) => {
    const { sqlGatewayUrl } = testStackEndpoints();
    const verdict = await validateWithGateway(readFileSync(join(goldenDir(), file), 'utf8'), { sqlGatewayUrl });
    expect(verdict.statements.filter((st) => !st.ok).map((st) => `line ${st.line}: ${st.error?.rootCause ?? ''}`)).toEqual([]);
    for (const st of verdict.statements) {
      if (st.kind === 'insert' || st.kind === 'query') {
        const plan = st.plan ?? '';
        expect(plan).toContain('== Optimized');
        const operator = EXPECTED_OPERATOR[file];
        if (operator !== undefined) expect(plan.slice(plan.indexOf('== Optimized Physical Plan'))).toContain(operator);
        explained++;
      } else if (st.kind === 'statement-set') {
        expect(st.plan ?? '').toContain('== Optimized');
        explained++;
      } else {
        executed++;
      }
    }
  });
});
