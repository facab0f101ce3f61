import type { WindowTvfNode } from '../ast/rel-node';
import type { DslContext } from '../errors';
import { parseDuration } from '../dialect';

/** A window TVF over the time column `C`; pass it to `query.window(...)`. */
export interface WindowSpec<C extends string = string> {
  readonly kind: 'WindowSpec';
  readonly tvf: WindowTvfNode['kind'];
  readonly column: C;
  /** TUMBLE/HOP/CUMULATE size or SESSION gap, as written (parsed when the window is used). */
  readonly size: string;
  /** HOP slide or CUMULATE step. */
  readonly step?: string;
  readonly partitionBy?: readonly string[];
}

function spec<C extends string>(s: WindowSpec<C>): WindowSpec<C> {
  return Object.freeze(s);
}

/** @internal The window node, with durations parsed in the signal's context. */
export function windowNode(s: WindowSpec, ctx: DslContext): WindowTvfNode {
  const size = parseDuration(s.size, { signal: ctx.signal, field: `${s.tvf.toLowerCase()} size` }, { positive: true });
  const step = s.step === undefined ? undefined : parseDuration(s.step, { signal: ctx.signal, field: `${s.tvf.toLowerCase()} step` }, { positive: true });
  return Object.freeze({
    kind: s.tvf,
    timeColumn: s.column,
    size,
    ...(step === undefined ? {} : { step }),
    ...(s.partitionBy === undefined ? {} : { partitionBy: [...s.partitionBy] }),
  });
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
  return spec({ kind: 'WindowSpec', tvf: 'Tumble', column, size });
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
  return spec({ kind: 'WindowSpec', tvf: 'Hop', column, size, step: slide });
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
  return spec({ kind: 'WindowSpec', tvf: 'Cumulate', column, size: maxSize, step });
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
  return spec({ kind: 'WindowSpec', tvf: 'Session', column, size: gap, partitionBy: [...partitionBy] });
}
