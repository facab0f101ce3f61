import { Query, type Fields, type Signal, type SinkSpec, type Source } from '@sluice/dsl';
import { testingError } from './error-codes';

// The AST node types are internal to @sluice/dsl; reached through the query's state so this file
// follows them without a second copy.
type RelNode = Query<Fields>['state']['rel'];

/** A signal rewritten for one bounded test run, and the topics it was moved to. */
export interface BoundedCopy<F extends Fields> {
  readonly signal: Signal<F>;
  /** Original source topic -> the run's topic. */
  readonly sourceTopics: ReadonlyMap<string, string>;
  /** The run's sink topic. */
  readonly sinkTopic: string;
}

/**
 * A copy of `signal` whose Kafka sources read unique topics from the earliest offset up to the offsets
 * at job start (`scan.bounded.mode = latest-offset`, so the job finishes by itself and its final
 * watermark closes every event-time window), and whose sink writes a unique topic at-least-once
 * (a finished bounded job needs no transaction commit to make its rows visible).
 *
 * @internal
 */
export function boundedCopy<F extends Fields>(signal: Signal<F>, topicFor: (topic: string) => string): BoundedCopy<F> {
  const sink = signal.sink;
  if ((sink.connector !== 'kafka' && sink.connector !== 'upsert-kafka') || sink.topic === undefined) {
    throw testingError('TEST_UNSUPPORTED_SIGNAL', `signal '${signal.name}' writes to a ${sink.connector} sink; runSignal reads a Kafka sink`, {
      details: { signal: signal.name, connector: sink.connector },
      suggestion: "write the signal with kafka.sink('topic') or upsertKafka.sink('topic')",
    });
  }
  const sourceTopics = new Map<string, string>();
  const copies = new Map<Source, Source>();
  const copySource = (source: Source): Source => {
    const known = copies.get(source);
    if (known !== undefined) return known;
    let copy: Source = source;
    if (source.connector === 'kafka' || source.connector === 'upsert-kafka') {
      const original = source.topic ?? source.name;
      const topic = sourceTopics.get(original) ?? topicFor(original);
      sourceTopics.set(original, topic);
      const options = source.connector === 'kafka' ? { ...source.options, 'scan.startup.mode': 'earliest-offset' } : { ...source.options };
      delete (options as Record<string, string>)['scan.startup.timestamp-millis'];
      copy = Object.freeze({ ...source, topic, options: { ...options, 'scan.bounded.mode': 'latest-offset' } });
    } else if (source.connector === 'datagen' && source.unbounded) {
      throw testingError('TEST_UNSUPPORTED_SIGNAL', `source '${source.name}' of signal '${signal.name}' is an unbounded datagen source; a test run must end`, {
        details: { signal: signal.name, source: source.name },
        suggestion: 'give the datagen source numberOfRows, or read the rows from a Kafka source',
      });
    }
    copies.set(source, copy);
    return copy;
  };
  const query = signal.query;
  const rel = rewrite(query.state.rel, copySource);
  const sinkTopic = topicFor(sink.topic);
  const { delivery: _delivery, transactionalIdPrefix: _prefix, ...rest } = sink;
  const boundedSink: SinkSpec = Object.freeze({ ...rest, topic: sinkTopic, delivery: 'at-least-once' as const });
  const copy: Signal<F> = Object.freeze({ ...signal, query: new Query<Fields>({ ...query.state, rel }), sink: boundedSink });
  return { signal: copy, sourceTopics, sinkTopic };
}

function rewrite(rel: RelNode, source: (s: Source) => Source): RelNode {
  switch (rel.kind) {
    case 'Scan':
      return { ...rel, source: source(rel.source) };
    case 'Select':
    case 'Match':
    case 'Rank':
      return { ...rel, input: rewrite(rel.input, source) };
    case 'Join':
      return { ...rel, left: rewrite(rel.left, source), right: rewrite(rel.right, source) };
    case 'Union':
      return { ...rel, inputs: rel.inputs.map((i) => rewrite(i, source)) };
    case 'RawQuery':
      // A raw query names its tables in SQL: the table names stay, only their DDL (topics) changes.
      return { ...rel, sources: rel.sources.map(source) };
    default:
      return unreachable(rel);
  }
}

function unreachable(value: never): never {
  throw new Error(`unknown query node ${JSON.stringify(value)}`);
}
