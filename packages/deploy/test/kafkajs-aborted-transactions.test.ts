// Why the fault suite's exactly-once verdict is read by Kafka's own Java consumer, not by kafkajs: kafkajs
// 2.2.4's read_committed filter (src/consumer/filterAbortedMessages.js) lets records of aborted transactions
// through in two shapes of input a broker really sends. Crafted fetch results, run through kafkajs's own
// filter and through the Java consumer's rule (CompletedFetch: aborted transactions in a priority queue by
// first offset; before each batch every one starting at or before it is active, per producer, until that
// producer's abort marker). If kafkajs fixes its filter, this test fails: then the kafkajs count in the fault
// suite can be trusted again.

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

/** The Java consumer's rule, one message per batch. */
const javaRule: Filter = ({ messages, abortedTransactions }) => {
  const queue = [...abortedTransactions].sort((a, b) => Number(a.firstOffset) - Number(b.firstOffset));
  const active = new Set<string>();
  return messages.filter((m) => {
    while (queue.length > 0 && Number(queue[0]?.firstOffset) <= Number(m.offset)) active.add(queue.shift()?.producerId ?? '');
    if (m.isControlRecord) {
      if (m.key?.equals(ABORT_KEY) === true) active.delete(m.batchContext.producerId);
      return true;
    }
    return !(m.batchContext.inTransaction && active.has(m.batchContext.producerId));
  });
};

const dataOffsets = (kept: Message[]): number[] => kept.filter((m) => !m.isControlRecord).map((m) => Number(m.offset));

describe('kafkajs 2.2.4 read_committed filter vs the Java consumer, on crafted fetches', () => {
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
});
