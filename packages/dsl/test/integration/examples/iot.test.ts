import { randomBytes } from 'node:crypto';
import { createKafkaClient } from '@sluice/kafka';
import { testStackEndpoints } from '@sluice/stack';
import { readingFixture } from '../../../../../examples/iot/fixture';
import { iotSignals, iotTopics, readingRow, readingsTarget } from '../../../../../examples/iot/signals';
import type { ReadingEvent } from '../../../../../examples/iot/signals';
import { cancelJobs, deploySignals } from '../../../../../examples/shared/deploy-signals';
import type { DeployedExample } from '../../../../../examples/shared/deploy-signals';
import { firstRows } from '../../../../../examples/shared/first-rows';

// examples/iot end to end: the overheat signal (pressure change via indicators.roc, then the heldFor
// template) deployed with @sluice/deploy, an hour of readings of 6 sensors produced with the typed producer,
// alerts read back as typed rows with consume(signal) and compared with the alerts computed from the fixture.

const SFX = randomBytes(4).toString('hex');
const topics = iotTopics(`sluice.it.iot.${SFX}`);
const endpoints = testStackEndpoints();
const kafka = createKafkaClient({ brokers: [...endpoints.kafkaBrokers], clientId: 'sluice-iot-e2e' });
const T0 = Date.UTC(2024, 0, 4, 6, 0, 0);
const readings = readingFixture(6, T0);
const flush: ReadingEvent = { sensor_id: 'zz-flush', temperature: 0, pressure: 0, valve: 'open', ts_ms: T0 + 10 * 3_600_000 };
const HOLD = 5 * 60_000;

let deployed: DeployedExample | undefined;
afterAll(async () => {
  if (deployed !== undefined) {
    await cancelJobs(deployed.ctx, deployed.jobIds);
    await deployed.ctx.close();
  }
  await kafka.topics.delete(Object.values(topics)).catch(() => undefined);
  await kafka.close();
});

/** Expected alerts: per sensor, for each maximal stretch of qualifying readings, alert every 5 minutes of it. */
function expectedAlerts(): { sensor_id: string; started: number; alert: number; temperature: number; pressure: number }[] {
  const out: { sensor_id: string; started: number; alert: number; temperature: number; pressure: number }[] = [];
  const sensors = [...new Set(readings.map((r) => r.sensor_id))];
  for (const sensor_id of sensors) {
    const rs = readings.filter((r) => r.sensor_id === sensor_id);
    const ok = (i: number): boolean => {
      const r = rs[i] as ReadingEvent;
      const before = rs[i - 1];
      return before !== undefined && r.temperature > 100 && r.valve === 'closed' && r.pressure > before.pressure;
    };
    let i = 0;
    while (i < rs.length) {
      if (!ok(i)) {
        i++;
        continue;
      }
      const s = i;
      let j = s;
      while (j < rs.length && ok(j) && (rs[j] as ReadingEvent).ts_ms - (rs[s] as ReadingEvent).ts_ms < HOLD) j++;
      if (j < rs.length && ok(j)) {
        const e = rs[j] as ReadingEvent;
        out.push({ sensor_id, started: (rs[s] as ReadingEvent).ts_ms, alert: e.ts_ms, temperature: e.temperature, pressure: e.pressure });
        i = j + 1;
      } else {
        i = j + 1;
      }
    }
  }
  return out.sort((a, b) => a.sensor_id.localeCompare(b.sensor_id) || a.started - b.started);
}

test('iot: temperature above 100 for 5 minutes while pressure rises and the valve is closed gives exactly the alerts computed from the fixture', async () => {
  const want = expectedAlerts();
  expect(want.length).toBeGreaterThanOrEqual(3);
  expect(new Set(want.map((a) => a.sensor_id)).size).toBeGreaterThanOrEqual(2);

  const { overheat } = iotSignals(topics);
  deployed = await deploySignals(`it_iot_${SFX}`, [overheat], endpoints);
  const producer = await kafka.producer(readingsTarget(topics));
  await producer.send([...readings, flush].map(readingRow));
  await producer.close();
  // RowOf<typeof overheat>: started_at / alert_at are TIMESTAMP_LTZ, decoded to Date.
  const rows = await firstRows(kafka.consume(overheat), want.length, 120_000);
  const have = rows
    .map((r) => ({ sensor_id: r.sensor_id ?? '', started: r.started_at?.getTime(), alert: r.alert_at?.getTime(), temperature: r.temperature, pressure: r.pressure }))
    .sort((a, b) => a.sensor_id.localeCompare(b.sensor_id) || (a.started ?? 0) - (b.started ?? 0));
  expect(have).toEqual(want);
});
