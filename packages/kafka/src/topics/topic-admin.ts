import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { kafkaError, wrapClientError } from '../errors';
import { planTopicChanges } from './plan-topics';
import type { TopicApplyResult, TopicChange, TopicPlan, TopicSpec, TopicState } from './topic-spec';

// DescribeConfigs' ConfigSource 1 = DYNAMIC_TOPIC_CONFIG: set on the topic itself.
const TOPIC_CONFIG_SOURCE = 1;

/** @internal Reads the state of the named topics; topics that do not exist are absent from the map. */
export async function describeTopics(admin: Admin, names: readonly string[]): Promise<Map<string, TopicState>> {
  const states = new Map<string, TopicState>();
  if (names.length === 0) return states;
  let existing: string[];
  try {
    const all = new Set(await admin.listTopics());
    existing = names.filter((name) => all.has(name));
  } catch (error) {
    throw wrapClientError(error, 'KAFKA_TOPIC_OPERATION', 'listing topics');
  }
  if (existing.length === 0) return states;
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: existing });
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: existing.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
    });
    const configsByTopic = new Map<string, Record<string, string>>();
    for (const resource of configs.resources) {
      const set: Record<string, string> = {};
      for (const entry of resource.configEntries) {
        const source = (entry as { configSource?: number }).configSource;
        const isTopicLevel = source === undefined ? !entry.isDefault : source === TOPIC_CONFIG_SOURCE;
        if (isTopicLevel && entry.configValue !== null) set[entry.configName] = entry.configValue;
      }
      configsByTopic.set(resource.resourceName, set);
    }
    for (const topic of metadata.topics) {
      const replicas = topic.partitions.map((p) => p.replicas.length);
      states.set(topic.name, {
        name: topic.name,
        partitions: topic.partitions.length,
        replicationFactor: replicas.length === 0 ? 0 : Math.max(...replicas),
        configs: configsByTopic.get(topic.name) ?? {},
      });
    }
  } catch (error) {
    throw wrapClientError(error, 'KAFKA_TOPIC_OPERATION', `describing topics ${existing.join(', ')}`);
  }
  return states;
}

/** @internal plan = diff(desired, what the cluster reports). */
export async function planTopics(admin: Admin, desired: readonly TopicSpec[]): Promise<TopicPlan> {
  return planTopicChanges(desired, await describeTopics(admin, desired.map((spec) => spec.name)));
}

/** @internal Makes the cluster match a plan; refuses the whole plan (changing nothing) when any change is refused. */
export async function applyTopicPlan(admin: Admin, plan: TopicPlan): Promise<TopicApplyResult> {
  if (plan.refused.length > 0) {
    const reasons = plan.refused.flatMap((change) => change.reasons);
    throw kafkaError('KAFKA_TOPIC_CHANGE_REFUSED', `the topic plan has changes Kafka cannot make, so nothing was applied: ${reasons.join('; ')}`, {
      details: { topics: plan.refused.map((change) => change.topic), reasons },
      suggestion: 'change the desired topic back to what the cluster has, or recreate the topic (its data is lost)',
    });
  }
  const creates = plan.changes.filter((c): c is Extract<TopicChange, { action: 'create' }> => c.action === 'create');
  const updates = plan.changes.filter((c): c is Extract<TopicChange, { action: 'update' }> => c.action === 'update');
  if (creates.length > 0) {
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: creates.map(({ spec }) => ({
          topic: spec.name,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor,
          configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
        })),
      });
    } catch (error) {
      throw wrapClientError(error, 'KAFKA_TOPIC_OPERATION', `creating topics ${creates.map((c) => c.topic).join(', ')}`);
    }
  }
  const alter = updates.filter((c) => c.alterConfigs);
  if (alter.length > 0) {
    try {
      // Non-incremental AlterConfigs: the desired set replaces every topic-level config, so configs set
      // out of band (reported as drift) are reset to their defaults.
      await admin.alterConfigs({
        validateOnly: false,
        resources: alter.map(({ spec }) => ({
          type: ConfigResourceTypes.TOPIC,
          name: spec.name,
          configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
        })),
      });
    } catch (error) {
      throw wrapClientError(error, 'KAFKA_TOPIC_OPERATION', `altering configs of ${alter.map((c) => c.topic).join(', ')}`);
    }
  }
  const grow = updates.filter((c) => c.addPartitions !== undefined);
  if (grow.length > 0) {
    try {
      await admin.createPartitions({ topicPartitions: grow.map((c) => ({ topic: c.topic, count: c.addPartitions ?? 0 })) });
    } catch (error) {
      throw wrapClientError(error, 'KAFKA_TOPIC_OPERATION', `adding partitions to ${grow.map((c) => c.topic).join(', ')}`);
    }
  }
  return {
    created: creates.map((c) => c.topic),
    updated: updates.map((c) => c.topic),
    unchanged: plan.changes.filter((c) => c.action === 'unchanged').map((c) => c.topic),
  };
}

/** @internal Deletes the named topics that exist (absent ones are skipped); returns the deleted names. */
export async function deleteTopics(admin: Admin, names: readonly string[]): Promise<string[]> {
  const existing = [...(await describeTopics(admin, names)).keys()];
  if (existing.length === 0) return [];
  try {
    await admin.deleteTopics({ topics: existing });
  } catch (error) {
    throw wrapClientError(error, 'KAFKA_TOPIC_OPERATION', `deleting topics ${existing.join(', ')}`);
  }
  return existing;
}

/** @internal Records a topic holds now: the sum over its partitions of end minus start offset; 0n when it does not exist. */
export async function recordCount(admin: Admin, name: string): Promise<bigint> {
  try {
    if (!(await admin.listTopics()).includes(name)) return 0n;
    return (await admin.fetchTopicOffsets(name)).reduce((sum, p) => sum + BigInt(p.high) - BigInt(p.low), 0n);
  } catch (error) {
    throw wrapClientError(error, 'KAFKA_TOPIC_OPERATION', `reading the offsets of topic '${name}'`);
  }
}
