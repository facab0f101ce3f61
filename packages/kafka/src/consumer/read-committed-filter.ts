// kafkajs 2.2.4 filters records of aborted transactions for a read_committed consumer
// (src/consumer/filterAbortedMessages.js) in a way that lets some through: it takes the broker's list of
// aborted transactions as sorted by first offset (the broker lists them in abort-marker order) and switches on
// at most one aborted transaction per record. Flink's exactly-once Kafka sink writes overlapping transactions
// from several producer ids, and after a failure it aborts some of them: the fault suite saw aborted window
// rows reach a kafkajs read_committed reader. This module replaces that one kafkajs function with the Java
// consumer's rule before kafkajs loads it, so every reader of @sluice/kafka gets committed records only.
import Module from 'node:module';

/** A record as kafkajs decodes it (the fields the filter reads). */
export interface FetchedRecord {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly isControlRecord?: boolean;
  readonly batchContext: { readonly producerId: string; readonly inTransaction: boolean };
}

/** An aborted transaction as the broker lists it in a fetch response. */
export interface AbortedTransaction {
  readonly producerId: string;
  readonly firstOffset: string;
}

// A control record's key: version (int16) then type (int16); type 0 is ABORT, 1 is COMMIT.
const isAbortMarker = (key: Buffer | null): boolean => key !== null && key.length >= 4 && key.readInt16BE(2) === 0;

/**
 * The records of one fetched partition that a read_committed consumer may see, by the Java consumer's rule:
 * aborted transactions ordered by first offset; before each record, every one that has started is active for
 * its producer until that producer's abort marker; a transactional record of an active producer is dropped.
 * Control records are kept (kafkajs drops them afterwards).
 *
 * @example
 * ```ts
 * filterAbortedRecords({ messages, abortedTransactions: [{ producerId: '2', firstOffset: '1' }, { producerId: '1', firstOffset: '0' }] })
 * // neither producer's records before its abort marker
 * ```
 */
export function filterAbortedRecords<M extends FetchedRecord>(input: { messages: M[]; abortedTransactions?: AbortedTransaction[] | null }): M[] {
  const aborted = input.abortedTransactions ?? [];
  if (aborted.length === 0) return input.messages;
  const queue = aborted.map((t) => ({ producerId: String(t.producerId), firstOffset: BigInt(t.firstOffset) })).sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const active = new Set<string>();
  let next = 0;
  return input.messages.filter((message) => {
    const offset = BigInt(message.offset);
    for (let head = queue[next]; head !== undefined && head.firstOffset <= offset; head = queue[++next]) active.add(head.producerId);
    const producerId = String(message.batchContext.producerId);
    if (message.isControlRecord === true) {
      if (isAbortMarker(message.key)) active.delete(producerId);
      return true;
    }
    return !(message.batchContext.inTransaction && active.has(producerId));
  });
}

const FILTER_MODULE = 'kafkajs/src/consumer/filterAbortedMessages';
const BATCH_MODULE = 'kafkajs/src/consumer/batch';

/**
 * Puts `filterAbortedRecords` in place of kafkajs's filter in Node's module cache. It takes effect when kafkajs's
 * consumer loads after it (the package's entry point calls it before anything loads kafkajs); returns whether
 * the kafkajs that this package loads uses it. A runtime without Node's CommonJS cache (e.g. jest's module
 * registry) keeps kafkajs's own filter.
 */
export function installReadCommittedFilter(): boolean {
  let filterPath: string;
  let batchPath: string;
  try {
    filterPath = require.resolve(FILTER_MODULE);
    batchPath = require.resolve(BATCH_MODULE);
  } catch {
    return false;
  }
  const cache = require.cache;
  const present = cache[filterPath];
  if (present?.exports === filterAbortedRecords) return true;
  if (cache[batchPath] !== undefined) return false; // kafkajs's consumer already holds its own filter
  const replacement = new Module(filterPath);
  replacement.filename = filterPath;
  replacement.loaded = true;
  replacement.exports = filterAbortedRecords;
  cache[filterPath] = replacement;
  return cache[filterPath]?.exports === filterAbortedRecords;
}
