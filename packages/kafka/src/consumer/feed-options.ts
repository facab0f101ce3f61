import type { StartFrom } from './start-position';

/** Where and how a reader reads: start position, consumer group, commits, memory bound, isolation. */
export interface FeedOptions {
  readonly from?: StartFrom;
  readonly groupId?: string;
  /** Commit what was handed out to the app (default: true when `groupId` is given). */
  readonly commit?: boolean;
  readonly commitIntervalMs?: number;
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
  close(): Promise<void>;
}
