import { quoteIdentifier, renderType } from '../dialect';
import type { DslErrorDetails } from '../errors';
import type { Format } from '../relational/connectors';
import type { Signal } from '../signal';
import { sinkKeyOf } from './sink-key';
import { dslCodeError } from '../error-codes';

/** `details` of `DSL_TOPIC_CONFLICT`: `signal` is the later of the two, `field` the topic. */
export interface TopicConflictDetails extends DslErrorDetails {
  readonly field: string;
  /** Both signals, in compile order. */
  readonly signals: readonly [string, string];
  readonly topic: string;
  /** What differs: `row type`, `format`, `connector`, `key`. */
  readonly differences: readonly string[];
}

/** What a signal writes into its topic, as a reader of the topic sees it. */
interface TopicWrite {
  readonly signal: string;
  readonly connector: string;
  readonly format: string;
  readonly key: string;
  readonly row: string;
  /** The columns by name (JSON records are read by name). */
  readonly byName: string;
  /** Avro records are positional: the column order matters too. */
  readonly positional: boolean;
}

function formatText(format: Format): string {
  return typeof format === 'string' ? format : `${format.kind} (${format.registryUrl})`;
}

function writeOf(s: Signal): TopicWrite | undefined {
  const { sink } = s;
  if ((sink.connector !== 'kafka' && sink.connector !== 'upsert-kafka') || sink.topic === undefined) return undefined;
  const columns = Object.entries(s.fields).map(([name, type]) => `${quoteIdentifier(name)} ${renderType(type)}`);
  const positional = typeof sink.format === 'object' || sink.format === 'avro';
  return {
    signal: s.name,
    connector: sink.connector,
    format: formatText(sink.format),
    key: sinkKeyOf(s).join(', '),
    row: `(${columns.join(', ')})`,
    byName: [...columns].sort().join(', '),
    positional,
  };
}

/**
 * Refuses two signals that write one Kafka topic in different shapes (row type, format, upsert or
 * append, key): every reader of the topic (a consumer typed by either signal, a source of another
 * job) would meet records of the other shape. Writing one topic in the same shape is allowed (fan-in
 * from several jobs). Called by the project-level compile, which sees every signal at once.
 *
 * @throws SluiceError `DSL_TOPIC_CONFLICT` naming both signals and the topic ({@link TopicConflictDetails}).
 * @example
 * ```ts
 * checkTopicWriters([alertsA, alertsB]) // both .to(kafka.sink('alerts')) with the same output columns: fine
 * ```
 */
export function checkTopicWriters(signals: readonly Signal[]): void {
  const writers = new Map<string, TopicWrite>();
  for (const s of signals) {
    const write = writeOf(s);
    const topic = s.sink.topic;
    if (write === undefined || topic === undefined) continue;
    const first = writers.get(topic);
    if (first === undefined) {
      writers.set(topic, write);
      continue;
    }
    const differences: string[] = [];
    const shown: string[] = [];
    const compare = (what: string, a: string, b: string, showA = a, showB = b): void => {
      if (a === b) return;
      differences.push(what);
      shown.push(`${what}: '${first.signal}' writes ${showA || '(none)'}, '${write.signal}' writes ${showB || '(none)'}`);
    };
    const inOrder = first.positional && write.positional;
    compare('row type', inOrder ? first.row : first.byName, inOrder ? write.row : write.byName, first.row, write.row);
    compare('format', first.format, write.format);
    compare('connector', first.connector, write.connector);
    compare('key', first.key, write.key);
    if (differences.length === 0) continue;
    const details: TopicConflictDetails = { signal: write.signal, field: topic, signals: [first.signal, write.signal], topic, differences };
    throw dslCodeError<TopicConflictDetails>('DSL_TOPIC_CONFLICT', `signals '${first.signal}' and '${write.signal}' both write topic '${topic}' with a different ${differences.join(', ')} (${shown.join('; ')})`, {
      details,
      suggestion: `write one shape to '${topic}' from both signals, or give one of them its own topic`,
    });
  }
}
