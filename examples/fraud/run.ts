// `node examples/fraud/run.js`: deploys the brute-force signal, produces an hour of synthetic logins for
// 9 users and prints the alerts (3 failed logins within 5 minutes per user), read as typed rows.
import { runExample } from '../shared/run-example';
import { loginFixture } from './fixture';
import { fraudSignals, fraudTopics, loginRow, loginsTarget } from './signals';
import type { LoginEvent } from './signals';
import { bruteForceAlerts } from './expected-alerts';

const t0 = Date.now() - 2 * 3_600_000;
const logins = loginFixture(9, t0);
const flush: LoginEvent = { user_id: 'zz-flush', success: true, ip: '0.0.0.0', ts_ms: t0 + 10 * 3_600_000 };
const iso = (d: Date | null): string => (d === null ? '-' : d.toISOString());

void runExample({
  title: 'Sluice fraud example: 3 failed logins within 5 minutes per user -> alert topic',
  project: 'fraud',
  setup: (prefix) => {
    const topics = fraudTopics(prefix);
    return { signal: fraudSignals(topics).bruteForce, input: loginsTarget(topics) };
  },
  events: [...logins, flush].map(loginRow),
  expected: bruteForceAlerts(logins, 3, 300_000).length,
  render: (rows) => [
    `${'user'.padEnd(8)}${'first failure'.padEnd(26)}${'third failure'.padEnd(26)}ip`,
    ...[...rows]
      .sort((a, b) => (a.user_id ?? '').localeCompare(b.user_id ?? '') || (a.first_at?.getTime() ?? 0) - (b.first_at?.getTime() ?? 0))
      .map((r) => `${(r.user_id ?? '-').padEnd(8)}${iso(r.first_at).padEnd(26)}${iso(r.last_at).padEnd(26)}${r.ip ?? '-'}`),
  ],
});
