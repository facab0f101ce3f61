import { kafkaError } from '../errors';
import type { NormalizedTopicSpec, TopicChange, TopicDrift, TopicPlan, TopicSpec, TopicState } from './topic-spec';

const NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** @internal Defaults, validation, configs as strings. */
export function normalizeTopicSpec(spec: TopicSpec): NormalizedTopicSpec {
  if (typeof spec.name !== 'string' || !NAME.test(spec.name) || spec.name === '.' || spec.name === '..') {
    throw kafkaError('KAFKA_INVALID_CONFIG', `'${String(spec.name)}' is not a valid topic name (letters, digits, '.', '_', '-'; at most 249)`, { details: { topic: String(spec.name) } });
  }
  const partitions = spec.partitions ?? 1;
  const replicationFactor = spec.replicationFactor ?? 1;
  if (!Number.isInteger(partitions) || partitions < 1) throw kafkaError('KAFKA_INVALID_CONFIG', `topic '${spec.name}': partitions must be a positive integer, got ${String(partitions)}`);
  if (!Number.isInteger(replicationFactor) || replicationFactor < 1) {
    throw kafkaError('KAFKA_INVALID_CONFIG', `topic '${spec.name}': replicationFactor must be a positive integer, got ${String(replicationFactor)}`);
  }
  const configs: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec.configs ?? {})) configs[key] = String(value);
  return { name: spec.name, partitions, replicationFactor, configs };
}

/**
 * Compares desired topics with the cluster's state (pure: no I/O). Adding partitions and changing configs
 * are updates; fewer partitions or another replication factor are refused with the reason.
 *
 * @example
 * ```ts
 * const plan = planTopicChanges([{ name: 'orders', partitions: 3 }], new Map())
 * plan.changes[0]?.action // 'create'
 * ```
 */
export function planTopicChanges(desired: readonly TopicSpec[], actual: ReadonlyMap<string, TopicState>): TopicPlan {
  const seen = new Set<string>();
  const changes: TopicChange[] = desired.map((input) => {
    const spec = normalizeTopicSpec(input);
    if (seen.has(spec.name)) throw kafkaError('KAFKA_INVALID_CONFIG', `topic '${spec.name}' is declared twice`, { details: { topic: spec.name } });
    seen.add(spec.name);
    const state = actual.get(spec.name);
    if (state === undefined) return { action: 'create', topic: spec.name, spec };
    const drift: TopicDrift[] = [];
    const reasons: string[] = [];
    if (state.partitions !== spec.partitions) {
      drift.push({ property: 'partitions', desired: spec.partitions, actual: state.partitions });
      if (spec.partitions < state.partitions) {
        reasons.push(`topic '${spec.name}' has ${state.partitions} partitions and Kafka cannot remove partitions (desired ${spec.partitions}); recreate the topic or keep ${state.partitions}`);
      }
    }
    if (state.replicationFactor !== spec.replicationFactor) {
      drift.push({ property: 'replicationFactor', desired: spec.replicationFactor, actual: state.replicationFactor });
      reasons.push(
        `topic '${spec.name}' has replication factor ${state.replicationFactor}, desired ${spec.replicationFactor}: changing it needs a partition reassignment (kafka-reassign-partitions), which Sluice does not do`,
      );
    }
    let configDrift = false;
    const keys = new Set([...Object.keys(spec.configs), ...Object.keys(state.configs)]);
    for (const key of [...keys].sort()) {
      if (spec.configs[key] !== state.configs[key]) {
        configDrift = true;
        drift.push({ property: `config:${key}`, desired: spec.configs[key], actual: state.configs[key] });
      }
    }
    if (reasons.length > 0) return { action: 'refused', topic: spec.name, drift, reasons };
    if (drift.length === 0) return { action: 'unchanged', topic: spec.name };
    return {
      action: 'update',
      topic: spec.name,
      spec,
      drift,
      alterConfigs: configDrift,
      ...(spec.partitions > state.partitions ? { addPartitions: spec.partitions } : {}),
    };
  });
  const refused = changes.filter((c): c is Extract<TopicChange, { action: 'refused' }> => c.action === 'refused');
  return { changes, refused, empty: changes.every((c) => c.action === 'unchanged') };
}
