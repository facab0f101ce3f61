import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * This package's version, read from its package.json (src/ and dist/ are both one level below it).
 *
 * @example
 * ```ts
 * cliVersion() // '0.1.0'
 * ```
 */
export function cliVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  const version = typeof manifest === 'object' && manifest !== null ? (manifest as { version?: unknown }).version : undefined;
  return typeof version === 'string' ? version : '0.0.0';
}
