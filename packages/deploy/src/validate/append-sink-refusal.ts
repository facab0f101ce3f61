import type { PlannerError } from './verdict';

/**
 * Flink's planner refusing an updating query into an append-only sink, as validate (either path)
 * reports it: the DSL refuses this itself (`DSL_APPEND_SINK_UPDATES`) when it can see the updates, but
 * not inside a user's raw SQL; then the planner's EXPLAIN is the check.
 */
export interface AppendSinkRefusal {
  /** The sink table, as Flink names it (`default_catalog.default_database.top_sink`). */
  readonly sink: string;
  /** The plan node that produces the updates, e.g. `Rank`, `GroupAggregate`, `Join`. */
  readonly producer: string;
}

/** What the suggestion says: the two ways out, both typed in the DSL. */
export const APPEND_SINK_SUGGESTION =
  "write the signal to an upsert sink with a key (upsertKafka.sink(topic, { key: [...] })); when a rawSql fragment makes the query updating, declare it with rawSql(type, sql, { updating: true }) so compile refuses the append sink first";

// Flink 1.20-2.2: "Table sink 'c.d.t' doesn't support consuming update changes which is produced by node X(...)"
// ("update and delete changes" / "delete changes" in other cases).
const REFUSAL = /Table sink '([^']+)' doesn't support consuming (?:update|delete)[a-z ]* changes which is produced by node ([A-Za-z]+)/;

/**
 * The refusal in a planner error, or undefined for any other error.
 *
 * @example
 * ```ts
 * appendSinkRefusalOf({ rootCause: "Table sink 'default_catalog.default_database.top_sink' doesn't support consuming update and delete changes which is produced by node Rank(...)", ... })
 * // { sink: 'default_catalog.default_database.top_sink', producer: 'Rank' }
 * ```
 */
export function appendSinkRefusalOf(error: Pick<PlannerError, 'rootCause'> | undefined): AppendSinkRefusal | undefined {
  const m = REFUSAL.exec(error?.rootCause ?? '');
  return m?.[1] === undefined || m[2] === undefined ? undefined : { sink: m[1], producer: m[2] };
}
