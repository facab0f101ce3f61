// Why @sluice/kafka replaces kafkajs's read_committed filter (src/consumer/read-committed-filter.ts): kafkajs
// 2.2.4's filter (src/consumer/filterAbortedMessages.js) lets records of aborted transactions through in two
// shapes of input a broker really sends. Crafted fetch results, run through kafkajs's own filter (jest's module
// registry loads the shipped one) and through Sluice's, which follows the Java consumer (CompletedFetch: aborted
// transactions in a priority queue by first offset; before each batch every one starting at or before it is
// active, per producer, until that producer's abort marker). If kafkajs fixes its filter, this test fails: then
// the replacement can go.
import { filterAbortedRecords } from '../src/consumer/read-committed-filter';

interface Message {
  offset: string;
  key: Buffer | null;
  isControlRecord: boolean;
  batchContext: { producerId: string; inTransaction: boolean };
}
interface AbortedTransaction {
  producerId: string;
  firstOffset: string;
}
type Filter = (input: { messages: Message[]; abortedTransactions: AbortedTransaction[] }) => Message[];

// Not part of kafkajs's public API (its consumer applies it to every fetched partition); required by path so
// the test exercises the shipped code itself.
const kafkajsFilter = require('kafkajs/src/consumer/filterAbortedMessages') as Filter;

const ABORT_KEY = Buffer.from([0, 0, 0, 0]);
const record = (offset: number, producerId: string): Message => ({ offset: String(offset), key: null, isControlRecord: false, batchContext: { producerId, inTransaction: true } });
const abortMarker = (offset: number, producerId: string): Message => ({ offset: String(offset), key: ABORT_KEY, isControlRecord: true, batchContext: { producerId, inTransaction: true } });

/** Sluice's filter: the Java consumer's rule. */
const javaRule: Filter = filterAbortedRecords;

const dataOffsets = (kept: Message[]): number[] => kept.filter((m) => !m.isControlRecord).map((m) => Number(m.offset));

describe('kafkajs 2.2.4 read_committed filter vs Sluice\'s (the Java consumer\'s rule), on crafted fetches', () => {
  it('aborted transactions listed in abort-marker order (not by first offset): kafkajs passes the earlier one', () => {
    // producer 1 opens a transaction at 0, producer 2 at 1; producer 2 aborts first (2), then producer 1 (3).
    // The broker lists aborted transactions in its index order, that of the abort markers: 2 before 1.
    const messages = [record(0, '1'), record(1, '2'), abortMarker(2, '2'), abortMarker(3, '1')];
    const abortedTransactions = [
      { producerId: '2', firstOffset: '1' },
      { producerId: '1', firstOffset: '0' },
    ];
    expect(dataOffsets(javaRule({ messages, abortedTransactions }))).toEqual([]);
    expect(dataOffsets(kafkajsFilter({ messages, abortedTransactions }))).toEqual([0]);
  });

  it('a fetch that starts inside two aborted transactions: kafkajs activates one per message and passes the other', () => {
    // Both transactions began before the fetched offset 2 (kafkajs drops the batch's records before it).
    const messages = [record(2, '2'), record(3, '1'), abortMarker(4, '2'), abortMarker(5, '1')];
    const abortedTransactions = [
      { producerId: '1', firstOffset: '0' },
      { producerId: '2', firstOffset: '1' },
    ];
    expect(dataOffsets(javaRule({ messages, abortedTransactions }))).toEqual([]);
    expect(dataOffsets(kafkajsFilter({ messages, abortedTransactions }))).toEqual([2]);
  });

  it('sorted and entered one at a time, kafkajs agrees with the Java rule', () => {
    const messages = [record(0, '1'), record(1, '2'), record(2, '3'), abortMarker(3, '1'), abortMarker(4, '2')];
    const abortedTransactions = [
      { producerId: '1', firstOffset: '0' },
      { producerId: '2', firstOffset: '1' },
    ];
    expect(dataOffsets(kafkajsFilter({ messages, abortedTransactions }))).toEqual([2]);
    expect(dataOffsets(javaRule({ messages, abortedTransactions }))).toEqual([2]);
  });

  it('keeps offsets exact beyond 2^53 and a commit marker does not end an aborted transaction', () => {
    const big = 9_007_199_254_740_993n; // 2^53 + 1
    const at = (n: bigint): string => n.toString();
    const commitMarker = (offset: string, producerId: string): Message => ({ offset, key: Buffer.from([0, 0, 0, 1]), isControlRecord: true, batchContext: { producerId, inTransaction: true } });
    const messages: Message[] = [
      { ...record(0, '7'), offset: at(big) },
      { ...record(0, '8'), offset: at(big + 1n) },
      commitMarker(at(big + 2n), '8'),
      { ...record(0, '7'), offset: at(big + 3n) },
      { ...abortMarker(0, '7'), offset: at(big + 4n) },
      { ...record(0, '7'), offset: at(big + 5n) },
    ];
    const kept = filterAbortedRecords({ messages, abortedTransactions: [{ producerId: '7', firstOffset: at(big) }] });
    expect(kept.filter((m) => !m.isControlRecord).map((m) => m.offset)).toEqual([at(big + 1n), at(big + 5n)]);
    expect(filterAbortedRecords({ messages, abortedTransactions: null })).toBe(messages);
  });
});
