import type { Fields, RowOfFields } from '@sluice/dsl';
import { SluiceError } from '@sluice/errors';
import type { Codec } from '../codec/codec';
import { isAvroCodec } from '../codec/codec-for';
import { jsonCodec, type JsonCodecOptions } from '../codec/json-codec';
import type { BadRecordOptions, ConsumeMetrics } from './bad-records';
import { decodeRecord } from './decode-record';
import { kafkaError } from '../errors';
import type { RowPosition } from './row-position';
import type { FeedOptions, OpenFeed } from './feed-options';
import { rawBatch } from './raw-batch';
import { RecordCursor } from './record-cursor';

/** Options of {@link RowStream} readers (`client.consume`). */
export interface ConsumeOptions extends FeedOptions, BadRecordOptions, Pick<JsonCodecOptions, 'timestampStandard'> {}

/**
 * Typed rows of a topic as an async iterable. Leaving `for await` (a `break`, or an error thrown in its
 * body) or calling `close()` disconnects, and with `commit: true` (the default with a `groupId`) commits
 * through the row at hand. What each commit mode guarantees after a crash: see `CommitMode`.
 *
 * @example
 * ```ts
 * const stream = client.consume({ topic: 'signals.vwap_1m', schema: Vwap }, { from: 'latest' })
 * for await (const row of stream) console.log(row.symbol, row.vwap)
 *
 * // exactly once across crashes: keep the position with the output, in one atomic write, and resume after it
 * const rows = client.consume(vwap1m, { from: { after: await db.storedPositions() } })
 * for await (const row of rows) await db.insertWithPosition(row, rows.position)
 * ```
 */
export interface RowStream<T> extends AsyncIterable<T> {
  readonly topic: string;
  /** Resolves once the consumer has joined its group and been given partitions. */
  readonly ready: Promise<void>;
  readonly metrics: ConsumeMetrics;
  /**
   * Where the row last yielded came from (inside `for await`: the row at hand); undefined before the first.
   * Store it with what the app writes of the row, and resume with `from: { after: [...] }` (the last stored
   * position of each partition).
   */
  readonly position: RowPosition | undefined;
  /**
   * Commits the group's position and resolves once the broker has it: with no argument through every row
   * yielded so far (the one at hand included), or through the given position(s) (each: its partition up to
   * and including that row). Needs a `groupId`; with `commit: 'manual'` it is the only way anything is committed.
   * Fails with KAFKA_INVALID_CONFIG without a group or for a position of another topic, KAFKA_CLOSED after `close()`.
   *
   * @example
   * ```ts
   * const rows = kafka.consume(alerts, { groupId: 'pager', commit: 'manual' })
   * for await (const row of rows) { await pager.send(row); await rows.commit() } // a crash repeats at most this row
   * ```
   */
  commit(through?: RowPosition | readonly RowPosition[]): Promise<void>;
  close(): Promise<void>;
}

/** @internal The positions to commit, the furthest per partition; KAFKA_INVALID_CONFIG naming a bad one. */
function commitMap(topic: string, through: RowPosition | readonly RowPosition[]): Map<number, string> {
  const list: readonly RowPosition[] = Array.isArray(through) ? through : [through as RowPosition];
  const map = new Map<number, string>();
  for (const p of list) {
    const valid = typeof p === 'object' && p !== null && p.topic === topic && Number.isSafeInteger(p.partition) && p.partition >= 0 && typeof p.offset === 'string' && /^(0|[1-9][0-9]{0,18})$/.test(p.offset);
    if (!valid) {
      throw kafkaError('KAFKA_INVALID_CONFIG', `commit(position) of '${topic}' takes { topic: '${topic}', partition, offset } as stream.position gives it`, {
        details: { topic, field: 'position' },
        suggestion: 'pass stream.position (or one the app stored from it)',
      });
    }
    const before = map.get(p.partition);
    if (before === undefined || BigInt(before) < BigInt(p.offset)) map.set(p.partition, p.offset);
  }
  return map;
}

/** @internal */
export function rowStream<F extends Fields>(openFeed: OpenFeed, topic: string, fields: F, options: ConsumeOptions, valueCodec?: Codec<RowOfFields<Fields>>): RowStream<RowOfFields<F>> {
  type Row = RowOfFields<F>;
  // Where the row last yielded came from: two assignments per row, the position object only when asked for.
  let lastPartition = -1;
  let lastOffset = '';
  const cursor = new RecordCursor(openFeed(rawBatch), topic, options);
  const codec = valueCodec ?? jsonCodec({ fields }, options);
  if (isAvroCodec(codec)) cursor.prepareBatch = (batch) => codec.prepareRecords(batch.values);

  // Not async: while fetched records are at hand, next() resolves without awaiting anything (one promise
  // per row, the minimum for-await needs); it only waits when the fetched records are used up.
  function next(): Promise<IteratorResult<Row>> {
    for (;;) {
      const bytes = cursor.takeValue();
      if (bytes === undefined) return refill();
      // Decoded only now, so a row lives no longer than the app keeps it (decoding whole fetches up
      // front kept tens of thousands of rows alive at once, and garbage collection grew with them).
      const item = decodeRecord(codec, topic, cursor, bytes);
      if (item instanceof SluiceError) {
        let error: SluiceError | undefined;
        try {
          error = cursor.bad(item);
        } catch (thrown) {
          return Promise.reject(thrown);
        }
        if (error !== undefined) return Promise.reject(error);
        continue;
      }
      cursor.counters.rows++;
      lastPartition = cursor.partition;
      lastOffset = cursor.offset;
      return Promise.resolve({ done: false, value: item as Row });
    }
  }

  async function refill(): Promise<IteratorResult<Row>> {
    return (await cursor.refill()) ? next() : { done: true, value: undefined };
  }

  const close = async (): Promise<void> => cursor.close();
  return {
    topic,
    ready: cursor.ready,
    get metrics(): ConsumeMetrics {
      return cursor.metrics();
    },
    get position(): RowPosition | undefined {
      return lastPartition < 0 ? undefined : { topic, partition: lastPartition, offset: lastOffset };
    },
    async commit(through) {
      if (through === undefined) {
        cursor.settle();
        return cursor.commit();
      }
      return cursor.commit(commitMap(topic, through));
    },
    close,
    [Symbol.asyncIterator]() {
      return {
        next,
        async return() {
          await close();
          return { done: true, value: undefined };
        },
      };
    },
  };
}
