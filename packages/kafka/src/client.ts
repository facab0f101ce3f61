import type { Admin, Kafka } from 'kafkajs';
import type { Fields } from '@sluice/dsl';
import { arrowStream, type ArrowConsumeOptions, type ArrowStream } from './arrow/arrow-stream';
import { liveTable, type LiveTable, type TableOptions } from './changelog/live-table';
import type { KafkaConnection } from './connection';
import type { OpenFeed } from './consumer/feed-options';
import { RecordFeed } from './consumer/record-feed';
import { checkFeedOptions, type ReaderKind } from './consumer/check-feed-options';
import type { BadRecordOptions } from './consumer/bad-records';
import { deadLetterWriter } from './consumer/dead-letter-writer';
import { rowStream, type ConsumeOptions, type RowStream } from './consumer/row-stream';
import { kafkaJsCompression } from './compression/producer-compression';
import { codecsFor } from './codec/codec-for';
import { schemaRegistryClient, type SchemaRegistryClient, type SchemaRegistryOptions } from './codec/schema-registry';
import { kafkaError, wrapClientError } from './errors';
import { createKafkaJs } from './kafkajs-client';
import type { KafkaLogger } from './logger';
import { groupLag } from './lag';
import type { GroupLag } from './lag-types';
import { typedProducer } from './producer';
import type { ProducerOptions, TypedProducer } from './producer-types';
import { resolveTarget, type RowOfTarget, type Target } from './target';
import { applyTopicPlan, deleteTopics, describeTopics, planTopics, recordCount } from './topics/topic-admin';
import type { TopicApplyResult, TopicPlan, TopicSpec, TopicState } from './topics/topic-spec';

/** Options of {@link createKafkaClient} besides the connection. */
export interface KafkaClientOptions {
  /** Receives the client's log lines (credentials redacted). Default: silent. */
  readonly logger?: KafkaLogger;
  /** The schema registry of `avro-confluent` topics (Confluent-compatible API), or a client of it. */
  readonly schemaRegistry?: SchemaRegistryOptions | SchemaRegistryClient;
}

/** Declarative topics: plan the changes that make the cluster match, then apply them. */
export interface TopicsApi {
  /** Reads the named topics (absent ones are missing from the map). */
  describe(names: readonly string[]): Promise<Map<string, TopicState>>;
  /** create / update (configs, more partitions) / unchanged / refused, with the drift of each topic. */
  plan(desired: readonly TopicSpec[]): Promise<TopicPlan>;
  /** Applies a plan (or plans and applies desired topics); refuses everything while any change is refused. */
  apply(planOrDesired: TopicPlan | readonly TopicSpec[]): Promise<TopicApplyResult>;
  /** Deletes the named topics that exist (absent ones are skipped) and returns the names deleted. */
  delete(names: readonly string[]): Promise<string[]>;
  /** Records a topic holds now (end minus start offsets over its partitions), e.g. a dead-letter topic's count; 0n when absent. */
  recordCount(name: string): Promise<bigint>;
}

/**
 * A Sluice Kafka client: topics, typed producers and consumers, live tables, lag. One per app.
 *
 * @example
 * ```ts
 * const kafka = createKafkaClient({ brokers: ['localhost:9092'], clientId: 'dashboard' })
 * await kafka.topics.apply([{ name: 'market.trades', partitions: 3 }])
 * const producer = await kafka.producer({ topic: 'market.trades', schema: Trade, key: ['symbol'] })
 * await producer.send([{ symbol: 'ACME', price: 1.5, qty: 10n, ts: new Date() }])
 * for await (const trade of kafka.consume({ topic: 'market.trades', schema: Trade })) console.log(trade.qty)
 * // or straight from a compiled signal: its sink topic, its row type (RowOf<typeof vwap1m>), its key
 * for await (const row of kafka.consume(vwap1m, { from: 'latest' })) console.log(row.symbol, row.vwap)
 * await kafka.close()
 * ```
 */
export interface SluiceKafka {
  readonly topics: TopicsApi;
  producer<T extends Target<Fields>>(target: T, options?: ProducerOptions): Promise<TypedProducer<FieldsOfTarget<T>>>;
  consume<T extends Target<Fields>>(target: T, options?: ConsumeOptions): RowStream<RowOfTarget<T>>;
  consumeArrow<T extends Target<Fields>>(target: T, options?: ArrowConsumeOptions): ArrowStream;
  table<T extends Target<Fields>>(target: T, options?: TableOptions): LiveTable<RowOfTarget<T>>;
  /** Lag per partition of a consumer group (a Flink job's source commits under its `properties.group.id`). */
  lag(groupId: string, options?: { readonly topics?: readonly string[] }): Promise<GroupLag>;
  /** Closes every producer, consumer and table of this client. */
  close(): Promise<void>;
}

/** The field record of a target. */
export type FieldsOfTarget<T> = T extends { readonly schema: { readonly fields: infer F extends Fields } } ? F : T extends { readonly fields: infer F extends Fields } ? F : never;

