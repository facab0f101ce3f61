import type { ReadingEvent } from './signals';

/** One expected overheat alert. */
export interface ExpectedOverheat {
  sensor_id: string;
  started_ms: number;
  alert_ms: number;
}

/**
 * Alerts of "temperature > 100 while pressure rises (vs the sensor's previous reading) and the valve is
 * closed, held for `durationMs`": within each run of such readings, the first reading at least
 * `durationMs` after the run's start alerts; the next episode starts after it.
 */
export function overheatAlerts(readings: readonly ReadingEvent[], durationMs: number): ExpectedOverheat[] {
  const out: ExpectedOverheat[] = [];
  for (const sensor_id of [...new Set(readings.map((r) => r.sensor_id))].sort()) {
    const rs = readings.filter((r) => r.sensor_id === sensor_id).sort((a, b) => a.ts_ms - b.ts_ms);
    const held = rs.map((r, i) => i > 0 && r.temperature > 100 && r.valve === 'closed' && r.pressure > (rs[i - 1] as ReadingEvent).pressure);
    let start: number | undefined;
    rs.forEach((r, i) => {
      if (!held[i]) {
        start = undefined;
        return;
      }
      if (start === undefined) start = r.ts_ms;
      else if (r.ts_ms - start >= durationMs) {
        out.push({ sensor_id, started_ms: start, alert_ms: r.ts_ms });
        start = undefined;
      }
    });
  }
  return out;
}
