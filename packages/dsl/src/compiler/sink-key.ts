import { dslError } from '../errors';
import type { Signal } from '../signal';

/**
 * The primary key of a signal's sink: the columns of `PRIMARY KEY (...)` in its sink DDL and of the
 * record key an upsert-kafka sink writes (`upsertKafka.sink(topic, { key })`, else the query's unique
 * key); empty for append sinks. The compiler and `@sluice/kafka`'s `table(signal)` both use it, so the
 * consumer keys its live table exactly as Flink keys the topic.
 *
 * @throws SluiceError `DSL_APPEND_SINK_UPDATES` when an updating query meets an append-only sink,
 *   `DSL_UPSERT_KEY_REQUIRED` when an upsert sink has no key to use.
 * @example
 * ```ts
 * const latest = signal('latest_price').from(trades).groupBy('symbol').select(r => ({ price: lastValue(r.price) }))
 *   .to(upsertKafka.sink('signals.latest_price'))
 * sinkKeyOf(latest) // ['symbol']
 * ```
 */
export function sinkKeyOf(s: Signal): readonly string[] {
  const q = s.query;
  if (!s.sink.acceptsUpdates) {
    if (q.changelog === 'update') {
      const key = q.state.uniqueKey;
      const hint = key !== undefined && key.length > 0 ? `upsertKafka.sink('${s.sink.topic ?? s.name}', { key: [${key.map((k) => `'${k}'`).join(', ')}] })` : 'upsertKafka.sink(topic, { key: [...] })';
      throw dslError('DSL_APPEND_SINK_UPDATES', { signal: s.name, field: s.sink.topic ?? s.sink.connector }, `the query updates rows (group aggregate, outer join or top-N), but the ${s.sink.connector} sink only appends`, `write to an upsert sink with a key: ${hint}`);
    }
    return [];
  }
  if (s.sink.connector !== 'upsert-kafka') return [];
  const key = s.sink.key ?? q.state.uniqueKey;
  if (key === undefined || key.length === 0) {
    throw dslError('DSL_UPSERT_KEY_REQUIRED', { signal: s.name, field: s.sink.topic ?? 'sink' }, 'an upsert-kafka sink needs a key, and the query has no unique key to use', 'pass { key: [...] } to upsertKafka.sink');
  }
  return key;
}
