import { randomUUID } from 'node:crypto';
import { testStackEndpoints } from '@sluice/stack';
import { createKafkaClient, type SluiceKafka, type TopicSpec } from '@sluice/kafka';
import { Kafka, logLevel, ConfigResourceTypes } from 'kafkajs';

describe('declarative topics on the real broker', () => {
  const { kafkaBrokers } = testStackEndpoints();
  let client: SluiceKafka;
  beforeAll(() => {
    client = createKafkaClient({ brokers: kafkaBrokers, clientId: 'kafka-it-topics' });
  });
  afterAll(async () => client.close());

  it('creates topics with their configs; a second apply does nothing; out-of-band changes show as drift and are reverted', async () => {
    const id = randomUUID().slice(0, 8);
    const desired: TopicSpec[] = [
      { name: `it-topics-events-${id}`, partitions: 3, configs: { 'retention.ms': 3_600_000, 'min.insync.replicas': 1 } },
      { name: `it-topics-upsert-${id}`, partitions: 2, configs: { 'cleanup.policy': 'compact' } },
    ];
    const first = await client.topics.plan(desired);
    expect(first.changes.map((c) => c.action)).toEqual(['create', 'create']);
    expect(await client.topics.apply(first)).toEqual({ created: desired.map((d) => d.name), updated: [], unchanged: [] });

    const states = await client.topics.describe(desired.map((d) => d.name));
    expect(states.get(desired[0]!.name)).toEqual({ name: desired[0]!.name, partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '3600000', 'min.insync.replicas': '1' } });
    expect(states.get(desired[1]!.name)).toEqual({ name: desired[1]!.name, partitions: 2, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } });

    const second = await client.topics.plan(desired);
    expect(second.empty).toBe(true);
    expect(await client.topics.apply(desired)).toEqual({ created: [], updated: [], unchanged: desired.map((d) => d.name) });

    // Someone changes retention by hand, with another client.
    const admin = new Kafka({ brokers: kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: desired[0]!.name, configEntries: [{ name: 'retention.ms', value: '60000' }, { name: 'min.insync.replicas', value: '1' }] }] });
    await admin.disconnect();
    const drifted = await client.topics.plan(desired);
    expect(drifted.changes[0]).toMatchObject({ action: 'update', alterConfigs: true, drift: [{ property: 'config:retention.ms', desired: '3600000', actual: '60000' }] });
    expect(drifted.changes[1]).toEqual({ action: 'unchanged', topic: desired[1]!.name });
    await client.topics.apply(drifted);
    expect((await client.topics.plan(desired)).empty).toBe(true);
  });

  it('adds partitions, and refuses a partition decrease without changing anything', async () => {
    const name = `it-topics-parts-${randomUUID().slice(0, 8)}`;
    await client.topics.apply([{ name, partitions: 2 }]);
    await client.topics.apply([{ name, partitions: 4 }]);
    expect((await client.topics.describe([name])).get(name)?.partitions).toBe(4);

    const plan = await client.topics.plan([{ name, partitions: 1, configs: { 'retention.ms': 1000 } }]);
    expect(plan.refused[0]?.reasons[0]).toMatch(/has 4 partitions and Kafka cannot remove partitions/);
    await expect(client.topics.apply(plan)).rejects.toMatchObject({ code: 'KAFKA_TOPIC_CHANGE_REFUSED', details: { topics: [name] } });
    expect((await client.topics.describe([name])).get(name)).toEqual({ name, partitions: 4, replicationFactor: 1, configs: {} });
  });
});
