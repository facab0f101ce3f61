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

/** One expected silence: the sensor, its last reading before the silence, and how many readings came since its previous one. */
export interface ExpectedSilence {
  sensor_id: string;
  last_ms: number;
  events: number;
}

/**
 * Silences of at least `forMs` per sensor (a SESSION window with that gap: readings at most `forMs`
 * apart belong to one session), raised once the watermark `watermarkMs` reaches the silence's end
 * (last reading + `forMs`): a sensor still sending at the end has no alert yet.
 */
export function silenceAlerts(readings: readonly ReadingEvent[], forMs: number, watermarkMs: number): ExpectedSilence[] {
  const out: ExpectedSilence[] = [];
  for (const sensor_id of [...new Set(readings.map((r) => r.sensor_id))].sort()) {
    const times = readings.filter((r) => r.sensor_id === sensor_id).map((r) => r.ts_ms).sort((a, b) => a - b);
    let events = 0;
    times.forEach((t, i) => {
      events++;
      const next = times[i + 1];
      if (next !== undefined && next - t <= forMs) return;
      if (t + forMs - 1 <= watermarkMs) out.push({ sensor_id, last_ms: t, events });
      events = 0;
    });
  }
  return out;
}
