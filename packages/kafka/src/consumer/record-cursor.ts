import type { SluiceError } from '@sluice/errors';
import type { BadRecordOptions, ConsumeMetrics, Counters } from './bad-records';
import type { FeedSource } from './feed-options';
import type { RawBatch } from './raw-batch';

const EMPTY: RawBatch = { length: 0, partition: 0, offsets: [], values: [] };

/**
 * @internal The one reader loop of `@sluice/kafka`: walks the fetched batches of a feed record by record,
 * counts rows, tombstones and bad records, marks what was handed out, and applies the bad-record policy.
 * `consume` (rows), `consumeArrow` (columns) and `table` (a live table) only say what to do with a record.
 * Synchronous while records are at hand, so a reader's `next()` needs no await per row.
 */
export class RecordCursor {
  readonly counters: Counters = { rows: 0, badRecords: 0, tombstones: 0 };
  /** Partition and offset of the record last taken. */
  partition = 0;
  offset = '';
  private pending: RawBatch = EMPTY;
  private index = 0;
  /** The value last returned by takeValue is with the app until it asks for the next one (or commits, or closes). */
  private held = false;
  /** Async work before a fetched batch is read (Avro: fetching the writer schemas its records name). */
  prepareBatch: ((batch: RawBatch) => Promise<void>) | undefined;

  constructor(
    private readonly feed: FeedSource<RawBatch>,
    readonly topic: string,
    private readonly options: BadRecordOptions,
  ) {}

  get ready(): Promise<void> {
    return this.feed.ready;
  }

  /** Records fetched and not yet taken. */
  get buffered(): number {
    return this.feed.buffered + (this.pending.length - this.index);
  }

  /** True while the batch at hand has records left. */
  get hasMore(): boolean {
    return this.index < this.pending.length;
  }

  /** True when nothing at all is left to take without fetching (this batch used up, none queued). */
  get drained(): boolean {
    return this.index >= this.pending.length && this.feed.buffered === 0;
  }

  /**
   * The value of the next record of the batch at hand, or null for a tombstone, or undefined when the
   * batch is used up. Its partition and offset are in {@link partition} / {@link offset}.
   */
  take(): Buffer | null | undefined {
    if (this.index >= this.pending.length) return undefined;
    const i = this.index++;
    this.partition = this.pending.partition;
    this.offset = this.pending.offsets[i] as string;
    return this.pending.values[i] as Buffer | null;
  }

  /**
   * As {@link take}, skipping (and counting) tombstones. The record returned counts as delivered only
   * when the next one is taken (or {@link settle}): until then the app is still working on its row, and
   * a timer's commit must not cover it (a crash there would skip it).
   */
  takeValue(): Buffer | undefined {
    this.settle();
    for (;;) {
      const bytes = this.take();
      if (bytes === undefined) return undefined;
      if (bytes !== null) {
        this.held = true;
        return bytes;
      }
      this.feed.delivered(this.partition, this.offset);
      this.counters.tombstones++;
    }
  }

  /** Marks the record last returned by {@link takeValue} as finished by the app. */
  settle(): void {
    if (!this.held) return;
    this.held = false;
    this.feed.delivered(this.partition, this.offset);
  }

  /** Commits the group's position now (see FeedSource.commit). */
  commit(through?: ReadonlyMap<number, string>): Promise<void> {
    return this.feed.commit(through);
  }

  /** The key of the record last taken (batches prepared with keys only). */
  key(): Buffer | null {
    return this.pending.keys?.[this.index - 1] ?? null;
  }

  /** Marks the record last taken (and all before it in its partition) as handed out. */
  delivered(): void {
    this.feed.delivered(this.partition, this.offset);
  }

  /** Fetches the next batch; false once the feed is closed. */
  async refill(): Promise<boolean> {
    const batch = await this.feed.nextBatch();
    if (batch === undefined) return false;
    if (this.prepareBatch !== undefined) await this.prepareBatch(batch);
    this.pending = batch;
    this.index = 0;
    return true;
  }

  /**
   * Counts a bad record and passes it to `onBadRecordError`; returns it when the policy is `throw` (the
   * reader then rejects with it), undefined when it is skipped. A throwing callback throws from here.
   */
  bad(error: SluiceError, policy = this.options.onBadRecord ?? 'skip'): SluiceError | undefined {
    this.counters.badRecords++;
    this.options.onBadRecordError?.(error);
    if (typeof policy === 'object') {
      const i = this.index - 1;
      const timestamp = this.pending.timestamps?.[i];
      this.options.deadLetterSink?.write({ partition: this.partition, offset: this.offset, ...(timestamp === undefined ? {} : { timestamp }), value: this.pending.values[i] ?? null, error });
    }
    return policy === 'throw' ? error : undefined;
  }

  /** The reader's metrics; `held` counts records taken but not yet handed to the app. */
  metrics(held = 0): ConsumeMetrics {
    return { ...this.counters, buffered: this.buffered + held };
  }

  async close(): Promise<void> {
    // Closing means the app is done with the row at hand: close() commits through it (commit: true).
    this.settle();
    try {
      await this.feed.close();
    } finally {
      await this.options.deadLetterSink?.close();
    }
  }
}
