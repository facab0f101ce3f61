import { randomBytes } from 'node:crypto';
import { createKafkaClient } from '@sluice/kafka';
import { testStackEndpoints } from '@sluice/stack';
import { loginFixture } from '../../../../../examples/fraud/fixture';
import { fraudSignals, fraudTopics, loginRow, loginsTarget } from '../../../../../examples/fraud/signals';
import type { LoginEvent } from '../../../../../examples/fraud/signals';
import { cancelJobs, deploySignals } from '../../../../../examples/shared/deploy-signals';
import type { DeployedExample } from '../../../../../examples/shared/deploy-signals';
import { firstRows } from '../../../../../examples/shared/first-rows';

// examples/fraud end to end: the brute-force signal deployed with @sluice/deploy, an hour of logins of
// 9 users produced with the typed producer (then one event far later for the watermark), alerts read back
// as typed rows with consume(signal) and compared with the alerts computed here from the fixture.

const SFX = randomBytes(4).toString('hex');
const topics = fraudTopics(`sluice.it.fraud.${SFX}`);
const endpoints = testStackEndpoints();
const kafka = createKafkaClient({ brokers: [...endpoints.kafkaBrokers], clientId: 'sluice-fraud-e2e' });
const T0 = Date.UTC(2024, 0, 3, 8, 0, 0);
const logins = loginFixture(9, T0);
const flush: LoginEvent = { user_id: 'zz-flush', success: true, ip: '0.0.0.0', ts_ms: T0 + 10 * 3_600_000 };
const WITHIN = 5 * 60_000;

let deployed: DeployedExample | undefined;
afterAll(async () => {
  if (deployed !== undefined) {
    await cancelJobs(deployed.ctx, deployed.jobIds);
    await deployed.ctx.close();
  }
  await kafka.topics.delete(Object.values(topics)).catch(() => undefined);
  await kafka.close();
});

/** Expected alerts: for each user, walk the failures; three in a row (by failure count) spanning <= 5 min alert. */
function expectedAlerts(): { user_id: string; first: number; last: number; ip: string }[] {
  const out: { user_id: string; first: number; last: number; ip: string }[] = [];
  const byUser = new Map<string, LoginEvent[]>();
  for (const e of logins) if (!e.success) byUser.set(e.user_id, [...(byUser.get(e.user_id) ?? []), e]);
  for (const [user_id, fails] of byUser) {
    let start = 0;
    for (let k = 2; k < fails.length; k++) {
      if (k - 2 < start) continue;
      const a = fails[k - 2] as LoginEvent;
      const c = fails[k] as LoginEvent;
      if (c.ts_ms - a.ts_ms <= WITHIN) {
        out.push({ user_id, first: a.ts_ms, last: c.ts_ms, ip: c.ip });
        start = k + 1;
      }
    }
  }
  return out.sort((x, y) => x.user_id.localeCompare(y.user_id) || x.first - y.first);
}

test('fraud: 3 failed logins within 5 minutes per user give exactly the alerts computed from the fixture', async () => {
  // no three consecutive failures span a time so close to 5 minutes that the boundary would matter
  for (const fails of [...new Set(logins.map((e) => e.user_id))].map((u) => logins.filter((e) => e.user_id === u && !e.success))) {
    for (let k = 2; k < fails.length; k++) expect(Math.abs((fails[k] as LoginEvent).ts_ms - (fails[k - 2] as LoginEvent).ts_ms - WITHIN)).toBeGreaterThan(1000);
  }
  const want = expectedAlerts();
  expect(want.length).toBeGreaterThanOrEqual(5);
  expect(new Set(want.map((a) => a.user_id)).size).toBeGreaterThanOrEqual(3);

  const { bruteForce } = fraudSignals(topics);
  deployed = await deploySignals(`it_fraud_${SFX}`, [bruteForce], endpoints);
  const producer = await kafka.producer(loginsTarget(topics));
  await producer.send([...logins, flush].map(loginRow));
  await producer.close();
  // RowOf<typeof bruteForce>: first_at / last_at are TIMESTAMP_LTZ, decoded to Date.
  const rows = await firstRows(kafka.consume(bruteForce), want.length, 120_000);
  const have = rows
    .map((r) => ({ user_id: r.user_id ?? '', first: r.first_at?.getTime(), last: r.last_at?.getTime(), ip: r.ip }))
    .sort((x, y) => x.user_id.localeCompare(y.user_id) || (x.first ?? 0) - (y.first ?? 0));
  expect(have).toEqual(want);
});
