import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { kafkaError, wrapClientError } from '../errors';
import type { StartFrom } from './start-position';
import type { FeedOptions, FeedSource, PrepareBatch } from './feed-options';

// kafkajs fetches 1 MiB per partition by default. Kafka returns whole stored record batches, and a batch cut
// off at the limit is fetched again next time, so with producer batches of hundreds of KiB half of each
// fetch was thrown away; 8 MiB fetches measured ~15-25% more rows/s. The total per fetch stays capped by
// kafkajs' maxBytes (10 MiB).
const DEFAULT_MAX_BYTES_PER_PARTITION = 8 * 1024 * 1024;

/**
 * @internal A pull-based buffer over a kafkajs consumer: fetched batches are queued, and the batch handler
 * holds the fetch loop while the queue is above the high-water mark, until it is below half of it, so memory stays bounded when the
 * app is slower than the topic.
 */
export class RecordFeed<B extends { readonly length: number }> implements FeedSource<B> {
  private readonly queue: B[] = [];
  private queued = 0;
  private drained: (() => void) | undefined;
  private waiter: (() => void) | undefined;
  private failure: unknown;
  private closed = false;
  private closing: Promise<void> | undefined;
  private consumer: Consumer | undefined;
  private readonly started: Promise<void>;
  private startDone = false;
  private readonly positions = new Map<number, string>();
  private commitTimer: NodeJS.Timeout | undefined;
  /** Commits run one after another, so an older position never lands after a newer one. */
  private commits: Promise<void> = Promise.resolve();
  private readyResolve!: () => void;
  /** Resolves once the consumer has joined its group and has partitions. */
  readonly ready: Promise<void>;
  readonly highWaterMark: number;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly options: FeedOptions,
    private readonly onClose: () => void,
    private readonly prepare: PrepareBatch<B>,
  ) {
    this.highWaterMark = options.highWaterMark ?? 10_000;
    this.ready = new Promise((resolve) => (this.readyResolve = resolve));
    this.started = this.start().finally(() => (this.startDone = true));
    // The failure is delivered through next(); avoid an unhandled rejection meanwhile.
    this.started.catch(() => undefined);
    this.ready.catch(() => undefined);
  }

  /** `commit: true`: commits on a timer and on close (`'manual'` only when the app asks). */
  private get autoCommit(): boolean {
    return (this.options.commit ?? this.options.groupId !== undefined) === true;
  }

  private async start(): Promise<void> {
    const from = this.options.from ?? (this.options.groupId !== undefined ? 'committed' : 'earliest');
    if (from === 'committed' && this.options.groupId === undefined) {
      throw kafkaError('KAFKA_INVALID_CONFIG', `from: 'committed' needs a groupId (topic '${this.topic}')`);
    }
    const seeks = await this.startOffsets(from);
    const groupId = this.options.groupId ?? `sluice-consume-${randomUUID()}`;
    const sessionTimeout = this.options.sessionTimeoutMs;
    const consumer = this.kafka.consumer({
      groupId,
      // kafkajs needs heartbeats well inside the session: a third of it, at most its default 3 s.
      ...(sessionTimeout === undefined ? {} : { sessionTimeout, heartbeatInterval: Math.min(3000, Math.floor(sessionTimeout / 3)) }),
      readUncommitted: this.options.readUncommitted ?? false,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.options.maxWaitMs ?? 500,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? DEFAULT_MAX_BYTES_PER_PARTITION,
    });
    this.consumer = consumer;
    // Start offsets are seeks on the consumer group, which kafkajs has only while it runs. A group whose
    // first join crashed (a fresh broker's coordinator still loading) is restarted without one; its seeks
    // then wait for the join of the restarted group. Applied once: a later rebalance must not rewind.
    let seeksPending = seeks.size > 0;
    let running = false;
    const applySeeks = (): void => {
      if (!seeksPending) return;
      for (const [partition, offset] of seeks) consumer.seek({ topic: this.topic, partition, offset });
      seeksPending = false;
    };
    consumer.on(consumer.events.GROUP_JOIN, () => {
      this.readyResolve();
      if (!running) return;
      try {
        applySeeks();
      } catch (error) {
        this.fail(wrapClientError(error, 'KAFKA_CONSUME', `seeking the start offsets of '${this.topic}'`));
      }
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart) this.fail(wrapClientError(event.payload.error, 'KAFKA_CONSUME', `consuming '${this.topic}'`));
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [this.topic], fromBeginning: from !== 'latest' });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: true,
        eachBatch: async ({ batch, heartbeat }) => {
          if (this.closed || batch.messages.length === 0) return;
          const partition = batch.partition;
          const records = this.prepare(partition, batch.messages);
          this.queue.push(records);
          this.queued += records.length;
          this.wake();
          // Backpressure: hold the fetch loop until the app has drained half the buffer. (pause()/resume()
          // would also bound memory, but kafkajs then idles a full maxWait per cycle: measured 0.08x.)
          // Heartbeats keep the group membership alive while the app is slow.
          while (!this.closed && this.queued >= this.highWaterMark) {
            await new Promise<void>((resolve) => {
              this.drained = resolve;
              setTimeout(resolve, 3000).unref();
            });
            this.drained = undefined;
            if (!this.closed && this.queued >= this.highWaterMark) await heartbeat();
          }
        },
      });
      running = true;
      try {
        applySeeks();
      } catch {
        // The first join crashed and kafkajs restarts the group: the seeks go with its join (above).
      }
    } catch (error) {
      throw wrapClientError(error, 'KAFKA_CONSUME', `starting a consumer of '${this.topic}'`);
    }
    if (this.autoCommit) this.commitTimer = setInterval(() => void this.commitDelivered().catch(() => undefined), this.options.commitIntervalMs ?? 5000);
  }

  private async startOffsets(from: StartFrom): Promise<Map<number, string>> {
    const seeks = new Map<number, string>();
    if (from === 'earliest' && this.options.groupId === undefined) return seeks;
    if (from === 'committed') return seeks;
    const admin: Admin = this.kafka.admin();
    try {
      await admin.connect();
      if (from === 'earliest') for (const p of await admin.fetchTopicOffsets(this.topic)) seeks.set(p.partition, p.low);
      else if (from === 'latest') for (const p of await admin.fetchTopicOffsets(this.topic)) seeks.set(p.partition, p.high);
      else if ('after' in from) {
        // Right after the app's own positions; a partition it stored nothing of starts at its first record.
        const after = new Map(from.after.map((p) => [p.partition, (BigInt(p.offset) + 1n).toString()]));
        for (const p of await admin.fetchTopicOffsets(this.topic)) seeks.set(p.partition, after.get(p.partition) ?? p.low);
      } else {
        const time = from.timestamp instanceof Date ? from.timestamp.getTime() : from.timestamp;
        for (const p of await admin.fetchTopicOffsetsByTimestamp(this.topic, time)) seeks.set(p.partition, p.offset);
      }
    } catch (error) {
      throw wrapClientError(error, 'KAFKA_CONSUME', `finding start offsets of '${this.topic}'`);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    return seeks;
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.wake();
  }

  /** The next fetched batch, or undefined once closed. */
  async nextBatch(): Promise<B | undefined> {
    for (;;) {
      if (this.closed) return undefined;
      const batch = this.queue.shift();
      if (batch !== undefined) {
        this.queued -= batch.length;
        if (this.drained !== undefined && this.queued < this.highWaterMark / 2) this.drained();
        return batch;
      }
      if (this.failure !== undefined) throw this.failure;
      const woken = new Promise<void>((resolve) => (this.waiter = resolve));
      // Until start-up is over, its failure must wake us too; afterwards only new batches or close do.
      await (this.startDone ? woken : Promise.race([woken, this.started.then(() => undefined, (error: unknown) => this.fail(error))]));
    }
  }

  /** Records up to and including `offset` of `partition` were handed to the app. */
  delivered(partition: number, offset: string): void {
    this.positions.set(partition, offset);
  }

  /** Number of records fetched but not yet handed out. */
  get buffered(): number {
    return this.queued;
  }

  /**
   * Commits the group's position now, through the given record offsets per partition or through every
   * record delivered so far; resolves once the broker has it. Delivered positions at or below the ones
   * committed are dropped, so a later timer commit cannot move the group back.
   */
  async commit(through?: ReadonlyMap<number, string>): Promise<void> {
    if (this.options.groupId === undefined) {
      throw kafkaError('KAFKA_INVALID_CONFIG', `commit() of a reader of '${this.topic}' needs a groupId (commits are a group's position)`, {
        details: { topic: this.topic, field: 'groupId' },
        suggestion: 'pass groupId to consume(), or keep positions yourself with from: { after }',
      });
    }
    if (this.closed) throw kafkaError('KAFKA_CLOSED', `the reader of '${this.topic}' is closed: commit before close()`, { details: { topic: this.topic } });
    await this.started;
    await this.commitNow(through);
  }

  private commitDelivered(): Promise<void> {
    return this.commitNow(undefined);
  }

  private commitNow(through: ReadonlyMap<number, string> | undefined): Promise<void> {
    const run = async (): Promise<void> => {
      const consumer = this.consumer;
      const entries = [...(through ?? this.positions)];
      if (consumer === undefined || entries.length === 0) return;
      for (const [partition, offset] of entries) {
        const delivered = this.positions.get(partition);
        if (delivered !== undefined && BigInt(delivered) <= BigInt(offset)) this.positions.delete(partition);
      }
      try {
        await consumer.commitOffsets(entries.map(([partition, offset]) => ({ topic: this.topic, partition, offset: (BigInt(offset) + 1n).toString() })));
      } catch (error) {
        throw wrapClientError(error, 'KAFKA_CONSUME', `committing the position of '${this.topic}'`);
      }
    };
    const done = this.commits.then(run);
    this.commits = done.catch(() => undefined);
    return done;
  }

  /** Stops reading, commits what was delivered and disconnects; every call resolves when that is done. */
  close(): Promise<void> {
    // A second close (a timer's, then the reader loop's) waits for the first: its caller may tear down
    // right after, while the consumer is still leaving its group.
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    this.closed = true;
    if (this.commitTimer !== undefined) clearInterval(this.commitTimer);
    this.wake();
    this.drained?.();
    this.onClose();
    await this.started.catch(() => undefined);
    try {
      if (this.autoCommit) await this.commitDelivered();
    } finally {
      await this.consumer?.disconnect();
    }
  }
}
