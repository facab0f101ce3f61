import { planTopicChanges, type TopicState } from '@sluice/kafka';

const state = (name: string, partitions: number, configs: Record<string, string> = {}, replicationFactor = 1): [string, TopicState] => [name, { name, partitions, replicationFactor, configs }];

describe('planTopicChanges', () => {
  it('creates missing topics, leaves matching ones alone', () => {
    const plan = planTopicChanges(
      [{ name: 'a', partitions: 2, configs: { 'retention.ms': 1000 } }, { name: 'b' }],
      new Map([state('b', 1)]),
    );
    expect(plan.changes).toEqual([
      { action: 'create', topic: 'a', spec: { name: 'a', partitions: 2, replicationFactor: 1, configs: { 'retention.ms': '1000' } } },
      { action: 'unchanged', topic: 'b' },
    ]);
    expect(plan.empty).toBe(false);
  });

  it('reports config drift (changed, added out of band) and more partitions as an update', () => {
    const plan = planTopicChanges([{ name: 'a', partitions: 3, configs: { 'cleanup.policy': 'compact' } }], new Map([state('a', 2, { 'cleanup.policy': 'delete', 'retention.ms': '5' })]));
    expect(plan.changes[0]).toEqual({
      action: 'update',
      topic: 'a',
      spec: { name: 'a', partitions: 3, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } },
      addPartitions: 3,
      alterConfigs: true,
      drift: [
        { property: 'partitions', desired: 3, actual: 2 },
        { property: 'config:cleanup.policy', desired: 'compact', actual: 'delete' },
        { property: 'config:retention.ms', desired: undefined, actual: '5' },
      ],
    });
  });

  it('refuses fewer partitions and a different replication factor, with the reason', () => {
    const plan = planTopicChanges([{ name: 'a', partitions: 1, replicationFactor: 3 }], new Map([state('a', 4)]));
    expect(plan.refused).toHaveLength(1);
    expect(plan.refused[0]?.reasons).toEqual([
      expect.stringContaining('Kafka cannot remove partitions'),
      expect.stringContaining('needs a partition reassignment'),
    ]);
  });

  it('rejects invalid names and duplicates', () => {
    expect(() => planTopicChanges([{ name: 'bad name' }], new Map())).toThrow(expect.objectContaining({ code: 'KAFKA_INVALID_CONFIG' }));
    expect(() => planTopicChanges([{ name: 'a' }, { name: 'a' }], new Map())).toThrow(/declared twice/);
  });
});
