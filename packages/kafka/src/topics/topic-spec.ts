/**
 * A topic as it should be. Configs are Kafka topic configs (`retention.ms`, `cleanup.policy`,
 * `min.insync.replicas`, ...) as strings or numbers.
 *
 * @example
 * ```ts
 * const topics: TopicSpec[] = [
 *   { name: 'market.trades', partitions: 6, replicationFactor: 3, configs: { 'retention.ms': 86_400_000 } },
 *   { name: 'signals.vwap_1m', partitions: 6, replicationFactor: 3, configs: { 'cleanup.policy': 'compact' } },
 * ]
 * ```
 */
export interface TopicSpec {
  readonly name: string;
  /** Default 1. */
  readonly partitions?: number;
  /** Default 1 (the broker default may differ: Sluice states it explicitly). */
  readonly replicationFactor?: number;
  readonly configs?: Readonly<Record<string, string | number | boolean>>;
}

/** The state of a topic as the cluster reports it. */
export interface TopicState {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Topic configs set on the topic itself (not broker or default values). */
  readonly configs: Readonly<Record<string, string>>;
}

/** One difference between a desired topic and the cluster. */
export interface TopicDrift {
  /** `partitions`, `replicationFactor`, or `config:<name>`. */
  readonly property: string;
  readonly desired: string | number | undefined;
  readonly actual: string | number | undefined;
}

/** What {@link planTopics} decided for one topic. */
export type TopicChange =
  | { readonly action: 'create'; readonly topic: string; readonly spec: NormalizedTopicSpec }
  | {
      readonly action: 'update';
      readonly topic: string;
      readonly spec: NormalizedTopicSpec;
      readonly drift: readonly TopicDrift[];
      /** New total partition count when partitions are added. */
      readonly addPartitions?: number;
      /** True when topic configs must be rewritten (the full desired set replaces what is there). */
      readonly alterConfigs: boolean;
    }
  | { readonly action: 'unchanged'; readonly topic: string }
  | { readonly action: 'refused'; readonly topic: string; readonly drift: readonly TopicDrift[]; readonly reasons: readonly string[] };

/** A topic spec with defaults applied and configs as strings. */
export interface NormalizedTopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

/** The plan: one change per desired topic, in the order given. */
export interface TopicPlan {
  readonly changes: readonly TopicChange[];
  /** True when applying would change nothing. */
  readonly empty: boolean;
  /** Changes Kafka cannot make; {@link applyTopicPlan} refuses the whole plan while any exist. */
  readonly refused: readonly Extract<TopicChange, { action: 'refused' }>[];
}

/** What `topics.apply` did. */
export interface TopicApplyResult {
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly unchanged: readonly string[];
}

