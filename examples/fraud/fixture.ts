import type { LoginEvent } from './signals';
import { seededRandom as seeded } from '../shared/seeded-random';


/**
 * Login attempts of `users` users over about an hour from `t0`: mostly successes, bursts of failures
 * (some fast enough for an alert, some too slow), sorted by time. Deterministic for a seed.
 */
export function loginFixture(users: number, t0: number, seed = 3): LoginEvent[] {
  const rnd = seeded(seed);
  const out: LoginEvent[] = [];
  for (let u = 1; u <= users; u++) {
    const user_id = `user${u}`;
    let ts = t0 + u * 997;
    for (let i = 0; i < 60; i++) {
      // gaps: mostly 10 s .. 2 min, sometimes a long pause of 4 .. 9 min
      ts += rnd() < 0.15 ? 240_000 + Math.floor(rnd() * 300_000) : 10_000 + Math.floor(rnd() * 110_000);
      const attacker = u % 3 === 0;
      const success = rnd() < (attacker ? 0.25 : 0.8);
      out.push({ user_id, success, ip: `10.0.${u}.${1 + Math.floor(rnd() * 9)}`, ts_ms: ts });
    }
  }
  return out.sort((a, b) => a.ts_ms - b.ts_ms || a.user_id.localeCompare(b.user_id));
}
