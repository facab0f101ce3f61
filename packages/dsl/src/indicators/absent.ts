import type { BigintType, BooleanType, DataType, Fields } from '../types/data-type';
import type { SetNull } from '../expr/static-types';
import { count, max } from '../expr/aggregates';
import type { Expr } from '../expr/expr';
import type { Columns } from '../expr/row-proxy';
import { requireColumn } from '../expr/row-proxy';
import type { Query, SelectShape, Simplify, WindowFields } from '../relational/query';
import { session } from '../relational/window';
import type { WindowSpec } from '../relational/window';
import { parseDuration } from '../dialect';
import { dslError } from '../errors';
import type { IndicatorInput, TimeTypeOf } from './series-input';
import { resolveSeries, toQuery } from './series-input';

/** Options of {@link absent}. */
export interface AbsentOptions<F extends Fields, K extends keyof F & string> {
  /** Key column(s): silence is watched per key, e.g. `'device_id'`. */
  readonly by: K | readonly K[];
  /** How long a key must be silent to alert, e.g. `'1 min'`. */
  readonly for: string;
  /** Time attribute (default: the input's only one). */
  readonly time?: keyof F & string;
}

/** Columns of {@link absent}: the session's bounds, the keys, the last event's time and how many events came before the silence. */
export type AbsentFields<F extends Fields, K extends keyof F> = WindowFields &
  Pick<F, K> & { readonly last_seen: SetNull<TimeTypeOf<F>, true>; readonly events: BigintType<false> };

/**
 * "No event from a key for `for`" (e.g. a sensor silent for 1 min): one row each time a key falls silent,
 * as a SESSION window per key with the silence as its gap. `window_end` (= `last_seen` + `for`) is the
 * event time at which the silence reached `for`; `events` counts the key's events since its previous
 * silence. Append-only.
 *
 * When it fires: when the watermark passes `window_end`, i.e. once any event with a time at least
 * `window_end` + the watermark delay has arrived from the source (from any key). A source that is silent
 * as a whole has no watermark progress and raises nothing until events arrive again (or, with several
 * partitions, until `scan.watermark.idle-timeout` lets the active partitions drive it); a key never seen
 * cannot be reported absent.
 *
 * @throws SluiceError `DSL_UNKNOWN_COLUMN`, `DSL_WATERMARK_REQUIRED`, `DSL_INVALID_DURATION`, `DSL_INVALID_PARAMETER`
 * @example
 * ```ts
 * indicators.absent(heartbeats, { by: 'device_id', for: '1 min' })
 * // SELECT `window_start`, `window_end`, `device_id`, MAX(`ts`) AS `last_seen`, COUNT(*) AS `events`
 * // FROM TABLE(SESSION(TABLE `heartbeats` PARTITION BY `device_id`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE))
 * // GROUP BY `window_start`, `window_end`, `device_id`
 * ```
 */
export function absent<F extends Fields, const K extends keyof F & string>(input: IndicatorInput<F>, options: AbsentOptions<F, K>): Query<Simplify<AbsentFields<F, K>>> {
  const s = resolveSeries('absent', input, { by: options?.by, time: options?.time }, false);
  if (s.keys.length === 0) throw dslError('DSL_INVALID_PARAMETER', { signal: s.ctx.signal, field: 'by' }, 'absent needs by: the key whose silence is watched', "pass by: 'device_id'");
  parseDuration(options.for, { signal: s.ctx.signal, field: 'for' }, { positive: true });
  return s.query
    .window(session(s.time, options.for, s.keys) as WindowSpec<keyof F & string>)
    .groupBy(...(s.keys as K[]))
    .select((r) => ({ last_seen: max((r as unknown as Columns<Fields>)[s.time] as Expr<DataType>), events: count() })) as unknown as Query<Simplify<AbsentFields<F, K>>>;
}

/** Options of {@link notFollowedBy}. */
export interface NotFollowedByOptions<A extends Fields, B extends Fields> {
  /** Which `then` row answers a `first` row, e.g. `(o, p) => o.order_id.eq(p.order_id)`. */
  readonly on: (first: Columns<A>, then: Columns<B>) => Expr<BooleanType>;
  /** Event-time columns of both: `['ts', 'ts']`. */
  readonly time: readonly [keyof A & string, keyof B & string];
  /** How long after the first row an answer may come, e.g. `'10 min'` (inclusive). */
  readonly within: string;
}

/**
 * "A not followed by B within T" (e.g. an order without a payment in 10 min): every `first` row that no
 * `then` row answered within `within`, with all its columns. Compiled to an event-time LEFT interval join
 * (`then.time BETWEEN first.time AND first.time + within`) keeping the rows without a match: Flink emits such
 * a row once the watermarks of both inputs pass `first.time + within`, so it is append-only and never
 * retracted. (MATCH_RECOGNIZE cannot end a pattern with an absence in Flink SQL, and sees one stream only.)
 * A `then` row earlier than its `first` row does not count as an answer.
 *
 * When it fires: when the slower of the two inputs' watermarks passes `first.time + within`; an idle `then`
 * source holds every alert back (set `scan.watermark.idle-timeout`, which Sluice's Kafka sources do).
 *
 * @throws SluiceError `DSL_UNKNOWN_COLUMN`, `DSL_WATERMARK_REQUIRED`, `DSL_TYPE_MISMATCH`, `DSL_INVALID_DURATION`
 * @example
 * ```ts
 * indicators.notFollowedBy(orders, payments, { on: (o, p) => o.order_id.eq(p.order_id), time: ['ts', 'ts'], within: '10 min' })
 * // SELECT `l`.`order_id` AS `order_id`, ..., `l`.`ts` AS `ts` FROM `orders` AS `l` LEFT JOIN `payments` AS `r`
 * //   ON `l`.`order_id` = `r`.`order_id` AND `r`.`ts` BETWEEN `l`.`ts` + INTERVAL '0' SECOND AND `l`.`ts` + INTERVAL '10' MINUTE
 * //   WHERE `r`.`ts` IS NULL
 * ```
 */
export function notFollowedBy<A extends Fields, B extends Fields>(first: IndicatorInput<A>, then: IndicatorInput<B>, options: NotFollowedByOptions<A, B>): Query<A> {
  const a = toQuery('notFollowedBy', first);
  const b = toQuery('notFollowedBy', then);
  const ctx = { signal: a.state.ctx.signal, field: 'notFollowedBy' };
  if (options === null || typeof options !== 'object') throw dslError('DSL_INVALID_PARAMETER', ctx, 'notFollowedBy needs { on, time, within }');
  parseDuration(options.within, { signal: ctx.signal, field: 'within' }, { positive: true });
  const [, thenTime] = options.time ?? [];
  requireColumn(b.fields, thenTime, { signal: ctx.signal, field: String(thenTime) }, 'notFollowedBy time');
  const names = Object.keys(a.fields);
  return a
    .intervalJoin(b, { on: options.on, time: options.time, between: ['0 s', options.within], type: 'left' })
    // The then side's time is NOT NULL in every answered row, so NULL marks "no answer within".
    .where((_, r) => (r as unknown as Columns<Fields>)[thenTime as string]!.isNull())
    .select((l) => Object.fromEntries(names.map((n) => [n, (l as unknown as Columns<Fields>)[n]])) as SelectShape) as unknown as Query<A>;
}
