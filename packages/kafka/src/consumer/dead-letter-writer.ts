import type { Kafka, Producer } from 'kafkajs';
import type { SluiceError } from '@sluice/errors';
import { wrapClientError } from '../errors';

/** @internal A record a reader could not decode, as it was fetched. */
export interface UndecodableRecord {
  readonly partition: number;
  readonly offset: string;
  /** Record timestamp (ms since epoch, as text), when the fetch had one. */
  readonly timestamp?: string;
  readonly value: Buffer | null;
  readonly error: SluiceError;
}

/** @internal Where a reader with `onBadRecord: { deadLetter }` hands bad records. */
export interface DeadLetterSink {
  write(record: UndecodableRecord): void;
  /** Waits until every record written so far is acknowledged, then disconnects. */
  close(): Promise<void>;
}

/**
 * @internal Writes undecodable records to a dead-letter topic in the shape Flink jobs write theirs
 * (`onParseError: { deadLetter }`): `{ partition, offset, timestamp, raw_value (base64), reason }`, plus
 * the topic it was read from. Writes are queued and sent in order in the background, so the reader
 * does not wait; `close()` waits for them, and the first failure is raised there.
 */
export function deadLetterWriter(kafka: Kafka, sourceTopic: string, deadLetterTopic: string): DeadLetterSink {
  let producer: Producer | undefined;
  let queue: { value: string }[] = [];
  let sending: Promise<void> = Promise.resolve();
  let failure: unknown;

  const flush = (): void => {
    if (queue.length === 0) return;
    const messages = queue;
    queue = [];
    sending = sending.then(async () => {
      if (failure !== undefined) return;
      try {
        if (producer === undefined) {
          producer = kafka.producer({ allowAutoTopicCreation: false, idempotent: true, maxInFlightRequests: 1 });
          await producer.connect();
        }
        await producer.send({ topic: deadLetterTopic, messages });
      } catch (error) {
        failure = wrapClientError(error, 'KAFKA_PRODUCE', `writing dead letters of '${sourceTopic}' to '${deadLetterTopic}'`);
      }
    });
  };

  return {
    write(record) {
      const timestamp = record.timestamp === undefined ? null : Number(record.timestamp);
      queue.push({
        value: JSON.stringify({
          topic: sourceTopic,
          partition: record.partition,
          offset: Number(record.offset),
          timestamp: timestamp === null ? null : new Date(timestamp).toISOString().replace('T', ' '),
          raw_value: record.value === null ? null : record.value.toString('base64'),
          reason: record.error.message,
        }),
      });
      // One send per batch of bad records found while a fetch is read, not one per record.
      if (queue.length === 1) queueMicrotask(flush);
    },
    async close() {
      flush();
      await sending;
      await producer?.disconnect().catch(() => undefined);
      if (failure !== undefined) throw failure;
    },
  };
}
