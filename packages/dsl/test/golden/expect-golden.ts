import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Set to 1 to rewrite golden files from the current output (then review the diff). */
export const UPDATE_ENV = 'SLUICE_UPDATE_GOLDEN';

/** Compares `text` with `test/golden/<name>.sql` exactly; rewrites it when SLUICE_UPDATE_GOLDEN=1. */
export function expectGolden(name: string, text: string): void {
  const file = join(__dirname, `${name}.sql`);
  if (process.env[UPDATE_ENV] === '1') {
    writeFileSync(file, text);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden file ${name}.sql is missing; run with ${UPDATE_ENV}=1 to create it`);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** Names of all golden files (for the planner-truth integration test). */
export function goldenDir(): string {
  return __dirname;
}
