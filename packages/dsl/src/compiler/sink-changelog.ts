import type { Signal } from '../signal';
import { sinkKeyOf } from './sink-key';
import { carriesFilteredUpdates } from '../relational/changelog';

/**
 * What a signal's sink receives, in the words of Flink's `EXPLAIN CHANGELOG_MODE` on the sink's input:
 * `append` is `[I]` (inserts only), `upsert` is `[I,UA,D]` (updates without their before-image, keyed),
 * `retract` carries `UPDATE_BEFORE` too (`[I,UB,UA,D]`).
 */
export type SinkChangelog = 'append' | 'upsert' | 'retract';

/**
 * The changelog a signal's sink receives, as Flink's planner chooses it: an append-only query gives
 * `append`; an updating one gives `upsert` when the sink can take updates by key (upsert-kafka whose
 * key is the query's unique key, blackhole, which drops before-images), and `retract` when it needs
 * the before-images (print; an upsert-kafka key the query is not unique on, as Flink then
 * materializes the sink from retractions; a filter on non-key columns after the last update).
 *
 * @throws SluiceError `DSL_APPEND_SINK_UPDATES` and `DSL_UPSERT_KEY_REQUIRED` as {@link sinkKeyOf}
 * @example
 * ```ts
 * sinkChangelogOf(vwap1m)                  // 'append'  (window aggregate into kafka.sink)
 * sinkChangelogOf(volumeBySymbol)          // 'upsert'  (GROUP BY symbol into upsertKafka.sink keyed by symbol)
 * sinkChangelogOf(countsToPrint)           // 'retract' (a group aggregate into print.sink)
 * ```
 */
export function sinkChangelogOf(s: Signal): SinkChangelog {
  const key = sinkKeyOf(s);
  if (s.query.changelog === 'append') return 'append';
  if (carriesFilteredUpdates(s.query.materialize(), s.query.state.filteredUpdates)) return 'retract';
  switch (s.sink.connector) {
    case 'blackhole':
      return 'upsert';
    case 'print':
    case 'kafka':
      return 'retract';
    case 'upsert-kafka':
      return sameColumns(key, s.query.state.uniqueKey ?? []) ? 'upsert' : 'retract';
  }
}

function sameColumns(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((c) => b.includes(c));
}
