import { createHash } from 'node:crypto';
import { checkSignals, compile, type CompileOptions, type Fields, type SqlScript, type TopicSpec as DslTopicSpec } from '@sluice/dsl';
import type { TopicSpec } from '@sluice/kafka';
import type { Project } from './load-project';
import { deployError } from '../error-codes';
import { kafkaSecurity } from '../secrets/kafka-security';
import { registryCompileOption } from '../plan/schema-plan';
import { resolveUserFunction, type UserJarPlaces } from '../udf/user-function-jar';

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
  const places: UserJarPlaces = { root: config.root, stateDir: config.stateDir };
  return selected.map((s) => {
    const script = withUserJars(scripts.get(s) ?? compile([s], options), places);
    const sink = script.topics.find((t) => t.role === 'sink');
    const fields = script.outputs[s.name] ?? {};
    return {
      signal: s.name,
      jobName: script.jobs[0]?.name ?? `sluice.${config.project}.${s.name}`,
      script,
      sql: script.text,
      version: versionOf(versionText(script)),
      topics: script.topics,
      ...(sink === undefined ? {} : { outputTopic: { name: sink.name, keyFields: sink.keyFields, upsert: sink.compacted, fields } }),
      sourceGroups: script.sources.flatMap((src) => (src.groupId === undefined ? [] : [{ topic: src.topic, groupId: src.groupId }])),
    };
  });
}

/**
 * The script with its user functions' jars made absolute (`jar` against the config's directory, a Maven
 * coordinate in the local repository, a URL's download place), so every runner and validate registers
 * them from the same path; the compiler records them as declared.
 */
function withUserJars(script: SqlScript, places: UserJarPlaces): SqlScript {
  if (script.functions.length === 0) return script;
  const resolved = new Map(script.functions.map((ref) => [ref, resolveUserFunction(ref, places)]));
  const resolve = (refs: SqlScript['functions']): SqlScript['functions'] => refs.map((ref) => resolved.get(ref) ?? resolveUserFunction(ref, places));
  return Object.freeze({
    ...script,
    statements: Object.freeze(script.statements.map((st) => (st.functions === undefined ? st : { ...st, functions: resolve(st.functions) }))),
    functions: resolve(script.functions),
  });
}

// A user function's class and artifact (not the path where this machine keeps its jar) are part of the version:
// the same SQL over another implementation is another deployment.
function versionText(script: SqlScript): string {
  if (script.functions.length === 0) return script.text;
  const declared = script.functions.map((f) => `-- function ${f.name} ${f.kind} ${f.className} ${f.artifact ?? ''}`).join('\n');
  return `${script.text}${declared}\n`;
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
