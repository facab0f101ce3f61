// `node examples/iot/run.js`: deploys the overheat signal, produces an hour of readings of 6 sensors and
// prints the alerts (temperature above 100 for 5 minutes while pressure rises and the valve is closed),
// read as typed rows.
import { runExample } from '../shared/run-example';
import { readingFixture } from './fixture';
import { iotSignals, iotTopics, readingRow, readingsTarget } from './signals';
import type { ReadingEvent } from './signals';
import { overheatAlerts } from './expected-alerts';

const t0 = Date.now() - 3 * 3_600_000;
const readings = readingFixture(6, t0);
const flush: ReadingEvent = { sensor_id: 'zz-flush', temperature: 0, pressure: 0, valve: 'open', ts_ms: t0 + 10 * 3_600_000 };
const iso = (d: Date | null): string => (d === null ? '-' : d.toISOString());
const fixed = (v: number | null, digits: number): string => (v === null ? '-' : v.toFixed(digits));

void runExample({
  title: 'Sluice IoT example: temperature above 100 for 5 minutes while pressure rises and the valve is closed -> alert topic',
  project: 'iot',
  setup: (prefix) => {
    const topics = iotTopics(prefix);
    return { signal: iotSignals(topics).overheat, input: readingsTarget(topics) };
  },
  events: [...readings, flush].map(readingRow),
  expected: overheatAlerts(readings, 5 * 60_000).length,
  render: (rows) => [
    `${'sensor'.padEnd(10)}${'held since'.padEnd(26)}${'alert at'.padEnd(26)}${'temp'.padStart(8)}${'pressure'.padStart(10)}`,
    ...[...rows]
      .sort((a, b) => (a.sensor_id ?? '').localeCompare(b.sensor_id ?? '') || (a.started_at?.getTime() ?? 0) - (b.started_at?.getTime() ?? 0))
      .map((r) => `${(r.sensor_id ?? '-').padEnd(10)}${iso(r.started_at).padEnd(26)}${iso(r.alert_at).padEnd(26)}${fixed(r.temperature, 2).padStart(8)}${fixed(r.pressure, 4).padStart(10)}`),
  ],
});
