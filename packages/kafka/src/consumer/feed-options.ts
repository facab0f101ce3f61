import type { StartFrom } from './start-position';

/** @internal One raw record. */
export interface RawRecord {
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

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
  readonly maxBytesPerPartition?: number;
  /** Longest a fetch waits for new records (default 500 ms); also how soon a paused reader resumes fetching. */
  readonly maxWaitMs?: number;
}

/** @internal What the typed readers need from a feed (kept free of client types). */
export interface FeedSource {
  readonly ready: Promise<void>;
  readonly buffered: number;
  nextBatch(): Promise<RawRecord[] | undefined>;
  delivered(partition: number, offset: string): void;
  close(): Promise<void>;
}
