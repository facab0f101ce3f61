import { Kafka, logLevel } from 'kafkajs';

// Kafka helpers of the end-to-end tests: create topics, produce JSON fixtures, read JSON outputs.

export function kafkaClient(brokers: string[]): Kafka {
  return new Kafka({ clientId: 'sluice-dsl-e2e', brokers, logLevel: logLevel.NOTHING });
}

export async function createTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 1, replicationFactor: 1 })), waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [...topics] });
  } catch {
    // cleanup is best effort
  } finally {
    await admin.disconnect();
  }
}

export async function produceJson(kafka: Kafka, topic: string, rows: readonly object[]): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({ topic, messages: rows.map((r) => ({ value: JSON.stringify(r) })) });
  } finally {
    await producer.disconnect();
  }
}

/** Reads JSON values from the start of each topic until `want(topic)` rows arrived (or the deadline passes). */
export async function readJson(kafka: Kafka, want: Readonly<Record<string, number>>, deadlineMs: number): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = Object.fromEntries(Object.keys(want).map((t) => [t, []]));
  const consumer = kafka.consumer({ groupId: `sluice-dsl-e2e-${Math.random().toString(36).slice(2)}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: Object.keys(want), fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      const check = (): void => {
        if (Object.entries(want).every(([t, n]) => (out[t]?.length ?? 0) >= n)) resolve();
      };
      void consumer.run({
        eachMessage: async ({ topic, message }) => {
          if (message.value !== null) out[topic]?.push(JSON.parse(message.value.toString()) as Record<string, unknown>);
          check();
        },
      });
      check();
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise((r) => (timer = setTimeout(r, deadlineMs)))]);
    if (timer !== undefined) clearTimeout(timer);
  } finally {
    await consumer.disconnect();
  }
  return out;
}
