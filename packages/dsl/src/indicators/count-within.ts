import type { BooleanType, DataType, Fields } from '../types/data-type';
import { parseDuration } from '../dialect';
import { dslError } from '../errors';
import type { Expr } from '../expr/expr';
import type { Columns } from '../expr/row-proxy';
import type { Query, SelectShape, Simplify } from '../relational/query';
import type { PatternTerm, PatternVariable } from '../relational/match';
import type { SetNull } from '../expr/static-types';
import type { IndicatorInput, TimeTypeOf } from './series-input';
import { integerParam, resolveSeries } from './series-input';

/** Options of {@link countWithin}. */
export interface CountWithinOptions<F extends Fields, K extends keyof F & string, L extends keyof F & string> {
  /** The kind of event counted, e.g. `(e) => e.success.eq(false)`. */
  readonly when: (row: Columns<F>) => Expr<BooleanType>;
  /** How many such events (>= 2). */
  readonly count: number;
  /** Time from the first to the last of them, e.g. `'5 min'`. */
  readonly within: string;
  /** Key column(s): events are counted per key. */
  readonly by?: K | readonly K[];
  /** Time attribute (default: the input's only one). */
  readonly time?: keyof F & string;
  /** Columns whose value at the last counted event is output (e.g. `['ip']`). */
  readonly last?: readonly L[];
  /** True: the events must be consecutive rows of the key; false (default): other rows may come between. */
  readonly consecutive?: boolean;
}

/** Columns of {@link countWithin}: keys, `first_at`, `last_at`, and the `last` columns. */
export type CountWithinFields<F extends Fields, K extends keyof F, L extends keyof F, T extends DataType> = Pick<F, K> & {
  readonly first_at: SetNull<T, true>;
  readonly last_at: SetNull<T, true>;
} & { readonly [C in L]: SetNull<F[C], true> };

/**
 * Pattern template "N events of kind X within T per key" (MATCH_RECOGNIZE): one row per match with the
 * key, the times of the first and last counted event, and chosen columns of the last one. After a match
 * the search resumes past its last row, so N events give one alert, 2N events two.
 *
 * @throws SluiceError `DSL_INVALID_PARAMETER` (count < 2), `DSL_UNKNOWN_COLUMN`, `DSL_WATERMARK_REQUIRED`, `DSL_INVALID_DURATION`
 * @example
 * ```ts
 * indicators.countWithin(logins, { when: (e) => e.success.eq(false), count: 3, within: '5 min', by: 'user_id', last: ['ip'] })
 * // SELECT * FROM `logins` MATCH_RECOGNIZE (PARTITION BY `user_id` ORDER BY `ts`
 * //   MEASURES FIRST(`E1`.`ts`) AS `first_at`, LAST(`E3`.`ts`) AS `last_at`, ... LAST(`E3`.`ip`) AS `ip`
 * //   ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW PATTERN (E1 S1*? E2 S2*? E3) WITHIN INTERVAL '5' MINUTE
 * //   DEFINE E1 AS `success` = FALSE, ..., S1 AS NOT (`success` = FALSE), ...)
 * ```
 */
export function countWithin<F extends Fields, const K extends keyof F & string, const L extends keyof F & string = never>(
  input: IndicatorInput<F>,
  options: CountWithinOptions<F, K, L>,
): Query<Simplify<CountWithinFields<F, K, L, TimeTypeOf<F>>>> {
  const s = resolveSeries('countWithin', input, { by: options?.by, time: options?.time }, false);
  const n = integerParam(s.ctx, 'countWithin', 'count', options.count, 2);
  parseDuration(options.within, { signal: s.ctx.signal, field: 'within' });
  if (typeof options.when !== 'function') throw dslError('DSL_INVALID_PARAMETER', { signal: s.ctx.signal, field: 'when' }, 'countWithin needs when: (row) => condition');
  const last = [...(options.last ?? [])] as string[];
  for (const c of last) {
    if (!(c in s.query.fields)) throw dslError('DSL_UNKNOWN_COLUMN', { signal: s.ctx.signal, field: c }, `countWithin last names column '${c}', which does not exist`);
    if (s.keys.includes(c)) throw dslError('DSL_DUPLICATE_NAME', { signal: s.ctx.signal, field: c }, `'${c}' is a key column; it is output anyway`);
  }
  const names = Array.from({ length: n }, (_, i) => `E${i + 1}`);
  const consecutive = options.consecutive === true;
  const define: Record<string, (row: Columns<F>) => Expr<BooleanType>> = {};
  for (const v of names) define[v] = options.when;
  // Flink wants every pattern variable once: one skip variable per gap (S1, S2, ...)
  const skips = consecutive ? [] : names.slice(1).map((_, i) => `S${i + 1}`);
  for (const v of skips) define[v] = (row) => options.when(row).not();
  const firstVar = names[0] as string;
  const lastVar = names[n - 1] as string;
  const q = (s.query as Query<Fields>).match({
    partitionBy: s.keys,
    orderBy: s.time,
    within: options.within,
    define,
    pattern: (p: Readonly<Record<string, PatternTerm>>) => {
      const terms: PatternTerm[] = [];
      names.forEach((v, i) => {
        if (i > 0 && !consecutive) terms.push((p[`S${i}`] as PatternTerm).zeroOrMore().reluctant());
        terms.push(p[v] as PatternTerm);
      });
      return terms;
    },
    measures: (m: Readonly<Record<string, PatternVariable<Fields>>>) => {
      const first = m[firstVar] as PatternVariable<Fields>;
      const lastOne = m[lastVar] as PatternVariable<Fields>;
      const out: Record<string, Expr<DataType>> = { first_at: first.first(s.time), last_at: lastOne.last(s.time) };
      for (const c of last) out[c] = lastOne.last(c);
      return out as SelectShape;
    },
  } as never);
  return q as unknown as Query<Simplify<CountWithinFields<F, K, L, F[keyof F]>>>;
}
