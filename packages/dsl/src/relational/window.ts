import type { WindowTvfNode } from '../ast/rel-node';
import { parseDuration } from '../dialect';

/** A window TVF over the time column `C`; pass it to `query.window(...)`. */
export interface WindowSpec<C extends string = string> {
  readonly kind: 'WindowSpec';
  readonly column: C;
  readonly node: WindowTvfNode;
}

function spec<C extends string>(column: C, n: WindowTvfNode): WindowSpec<C> {
  return Object.freeze({ kind: 'WindowSpec', column, node: Object.freeze(n) });
}

/**
 * Fixed, non-overlapping windows.
 *
 * @example
 * ```ts
 * tumble('ts', '1 min')  // TABLE(TUMBLE(TABLE `trades`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE))
 * ```
 */
export function tumble<C extends string>(column: C, size: string): WindowSpec<C> {
  return spec(column, { kind: 'Tumble', timeColumn: column, size: parseDuration(size, 'tumble size') });
}

/**
 * Sliding windows of `size` that start every `slide`.
 *
 * @example
 * ```ts
 * hop('ts', '1 min', '5 min')  // HOP(TABLE ..., DESCRIPTOR(`ts`), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE)
 * ```
 */
export function hop<C extends string>(column: C, slide: string, size: string): WindowSpec<C> {
  return spec(column, { kind: 'Hop', timeColumn: column, step: parseDuration(slide, 'hop slide'), size: parseDuration(size, 'hop size') });
}

/**
 * Windows that grow by `step` up to `maxSize`, then start again.
 *
 * @example
 * ```ts
 * cumulate('ts', '1 min', '1 h')  // CUMULATE(TABLE ..., DESCRIPTOR(`ts`), INTERVAL '1' MINUTE, INTERVAL '1' HOUR)
 * ```
 */
export function cumulate<C extends string>(column: C, step: string, maxSize: string): WindowSpec<C> {
  return spec(column, { kind: 'Cumulate', timeColumn: column, step: parseDuration(step, 'cumulate step'), size: parseDuration(maxSize, 'cumulate size') });
}

/**
 * Session windows closed by a gap of inactivity, per key.
 *
 * @example
 * ```ts
 * session('ts', '10 min', ['user_id'])  // SESSION(TABLE `clicks` PARTITION BY `user_id`, DESCRIPTOR(`ts`), INTERVAL '10' MINUTE)
 * ```
 */
export function session<C extends string>(column: C, gap: string, partitionBy: readonly string[] = []): WindowSpec<C> {
  return spec(column, { kind: 'Session', timeColumn: column, size: parseDuration(gap, 'session gap'), partitionBy: [...partitionBy] });
}
