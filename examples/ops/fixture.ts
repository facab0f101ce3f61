import type { RequestEvent } from './signals';
import { seededRandom as seeded } from '../shared/seeded-random';


const SERVICES: Readonly<Record<string, number>> = { checkout: 120, search: 45, auth: 20 };

/**
 * Request logs of three services for `minutes` minutes from `t0`: one request every 0.5 .. 3.5 s per
 * service, log-normal-ish latencies around the service's typical value with a slow spike in the middle,
 * 1% errors. Sorted by time.
 */
export function requestFixture(minutes: number, t0: number, seed = 9): RequestEvent[] {
  const rnd = seeded(seed);
  const out: RequestEvent[] = [];
  Object.entries(SERVICES).forEach(([service, typical], s) => {
    let ts = t0 + s * 37;
    while (ts < t0 + minutes * 60_000) {
      ts += 500 + Math.floor(rnd() * 3000);
      const spike = Math.abs(ts - t0 - (minutes * 60_000) / 2) < 60_000 ? 3 : 1;
      const latency = typical * spike * Math.exp((rnd() - 0.5) * 1.2) + rnd() * 5;
      out.push({ service, endpoint: ['/a', '/b', '/c'][Math.floor(rnd() * 3)] as string, latency_ms: Math.round(latency * 1000) / 1000, status: rnd() < 0.01 ? 503 : 200, ts_ms: ts });
    }
  });
  return out.sort((a, b) => a.ts_ms - b.ts_ms || a.service.localeCompare(b.service));
}

/** Number of (service, 10 s-aligned 5-minute window) pairs that contain at least one request. */
export function windowCount(events: readonly RequestEvent[]): number {
  const keys = new Set<string>();
  for (const e of events) {
    const last = e.ts_ms - (e.ts_ms % 10_000);
    for (let start = last; start > e.ts_ms - 300_000; start -= 10_000) keys.add(`${e.service}@${start}`);
  }
  return keys.size;
}
