import type { FeedSource, FetchedMessage, OpenFeed, PrepareBatch } from '../../src/consumer/feed-options';

/** A record of a fake fetch: a value (null = tombstone), or a key and a value. */
export type FakeRecord = { key?: string | null; value: string | null } | string | null;

/**
 * A feed over fixed fetches, no broker (partition 0, offsets from 0): for the readers' batching, bad-record
 * and offset handling in isolation. `delivered` lists the offsets handed out, in order; `commits` each
 * commit asked for (the offsets per partition, or 'delivered' for everything delivered).
 */
export function fakeFeed(fetches: readonly (readonly FakeRecord[])[]): { open: OpenFeed; delivered: string[]; commits: (Record<number, string> | 'delivered')[] } {
  const delivered: string[] = [];
  const commits: (Record<number, string> | 'delivered')[] = [];
  const open: OpenFeed = <B extends { readonly length: number }>(prepare: PrepareBatch<B>): FeedSource<B> => {
    let offset = 0;
    const queue = fetches.map((records) =>
      prepare(
        0,
        records.map((r): FetchedMessage => {
          const m: Exclude<FakeRecord, string | null> = r === null || typeof r === 'string' ? { value: r } : r;
          return { offset: String(offset++), timestamp: '0', key: m.key == null ? null : Buffer.from(m.key), value: m.value === null ? null : Buffer.from(m.value) };
        }),
      ),
    );
    return {
      ready: Promise.resolve(),
      get buffered() {
        return queue.reduce((n, b) => n + b.length, 0);
      },
      nextBatch: async () => queue.shift(),
      delivered: (_partition, o) => void delivered.push(o),
      commit: async (through) => void commits.push(through === undefined ? 'delivered' : Object.fromEntries(through)),
      close: async () => undefined,
    };
  };
  return { open, delivered, commits };
}
