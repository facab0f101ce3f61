// `node examples/iot/run.js`: deploys the overheat signal, produces an hour of readings of 6 sensors and
// prints the alerts (temperature above 100 for 5 minutes while pressure rises and the valve is closed).
import { runExample } from '../shared/run-example';
import { readingFixture } from './fixture';
import { iotSignals, iotTopics } from './signals';
import type { ReadingEvent } from './signals';
import { overheatAlerts } from './expected-alerts';

interface AlertRow {
  sensor_id: string;
  started_at: string;
  alert_at: string;
  temperature: number;
  pressure: number;
}

const t0 = Date.now() - 3 * 3_600_000;
const readings = readingFixture(6, t0);
const flush: ReadingEvent = { sensor_id: 'zz-flush', temperature: 0, pressure: 0, valve: 'open', ts_ms: t0 + 10 * 3_600_000 };

void runExample<ReadingEvent, AlertRow>({
  title: 'Sluice IoT example: temperature above 100 for 5 minutes while pressure rises and the valve is closed -> alert topic',
  project: 'iot',
  signals: (prefix) => {
    const topics = iotTopics(prefix);
    return { signals: [iotSignals(topics).overheat], input: topics.readings, output: topics.alerts };
  },
  events: [...readings, flush],
  key: (e) => e.sensor_id,
  expected: overheatAlerts(readings, 5 * 60_000).length,
  render: (rows) => [
    `${'sensor'.padEnd(10)}${'held since'.padEnd(26)}${'alert at'.padEnd(26)}${'temp'.padStart(8)}${'pressure'.padStart(10)}`,
    ...[...rows]
      .sort((a, b) => a.sensor_id.localeCompare(b.sensor_id) || a.started_at.localeCompare(b.started_at))
      .map((r) => `${r.sensor_id.padEnd(10)}${r.started_at.padEnd(26)}${r.alert_at.padEnd(26)}${r.temperature.toFixed(2).padStart(8)}${r.pressure.toFixed(4).padStart(10)}`),
  ],
});
