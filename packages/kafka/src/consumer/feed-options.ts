import type { StartFrom } from './start-position';

/**
 * When a reader commits its group's position (Kafka's committed offsets, where `from: 'committed'` resumes):
 * - `true` (the default with a `groupId`): every `commitIntervalMs` (5 s) and on `close()`, through the rows
 *   the app has finished with (a row is finished once the app asks for the next one, or leaves the loop:
 *   a `break`, or an error thrown in its body, counts too). At-least-once: an app killed without `close()`
 *   is given again, after a restart, every row handed out since the group's last commit, and never skips
 *   one. That is at most `commitIntervalMs` of rows for a run that lived longer than that; a run killed
 *   sooner committed nothing, so its successor also repeats what the run before it had not committed
 *   (the consumer-restart test of `@sluice/deploy` prints these counts: hundreds of rows per restart).
 * - `'manual'` (`consume` only): only when the app calls `await stream.commit()` (every row it was given,
 *   the one at hand included) or `stream.commit(position)`; `close()` does not commit. At-least-once: an
 *   app that commits after it stored its output reads again only the rows stored after its last commit (at
 *   most the rows between two commits; none when it is not killed between storing and committing).
 * - `false`: never.
 *
 * No repeat at all (exactly once) needs no commit: the app keeps `stream.position` with its output in one
 * atomic write and restarts with `from: { after: positionsItStored }`.
 *
 * @example
 * ```ts
 * const rows = kafka.consume(vwap1m, { groupId: 'vwap-store', commit: 'manual' })
 * for await (const row of rows) { await db.insert(row); await rows.commit() }
 * ```
 */
export type CommitMode = boolean | 'manual';

/** Where and how a reader reads: start position, consumer group, commits, memory bound, isolation. */
export interface FeedOptions {
  readonly from?: StartFrom;
  readonly groupId?: string;
  /** When the group's position is committed (see {@link CommitMode}); default `true` when `groupId` is given. */
  readonly commit?: CommitMode;
  /** How often `commit: true` commits (default 5000 ms). */
  readonly commitIntervalMs?: number;
  /**
   * How long the group waits for a reader that stopped heartbeating (default 30000 ms; brokers accept 6 s to
   * 30 min by default). A restarted app with the same `groupId` gets its partitions only after its killed
   * predecessor's session expired, so this bounds how long a restart waits.
   */
  readonly sessionTimeoutMs?: number;
  /** Records buffered before the consumer pauses fetching (default 10000). */
  readonly highWaterMark?: number;
  /** Default false: only records of committed transactions (Flink exactly-once sinks). */
  readonly readUncommitted?: boolean;
  /** Most bytes one fetch returns per partition (default 8 MiB; a fetch is capped at 10 MiB overall). */
  readonly maxBytesPerPartition?: number;
  /** Longest a fetch waits for new records (default 500 ms); also how soon a paused reader resumes fetching. */
  readonly maxWaitMs?: number;
}

/** @internal One fetched message of a partition, as the feed hands it to a {@link PrepareBatch}. */
export interface FetchedMessage {
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/**
 * @internal Turns one fetched batch of one partition into what the feed queues. It runs inside the fetch
 * handler, so the client's message objects die young (queuing them for later decoding kept them alive
 * across fetches and made garbage collection a quarter of the consume time).
 */
export type PrepareBatch<B extends { readonly length: number }> = (partition: number, messages: readonly FetchedMessage[]) => B;

/** @internal Opens a feed whose batches are prepared by `prepare`. */
export type OpenFeed = <B extends { readonly length: number }>(prepare: PrepareBatch<B>) => FeedSource<B>;

/** @internal What the typed readers need from a feed (kept free of client types). */
export interface FeedSource<B extends { readonly length: number }> {
  readonly ready: Promise<void>;
  readonly buffered: number;
  nextBatch(): Promise<B | undefined>;
  delivered(partition: number, offset: string): void;
  /**
   * Commits the group's position now: through the given record offset per partition, or (no argument)
   * through every record marked delivered. Needs a `groupId`.
   */
  commit(through?: ReadonlyMap<number, string>): Promise<void>;
  close(): Promise<void>;
}