/** Creates a {@link SluiceKafka} client. Nothing connects until it is used. */
export function createKafkaClient(connection: KafkaConnection, options: KafkaClientOptions = {}): SluiceKafka {
  const kafka: Kafka = createKafkaJs(connection, options.logger);
  const open = new Set<{ close(): Promise<void> }>();
  let admin: Promise<Admin> | undefined;
  let closed = false;
  const registryOption = options.schemaRegistry;
  let registry: SchemaRegistryClient | undefined;
  const getRegistry =
    registryOption === undefined ? undefined : (): SchemaRegistryClient => (registry ??= 'register' in registryOption ? registryOption : schemaRegistryClient(registryOption));

  const check = (): void => {
    if (closed) throw kafkaError('KAFKA_CLOSED', 'this Kafka client is closed');
  };
  const getAdmin = (): Promise<Admin> => {
    check();
    admin ??= (async () => {
      const a = kafka.admin();
      try {
        await a.connect();
      } catch (error) {
        admin = undefined;
        throw wrapClientError(error, 'KAFKA_CONNECTION', 'connecting the admin client');
      }
      return a;
    })();
    return admin;
  };
  // onBadRecord: { deadLetter } gets a writer to the dead-letter topic, closed with the reader.
  const withDeadLetters = <O extends BadRecordOptions>(topic: string, opts: O): O => {
    const policy = opts.onBadRecord;
    if (typeof policy !== 'object' || policy === null) return opts;
    if (typeof policy.deadLetter !== 'string' || policy.deadLetter === '') throw kafkaError('KAFKA_INVALID_CONFIG', "onBadRecord must be 'skip', 'throw' or { deadLetter: 'topic' }");
    return { ...opts, deadLetterSink: deadLetterWriter(kafka, topic, policy.deadLetter) };
  };
  const feed = (reader: ReaderKind, topic: string, opts: ConsumeOptions | TableOptions, from?: ConsumeOptions['from']): OpenFeed => {
    // Bad options fail the call itself, before anything connects.
    checkFeedOptions(topic, from === undefined ? opts : { ...opts, from }, reader);
    return (prepare) => {
      check();
      const handle: { close(): Promise<void> } = { close: async () => f.close() };
      const f = new RecordFeed(kafka, topic, from === undefined ? opts : { ...opts, from }, () => open.delete(handle), prepare);
      open.add(handle);
      return f;
    };
  };

  return {
    topics: {
      describe: async (names) => describeTopics(await getAdmin(), names),
      plan: async (desired) => planTopics(await getAdmin(), desired),
      apply: async (planOrDesired) => {
        const a = await getAdmin();
        const plan = 'changes' in planOrDesired ? planOrDesired : await planTopics(a, planOrDesired);
        return applyTopicPlan(a, plan);
      },
      delete: async (names) => deleteTopics(await getAdmin(), names),
      recordCount: async (name) => recordCount(await getAdmin(), name),
    },
    async producer(target, opts = {}) {
      check();
      const resolved = resolveTarget(target);
      kafkaJsCompression(opts.compression, resolved.topic); // refuse an unavailable compression before connecting
      // Avro: the writer schemas are registered before the first record (and before connecting).
      const codecs = codecsFor(resolved, getRegistry, opts);
      await codecs.value.prepare?.();
      await codecs.key?.prepare?.();
      const idempotent = opts.idempotent ?? true;
      const producer = kafka.producer({ allowAutoTopicCreation: false, idempotent, ...(idempotent ? { maxInFlightRequests: 1 } : {}) });
      try {
        await producer.connect();
      } catch (error) {
        throw wrapClientError(error, 'KAFKA_CONNECTION', `connecting a producer for '${resolved.topic}'`);
      }
      const handle: { close(): Promise<void> } = { close: async () => typed.close() };
      const typed = typedProducer(producer, resolved as never, opts, () => open.delete(handle), codecs) as TypedProducer<FieldsOfTarget<typeof target>>;
      open.add(handle);
      return typed;
    },
    consume(target, options = {}) {
      const resolved = resolveTarget(target);
      const opts = withDeadLetters(resolved.topic, options);
      return rowStream(feed('consume', resolved.topic, opts), resolved.topic, resolved.fields, opts, codecsFor(resolved, getRegistry, opts).value) as RowStream<RowOfTarget<typeof target>>;
    },
    consumeArrow(target, options = {}) {
      const resolved = resolveTarget(target);
      const opts = withDeadLetters(resolved.topic, options);
      return arrowStream(feed('consumeArrow', resolved.topic, opts), resolved.topic, resolved.fields, opts, codecsFor(resolved, getRegistry, opts).value);
    },
    table(target, opts = {}) {
      const resolved = resolveTarget(target);
      return liveTable(feed('table', resolved.topic, opts, 'earliest'), resolved.topic, resolved.fields, resolved.keyFields, opts, codecsFor(resolved, getRegistry, opts)) as LiveTable<RowOfTarget<typeof target>>;
    },
    lag: async (groupId, opts = {}) => groupLag(await getAdmin(), groupId, opts.topics),
    async close() {
      if (closed) return;
      closed = true;
      const pending = [...open].map((handle) => handle.close().catch(() => undefined));
      await Promise.all(pending);
      if (admin !== undefined) await (await admin.catch(() => undefined))?.disconnect();
    },
  };
}
