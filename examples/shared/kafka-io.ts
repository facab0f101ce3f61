import { Kafka, Partitioners, logLevel } from 'kafkajs';

// Plain JSON in and out of Kafka for the examples (fixtures, synthetic events, reading results).

/** A kafkajs client with logging off. */
export function kafkaFor(brokers: readonly string[], clientId: string): Kafka {
  return new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.NOTHING });
}

/** Sends JSON values in order, keyed by `key(value)` when given. */
export async function produceJson<T extends object>(kafka: Kafka, topic: string, values: readonly T[], key?: (v: T) => string): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let i = 0; i < values.length; i += 500) {
      const batch = values.slice(i, i + 500).map((v) => ({ ...(key === undefined ? {} : { key: key(v) }), value: JSON.stringify(v) }));
      await producer.send({ topic, messages: batch });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Reads JSON rows of `topic` from the beginning until `count` arrived or `timeoutMs` passed. */
export async function readJson<T>(kafka: Kafka, topic: string, count: number, timeoutMs: number): Promise<T[]> {
  const rows: T[] = [];
  const consumer = kafka.consumer({ groupId: `sluice-example-reader-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.value === null) return;
          rows.push(JSON.parse(message.value.toString()) as T);
          if (rows.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return rows;
}

/** Deletes topics (best effort). */
export async function deleteTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [...topics] }).catch(() => undefined);
  await admin.disconnect();
}
