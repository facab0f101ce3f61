import { randomBytes } from 'node:crypto';
import { createKafkaClient } from '@sluice/kafka';
import { testStackEndpoints } from '@sluice/stack';
import { readingFixture } from '../../../../../examples/iot/fixture';
import { silenceAlerts } from '../../../../../examples/iot/expected-alerts';
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
let deployedSilence: DeployedExample | undefined;
afterAll(async () => {
  for (const d of [deployed, deployedSilence]) {
    if (d === undefined) continue;
    await cancelJobs(d.ctx, d.jobIds);
    await d.ctx.close();
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

test('iot: a sensor silent for 1 minute alerts once per silence, including one that goes silent at the end; sensors still sending do not', async () => {
  const silenceTopics = iotTopics(`sluice.it.iot-silent.${SFX}`);
  // sensor-2 drops out for 2 min 20 s in the middle; sensor-5 stops 10 minutes before the end; the others send to the end.
  const readings2 = readingFixture(6, T0).filter((r) => {
    const i = Math.floor((r.ts_ms - T0) / 20_000);
    return !(r.sensor_id === 'sensor-2' && i >= 100 && i < 107) && !(r.sensor_id === 'sensor-5' && i > 150);
  });
  const lastTs = Math.max(...readings2.map((r) => r.ts_ms));
  // One reading 30 s after the last: the watermark (1 s behind) passes sensor-5's silence, not the others' last reading + 1 min.
  const flush30: ReadingEvent = { sensor_id: 'zz-flush', temperature: 0, pressure: 0, valve: 'open', ts_ms: lastTs + 30_000 };
  const want = silenceAlerts([...readings2, flush30], 60_000, flush30.ts_ms - 1000);
  expect(want.map((a) => a.sensor_id)).toEqual(['sensor-2', 'sensor-5']);

  const { silentSensors } = iotSignals(silenceTopics);
  deployedSilence = await deploySignals(`it_iot_silent_${SFX}`, [silentSensors], endpoints);
  try {
    const producer = await kafka.producer(readingsTarget(silenceTopics));
    await producer.send([...readings2, flush30].map(readingRow));
    await producer.close();
    // RowOf<typeof silentSensors>: last_seen is TIMESTAMP_LTZ (a Date), events a bigint.
    const rows = await firstRows(kafka.consume(silentSensors), want.length, 120_000);
    const have = rows.map((r) => ({ sensor_id: r.sensor_id ?? '', last_ms: r.last_seen?.getTime(), events: Number(r.events) })).sort((a, b) => a.sensor_id.localeCompare(b.sensor_id));
    expect(have).toEqual(want);
    // The session's end is the moment the silence reached 1 minute.
    for (const r of rows) expect((r.window_end?.getTime() ?? 0) - (r.last_seen?.getTime() ?? 0)).toBe(60_000);
    // Nothing more: sensors still sending (and the flush) have open sessions.
    expect(await firstRows(kafka.consume(silentSensors), want.length + 1, 8_000)).toHaveLength(want.length);
  } finally {
    await kafka.topics.delete(Object.values(silenceTopics)).catch(() => undefined);
  }
});
