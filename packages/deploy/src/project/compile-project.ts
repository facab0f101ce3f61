import { createHash } from 'node:crypto';
import { checkSignals, compile, type CompileOptions, type Fields, type SqlScript, type TopicSpec as DslTopicSpec } from '@sluice/dsl';
import type { TopicSpec } from '@sluice/kafka';
import type { Project } from './load-project';
import { deployError } from '../error-codes';
import { kafkaSecurity } from '../secrets/kafka-security';
import { registryCompileOption } from '../plan/schema-plan';

/** One signal compiled on its own: the script its job runs, and what it needs from Kafka. */
export interface CompiledSignal {
  readonly signal: string;
  /** `sluice.<project>.<signal>`, the job's identity on the cluster. */
  readonly jobName: string;
  readonly script: SqlScript;
  /** The script text; secrets are `${secret:<name>}` placeholders, filled only in what is sent to Flink. */
  readonly sql: string;
  /** First 12 hex digits of the SHA-256 of {@link sql}: the version of the signal. */
  readonly version: string;
  readonly topics: readonly DslTopicSpec[];
  /** The output topic, when the sink is Kafka. */
  readonly outputTopic?: { readonly name: string; readonly keyFields: readonly string[]; readonly upsert: boolean; readonly fields: Fields };
  /** Consumer groups of the signal's Kafka sources (`properties.group.id`), by topic. */
  readonly sourceGroups: readonly { readonly topic: string; readonly groupId: string }[];
}

/** The version hash of a script text. */
export function versionOf(sql: string): string {
  return createHash('sha256').update(sql, 'utf8').digest('hex').slice(0, 12);
}

/** Compile options of a project (one job per signal). */
function compileOptions(project: Project): CompileOptions {
  const { config } = project;
  // Security settings as placeholders: the script (shown, stored, hashed) never holds a secret.
  const { properties } = kafkaSecurity(config.kafka);
  const registry = registryCompileOption(config);
  return {
    flinkVersion: config.flink.version,
    project: config.project,
    bootstrapServers: config.kafka.flinkBrokers.join(','),
    ...(Object.keys(properties).length === 0 ? {} : { kafkaProperties: properties }),
    ...(registry === undefined ? {} : { schemaRegistry: registry }),
    jobs: 'per-signal',
  };
}

/**
 * The project-level check: every signal at once, so conflicts between signals are refused (two signals
 * or sources of one name, one sink table twice, one topic written in two shapes), without compiling SQL
 * (`checkSignals` of `@sluice/dsl`, the checks its compile runs over the signals it is given).
 *
 * @throws SluiceError the DSL's code, e.g. `DSL_TOPIC_CONFLICT` naming both signals and the topic
 * @example
 * ```ts
 * checkProject(project) // throws DSL_TOPIC_CONFLICT when two signals write 'alerts' in different row types
 * ```
 */
export function checkProject(project: Project): void {
  checkSignals(project.signals);
}

/**
 * Compiles each signal of a project into its own script (one job per signal): every signal is compiled
 * once, alone (so one that does not compile fails the project, also when another is asked for), after
 * the conflicts between them are checked ({@link checkProject}, no SQL compiled).
 *
 * @example
 * ```ts
 * const compiled = compileProject(project)
 * compiled[0]?.jobName // 'sluice.demo.clicks_per_user'
 * ```
 */
export function compileProject(project: Project, only?: readonly string[]): CompiledSignal[] {
  const { config } = project;
  const options = compileOptions(project);
  checkProject(project);
  const selected = selectSignals(project, only);
  const scripts = new Map(project.signals.map((s) => [s, compile([s], options)]));
  return selected.map((s) => {
    const script = scripts.get(s) ?? compile([s], options);
    const sink = script.topics.find((t) => t.role === 'sink');
    const fields = script.outputs[s.name] ?? {};
    return {
      signal: s.name,
      jobName: script.jobs[0]?.name ?? `sluice.${config.project}.${s.name}`,
      script,
      sql: script.text,
      version: versionOf(script.text),
      topics: script.topics,
      ...(sink === undefined ? {} : { outputTopic: { name: sink.name, keyFields: sink.keyFields, upsert: sink.compacted, fields } }),
      sourceGroups: script.sources.flatMap((src) => (src.groupId === undefined ? [] : [{ topic: src.topic, groupId: src.groupId }])),
    };
  });
}

/** The named signals of a project (all when `only` is empty); unknown names are an error. */
export function selectSignals(project: Project, only?: readonly string[]): Project['signals'] {
  if (only === undefined || only.length === 0) return project.signals;
  const known = new Map(project.signals.map((s) => [s.name, s]));
  return only.map((name) => {
    const s = known.get(name);
    if (s === undefined) {
      throw deployError('DEPLOY_UNKNOWN_SIGNAL', `unknown signal '${name}'`, { details: { signal: name, known: [...known.keys()] }, suggestion: `use one of: ${[...known.keys()].join(', ')} (sluice list shows them)` });
    }
    return s;
  });
}

/** Kafka topic specs (with the project's defaults) for every topic the compiled signals use. */
export function desiredTopics(project: Project, compiled: readonly CompiledSignal[]): TopicSpec[] {
  const out = new Map<string, TopicSpec>();
  const { partitions, replicationFactor } = project.config.kafka.topicDefaults;
  for (const c of compiled) {
    for (const t of c.topics) {
      if (out.has(t.name)) continue;
      out.set(t.name, { name: t.name, partitions, replicationFactor, ...(t.compacted ? { configs: { 'cleanup.policy': 'compact' } } : {}) });
    }
  }
  return [...out.values()];
}
