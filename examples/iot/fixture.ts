import type { ReadingEvent } from './signals';
import { seededRandom as seeded } from '../shared/seeded-random';


/**
 * Readings every 20 s for 60 minutes from `t0` for `sensors` sensors. Each sensor alternates between
 * normal phases and "heat episodes" of random length (2 .. 14 minutes) with the temperature above 100 and
 * the pressure rising; episodes are sometimes broken by an open valve or a pressure dip. Sorted by time.
 */
export function readingFixture(sensors: number, t0: number, seed = 5): ReadingEvent[] {
  const rnd = seeded(seed);
  const out: ReadingEvent[] = [];
  for (let s = 1; s <= sensors; s++) {
    const sensor_id = `sensor-${s}`;
    let pressure = 2 + rnd();
    let hotUntil = -1;
    for (let i = 0; i < 180; i++) {
      const ts_ms = t0 + i * 20_000 + s * 101;
      if (hotUntil < i && rnd() < 0.06) hotUntil = i + 6 + Math.floor(rnd() * 36);
      const hot = i <= hotUntil;
      const temperature = hot ? 100.5 + rnd() * 10 : 70 + rnd() * 25;
      // rising while hot, with an occasional dip; wandering otherwise
      pressure = hot ? pressure + (rnd() < 0.05 ? -0.01 : 0.002 + rnd() * 0.02) : Math.max(1, pressure + (rnd() - 0.5) * 0.05);
      const valve = hot && rnd() < 0.03 ? 'open' : hot ? 'closed' : rnd() < 0.5 ? 'open' : 'closed';
      out.push({ sensor_id, temperature: Math.round(temperature * 100) / 100, pressure: Math.round(pressure * 10000) / 10000, valve, ts_ms });
    }
  }
  return out.sort((a, b) => a.ts_ms - b.ts_ms || a.sensor_id.localeCompare(b.sensor_id));
}
