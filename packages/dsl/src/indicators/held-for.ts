import type { BooleanType, DataType, Fields } from '../types/data-type';
import { parseDuration } from '../dialect';
import { dslError } from '../errors';
import type { Expr } from '../expr/expr';
import { interval } from '../expr/functions';
import type { Columns } from '../expr/row-proxy';
import type { SetNull } from '../expr/static-types';
import type { Query, SelectShape, Simplify } from '../relational/query';
import type { PatternTerm, PatternVariable } from '../relational/match';
import type { IndicatorInput, TimeTypeOf } from './series-input';
import { resolveSeries } from './series-input';

/** Options of {@link heldFor}. */
export interface HeldForOptions<F extends Fields, K extends keyof F & string, L extends keyof F & string> {
  /** The condition that must hold on every row, e.g. `(r) => r.temp.gt(100)`. */
  readonly condition: (row: Columns<F>) => Expr<BooleanType>;
  /** A second condition that must hold on the same rows ("while ..."), e.g. `(r) => r.valve.eq('closed')`. */
  readonly while?: (row: Columns<F>) => Expr<BooleanType>;
  /** How long it must hold: from the first row to a row at least this much later, e.g. `'5 min'`. */
  readonly duration: string;
  readonly by?: K | readonly K[];
  readonly time?: keyof F & string;
  /** Columns whose value at the alerting row is output. */
  readonly last?: readonly L[];
  /** Bound of a match in time (default: twice the duration); rows must keep coming within it. */
  readonly within?: string;
}

/** Columns of {@link heldFor}: keys, `started_at`, `alert_at`, and the `last` columns. */
export type HeldForFields<F extends Fields, K extends keyof F, L extends keyof F, T extends DataType> = Pick<F, K> & {
  readonly started_at: SetNull<T, true>;
  readonly alert_at: SetNull<T, true>;
} & { readonly [C in L]: SetNull<F[C], true> };

/**
 * Pattern template "condition held for D (while another condition holds)" per key (MATCH_RECOGNIZE):
 * an alert when every row of a key from `started_at` on satisfied both conditions and a row at least
 * `duration` after the first arrived (`alert_at`). A row that breaks either condition ends the episode;
 * after an alert the search resumes with the next row, so a condition that keeps holding alerts again
 * after another `duration`.
 *
 * @throws SluiceError `DSL_INVALID_PARAMETER`, `DSL_UNKNOWN_COLUMN`, `DSL_WATERMARK_REQUIRED`, `DSL_INVALID_DURATION`
 * @example
 * ```ts
 * indicators.heldFor(readings, { condition: (r) => r.temp.gt(100), while: (r) => r.valve_open.eq(false), duration: '5 min', by: 'sensor_id' })
 * // SELECT * FROM `readings` MATCH_RECOGNIZE (PARTITION BY `sensor_id` ORDER BY `ts`
 * //   MEASURES FIRST(`S`.`ts`) AS `started_at`, LAST(`E`.`ts`) AS `alert_at` ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW
 * //   PATTERN (S C* E) WITHIN INTERVAL '10' MINUTE
 * //   DEFINE S AS (`temp` > 100) AND (`valve_open` = FALSE), C AS ... AND `ts` < LAST(`S`.`ts`) + INTERVAL '5' MINUTE,
 * //          E AS ... AND `ts` >= LAST(`S`.`ts`) + INTERVAL '5' MINUTE)
 * ```
 */
export function heldFor<F extends Fields, const K extends keyof F & string, const L extends keyof F & string = never>(
  input: IndicatorInput<F>,
  options: HeldForOptions<F, K, L>,
): Query<Simplify<HeldForFields<F, K, L, TimeTypeOf<F>>>> {
  const s = resolveSeries('heldFor', input, { by: options?.by, time: options?.time }, false);
  const ctx = { signal: s.ctx.signal, field: 'duration' };
  const d = parseDuration(options.duration, ctx);
  if (d.amount <= 0) throw dslError('DSL_INVALID_PARAMETER', ctx, `heldFor: duration must be > 0, got '${options.duration}'`);
  if (typeof options.condition !== 'function') throw dslError('DSL_INVALID_PARAMETER', { signal: s.ctx.signal, field: 'condition' }, 'heldFor needs condition: (row) => boolean expression');
  const within = options.within ?? `${2 * d.amount} ${d.unit.toLowerCase()}`;
  const last = [...(options.last ?? [])] as string[];
  for (const c of last) {
    if (!(c in s.query.fields)) throw dslError('DSL_UNKNOWN_COLUMN', { signal: s.ctx.signal, field: c }, `heldFor last names column '${c}', which does not exist`);
    if (s.keys.includes(c)) throw dslError('DSL_DUPLICATE_NAME', { signal: s.ctx.signal, field: c }, `'${c}' is a key column; it is output anyway`);
  }
  const held = (row: Columns<F>): Expr<BooleanType> => (options.while === undefined ? options.condition(row) : options.condition(row).and(options.while(row)));
  const time = s.time;
  const due = (vars: Readonly<Record<string, PatternVariable<Fields>>>): Expr<DataType> =>
    ((vars.S as PatternVariable<Fields>).last(time) as Expr<DataType> as Expr<never>).plus(interval(options.duration) as never) as Expr<DataType>;
  const q = (s.query as Query<Fields>).match({
    partitionBy: s.keys,
    orderBy: time,
    within,
    define: {
      S: (row: Columns<F>) => held(row),
      C: (row: Columns<F>, vars: Readonly<Record<string, PatternVariable<Fields>>>) => held(row).and((row[time] as Expr<never>).lt(due(vars) as never)),
      E: (row: Columns<F>, vars: Readonly<Record<string, PatternVariable<Fields>>>) => held(row).and((row[time] as Expr<never>).ge(due(vars) as never)),
    },
    pattern: (p: Readonly<Record<string, PatternTerm>>) => [p.S as PatternTerm, (p.C as PatternTerm).zeroOrMore(), p.E as PatternTerm],
    measures: (m: Readonly<Record<string, PatternVariable<Fields>>>) => {
      const out: Record<string, Expr<DataType>> = { started_at: (m.S as PatternVariable<Fields>).first(time), alert_at: (m.E as PatternVariable<Fields>).last(time) };
      for (const c of last) out[c] = (m.E as PatternVariable<Fields>).last(c);
      return out as SelectShape;
    },
  } as never);
  return q as unknown as Query<Simplify<HeldForFields<F, K, L, F[keyof F]>>>;
}
