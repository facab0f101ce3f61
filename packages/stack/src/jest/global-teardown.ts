import { stackDown } from '../stack';

/**
 * jest globalTeardown: stops the local stack only when this test run started it (a stack that was
 * already running stays up), and never when SLUICE_KEEP_STACK=1.
 */
export default async function globalTeardown(): Promise<void> {
  if (process.env.SLUICE_STACK_STARTED_BY_TESTS !== '1' || process.env.SLUICE_KEEP_STACK === '1') return;
  const result = await stackDown({});
  process.stdout.write(`[sluice stack] stopped ${result.parts.length} part(s) in ${(result.totalMs / 1000).toFixed(1)} s\n`);
}
