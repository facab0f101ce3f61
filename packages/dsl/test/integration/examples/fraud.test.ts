import { randomBytes } from 'node:crypto';
import { createKafkaClient } from '@sluice/kafka';
import { testStackEndpoints } from '@sluice/stack';
import { unpaidOrderAlerts } from '../../../../../examples/fraud/expected-alerts';
import { loginFixture, orderFixture } from '../../../../../examples/fraud/fixture';
import { fraudSignals, fraudTopics, loginRow, loginsTarget, orderRow, ordersTarget, paymentRow, paymentsTarget } from '../../../../../examples/fraud/signals';
import type { LoginEvent, OrderEvent, PaymentEvent } from '../../../../../examples/fraud/signals';
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
let deployedUnpaid: DeployedExample | undefined;
afterAll(async () => {
  for (const d of [deployed, deployedUnpaid]) {
    if (d === undefined) continue;
    await cancelJobs(d.ctx, d.jobIds);
    await d.ctx.close();
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

test('fraud: orders without a payment within 10 minutes give exactly the alerts computed from the fixture (late, missing and early payments)', async () => {
  const WITHIN_PAY = 10 * 60_000;
  const { orders, payments } = orderFixture(40, T0);
  // nothing within 2 s of the boundary, so the inclusive/exclusive edge cannot decide a case
  for (const p of payments) {
    const o = orders.find((x) => x.order_id === p.order_id) as OrderEvent;
    expect(Math.abs(p.ts_ms - o.ts_ms - WITHIN_PAY)).toBeGreaterThan(2000);
  }
  const last = Math.max(...orders.map((o) => o.ts_ms), ...payments.map((p) => p.ts_ms));
  // Both inputs move their watermark to `last` + 20 min; the flush order itself is not yet due.
  const flushOrder: OrderEvent = { order_id: 'zz-flush', user_id: '-', amount: 0, ts_ms: last + 20 * 60_000 };
  const flushPayment: PaymentEvent = { order_id: 'zz-none', amount: 0, ts_ms: last + 20 * 60_000 };
  const want = unpaidOrderAlerts([...orders, flushOrder], [...payments, flushPayment], WITHIN_PAY, flushOrder.ts_ms - 1000);
  const fates = { late: 0, never: 0, early: 0 };
  for (const o of want) {
    const p = payments.find((x) => x.order_id === o.order_id);
    if (p === undefined) fates.never++;
    else if (p.ts_ms < o.ts_ms) fates.early++;
    else fates.late++;
  }
  expect(fates.late).toBeGreaterThanOrEqual(2);
  expect(fates.never).toBeGreaterThanOrEqual(2);
  expect(fates.early).toBeGreaterThanOrEqual(1);

  const { unpaidOrders } = fraudSignals(topics);
  deployedUnpaid = await deploySignals(`it_fraud_unpaid_${SFX}`, [unpaidOrders], endpoints);
  const orderProducer = await kafka.producer(ordersTarget(topics));
  const paymentProducer = await kafka.producer(paymentsTarget(topics));
  await paymentProducer.send([...payments, flushPayment].map(paymentRow));
  await orderProducer.send([...orders, flushOrder].map(orderRow));
  await Promise.all([orderProducer.close(), paymentProducer.close()]);
  const rows = await firstRows(kafka.consume(unpaidOrders), want.length, 120_000);
  const have = rows.map((r) => ({ order_id: r.order_id ?? '', user_id: r.user_id ?? '', amount: r.amount, ts_ms: Number(r.ts_ms) })).sort((a, b) => a.order_id.localeCompare(b.order_id));
  expect(have).toEqual(want);
  // Nothing more (paid orders and the flush order are never raised).
  expect(await firstRows(kafka.consume(unpaidOrders), want.length + 1, 8_000)).toHaveLength(want.length);
});
