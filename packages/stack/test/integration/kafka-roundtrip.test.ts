import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { testStackEndpoints } from '@sluice/stack';

describe('Kafka on the local stack', () => {
  const { kafkaBrokers } = testStackEndpoints();
  const kafka = new Kafka({ clientId: 'stack-it', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });

  it('creates a topic, produces a message and consumes it back through kafkajs', async () => {
    const topic = `stack-it-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      expect(await admin.createTopics({ topics: [{ topic, numPartitions: 2, replicationFactor: 1 }], waitForLeaders: true })).toBe(true);
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      expect(metadata.topics[0]?.partitions).toHaveLength(2);
    } finally {
      await admin.disconnect();
    }

    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    const sent = { key: 'k-1', value: JSON.stringify({ hello: 'sluice', n: 42 }), headers: { origin: 'test' } };
    await producer.send({ topic, messages: [sent] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `stack-it-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{ key: string; value: string; origin: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no message within 30 s')), 30_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          clearTimeout(timer);
          resolve({ key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', origin: message.headers?.origin?.toString() ?? '' });
        },
      });
    });
    await consumer.disconnect();
    expect(received).toEqual({ key: 'k-1', value: sent.value, origin: 'test' });
  });
});
