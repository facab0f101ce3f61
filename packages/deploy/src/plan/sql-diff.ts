import { createTwoFilesPatch } from 'diff';

/**
 * A unified diff of two versions of a signal's SQL (the `diff` package), for plans shown to people.
 *
 * @example
 * ```ts
 * sqlDiff('clicks_per_user', oldSql, newSql, 'a1b2c3', 'd4e5f6')
 * // --- clicks_per_user@a1b2c3
 * // +++ clicks_per_user@d4e5f6
 * // @@ -30,1 +30,1 @@
 * // -WHERE `page` IS NOT NULL
 * // +WHERE `page` <> 'ignored'
 * ```
 */
export function sqlDiff(signal: string, before: string, after: string, beforeVersion: string, afterVersion: string): string {
  const patch = createTwoFilesPatch(`${signal}@${beforeVersion}`, `${signal}@${afterVersion}`, before, after, undefined, undefined, { context: 2 });
  // Drop the "=====" banner line createTwoFilesPatch starts with.
  return patch.replace(/^=+\n/, '').trimEnd();
}
