import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testStackEndpoints } from '@sluice/stack';
import { goldenDir } from '../golden/expect-golden';
import { GatewaySession } from './gateway';

// Every golden script goes to Flink's own planner: DDL runs, each INSERT (and each statement set)
// is explained. Runs in a fresh session per script so table names never collide.

function splitStatements(text: string): string[] {
  // Golden scripts end each statement with ';' at a line end; statement sets keep their inner ';'.
  const out: string[] = [];
  let current: string[] = [];
  let inSet = false;
  for (const line of text.split('\n')) {
    current.push(line);
    if (line.startsWith('EXECUTE STATEMENT SET')) inSet = true;
    if (inSet ? line === 'END;' : line.endsWith(';')) {
      const stmt = current.join('\n').trim().replace(/;$/, '');
      if (stmt.length > 0) out.push(stmt);
      current = [];
      inSet = false;
    }
  }
  return out;
}

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
    const session = await GatewaySession.open(sqlGatewayUrl);
    try {
      for (const stmt of splitStatements(readFileSync(join(goldenDir(), file), 'utf8'))) {
        if (stmt.startsWith('INSERT') || stmt.startsWith('SELECT')) {
          const res = await session.run(`EXPLAIN PLAN FOR ${stmt}`);
          const plan = String(res.rows[0]?.[0] ?? '');
          expect(plan).toContain('== Optimized');
          const operator = EXPECTED_OPERATOR[file];
          if (operator !== undefined) expect(plan.slice(plan.indexOf('== Optimized Physical Plan'))).toContain(operator);
          explained++;
        } else if (stmt.startsWith('EXECUTE STATEMENT SET')) {
          const res = await session.run(`EXPLAIN PLAN FOR ${stmt.replace(/^EXECUTE /, '')}`);
          expect(String(res.rows[0]?.[0] ?? '')).toContain('== Optimized');
          explained++;
        } else {
          await session.run(stmt);
          executed++;
        }
      }
    } finally {
      await session.close();
    }
  });
});
