import type { Fields } from '../types/data-type';
import type { RelNode } from '../ast/rel-node';
import type { Format, Source } from '../relational/connectors';
import type { Signal } from '../signal';
import { dslError } from '../errors';
import type { InsertNode, StatementNode } from '../ast/statement-node';
import { unreachable } from '../dialect';
import { avroSubject, isAvroConfluent, sinkColumnTypes, sinkTableNode, sourceTableNode, type SchemaRegistryConnection } from './compile-ddl';
import { avroSchemaOf, type AvroRecordSchema } from './avro-schema';
import { isRowtime } from '../expr/type-rules';
import { sinkKeyOf } from './sink-key';
import { checkTopicWriters } from './topic-writers';
import type { StatementKind } from './statement-kind';
import { collectUdfs, SLUICE_UDAF_NAMES, unionFunctions } from './udf-use';
import type { UserFunctionRef } from '../ast/user-function-ref';
import { compileDeadLetterRoute, DEAD_LETTER_FIELDS } from './dead-letter';
import { compileStatement, statementKindOf } from './compile-statement';
import { queryWithViews } from './query-views';
import { mergeSettings, settingNodes, writesExactlyOnce } from './job-settings';

/** Flink versions the compiler targets. */
export type FlinkVersion = '2.2' | '2.1' | '2.0' | '1.20';
const VERSIONS: readonly FlinkVersion[] = ['2.2', '2.1', '2.0', '1.20'];

/** Options of {@link compile}. */
export interface CompileOptions {
  readonly flinkVersion: FlinkVersion;
  /** Project name in job names `sluice.<project>.<signal>` (default `default`). */
  readonly project?: string;
  /** Kafka bootstrap servers written into Kafka tables (default `localhost:9092`). */
  readonly bootstrapServers?: string;
  /**
   * Kafka client properties put into every Kafka source and sink (without `properties.`), e.g. the
   * security settings of a cluster: `{ 'security.protocol': 'SASL_SSL', 'sasl.jaas.config': secretPlaceholder('kafka.sasl.jaas') }`.
   * A table's own property of the same name wins.
   */
  readonly kafkaProperties?: Readonly<Record<string, string>>;
  /** The schema registry of `format: 'avro-confluent'` tables (the URL of its Confluent-compatible API). */
  readonly schemaRegistry?: SchemaRegistryConnection;
  /** `statement-set`: all signals in one job; `per-signal` (default): one job per signal. */
  readonly jobs?: 'per-signal' | 'statement-set';
}

/** One statement of a script; `kind` says how a runner treats it (CREATE TABLE / VIEW are `ddl`). */
export interface ScriptStatement {
  readonly kind: StatementKind;
  /** `compileStatement(node)`. */
  readonly sql: string;
  /** The statement as the compiler built it, before rendering. */
  readonly node: StatementNode;
  /** The signals this statement belongs to (empty for shared DDL). */
  readonly signals: readonly string[];
  /** The Sluice UDAFs (`SLUICE_EMA`, ...) its signal calls, registered before it runs; absent when none. */
  readonly udfs?: readonly string[];
  /** The user functions (`udf.scalar/table/aggregate`) its signal calls, by name, registered before it runs; absent when none. */
  readonly functions?: readonly UserFunctionRef[];
}

/** A Kafka source's connector facts (what lag and status need), straight from the source definition. */
export interface SourceSpec {
  /** The table name. */
  readonly name: string;
  readonly topic: string;
  /** `properties.group.id`: the source's own, or `sluice-<project>-<signals>-<source>` for Kafka sources that set none. */
  readonly groupId?: string;
  /** The signals that read it. */
  readonly signals: readonly string[];
  /** Where records that do not parse go (`onParseError: { deadLetter }`). */
  readonly deadLetterTopic?: string;
  /**
   * True when the source declares a watermark without an idle timeout: a reader given no partition
   * (parallelism above the topic's partitions) then holds the job's event time back for good.
   */
  readonly watermarkWithoutIdleTimeout?: true;
}

/** A Kafka topic the script reads or writes. */
export interface TopicSpec {
  readonly name: string;
  readonly role: 'source' | 'sink';
  /** True for upsert-kafka topics (they should use cleanup.policy=compact). */
  readonly compacted: boolean;
  readonly keyFields: readonly string[];
  readonly format: Format;
}

/** The record schema of a topic, for codecs and schema registries. */
export interface SchemaSpec {
  readonly topic: string;
  readonly format: Format;
  readonly keyFields: readonly string[];
  readonly fields: Fields;
  /** For `avro-confluent`: the value subject and the Avro schema Flink derives for it (see `avroSchemaOf`). */
  readonly avro?: { readonly subject: string; readonly schema: AvroRecordSchema };
}

/** A job the script starts. */
export interface JobSpec {
  /** `pipeline.name`: `sluice.<project>.<signal>` */
  readonly name: string;
  readonly signals: readonly string[];
}

/** The compiled script: statements in order, their text, and what it needs from Kafka. */
export interface SqlScript {
  readonly flinkVersion: FlinkVersion;
  readonly statements: readonly ScriptStatement[];
  /** All statements, each ending with `;`, separated by blank lines. */
  readonly text: string;
  readonly topics: readonly TopicSpec[];
  readonly schemas: readonly SchemaSpec[];
  readonly jobs: readonly JobSpec[];
  /** The Kafka sources (not datagen, not JDBC) in name order. */
  readonly sources: readonly SourceSpec[];
  /** The Sluice UDAFs any statement calls, in catalog order (the union of the statements' `udfs`). */
  readonly udfs: readonly string[];
  /** The user functions any statement calls, by name (the union of the statements' `functions`). */
  readonly functions: readonly UserFunctionRef[];
  /** Output row type of each signal. */
  readonly outputs: Readonly<Record<string, Fields>>;
}

/**
 * A Kafka source without a `group.id` gets a stable one per project, signal(s) and source,
 * `sluice-<project>-<signals>-<source>`: the Flink Kafka source then commits its offsets on every
 * checkpoint (`commit.offsets.on.checkpoint` defaults to true once a group is set), so the lag of a
 * signal is visible in Kafka (`sluice status`) without the user naming a group. Deploy compiles each
 * signal alone, so there the group is one signal's.
 */
function withDefaultGroup(source: Source, project: string, readers: readonly string[]): Source {
  if ((source.connector !== 'kafka' && source.connector !== 'upsert-kafka') || source.topic === undefined) return source;
  if (source.properties['group.id'] !== undefined || source.options['properties.group.id'] !== undefined) return source;
  return { ...source, properties: { ...source.properties, 'group.id': `sluice-${project}-${readers.join('+')}-${source.name}` } };
}

function holdsWatermark(source: Source): boolean {
  return source.eventTime !== undefined && source.eventTime.idleTimeout === undefined && source.options['scan.watermark.idle-timeout'] === undefined;
}

function sourcesOf(rel: RelNode, out: Map<string, Source>, signal: string): void {
  switch (rel.kind) {
    case 'Scan': {
      const seen = out.get(rel.source.name);
      if (seen !== undefined && seen !== rel.source && JSON.stringify(seen) !== JSON.stringify(rel.source)) {
        throw dslError('DSL_DUPLICATE_NAME', { signal, field: rel.source.name }, `two different sources are named '${rel.source.name}'`);
      }
      out.set(rel.source.name, rel.source);
      return;
    }
    case 'Select':
    case 'Match':
    case 'Rank':
      return sourcesOf(rel.input, out, signal);
    case 'Join':
      sourcesOf(rel.left, out, signal);
      return sourcesOf(rel.right, out, signal);
    case 'Union':
      for (const i of rel.inputs) sourcesOf(i, out, signal);
      return;
    case 'RawQuery':
      for (const source of rel.sources) sourcesOf({ kind: 'Scan', source }, out, signal);
      return;
    default:
      return unreachable(rel);
  }
}

/**
 * Compiles signals to one Flink SQL script: source DDL, views, sink DDL, job settings and INSERTs.
 * Deterministic: the same signals give the same text.
 *
 * @example
 * ```ts
 * const script = compile([vwap1m], { flinkVersion: '2.2', project: 'finance' })
 * script.text
 * // CREATE TABLE `trades` (...) WITH (...);
 * // CREATE TABLE `vwap_1m_sink` (...) WITH (...);
 * // SET 'pipeline.name' = 'sluice.finance.vwap_1m';
 * // INSERT INTO `vwap_1m_sink`
 * // SELECT ...;
 * ```
 */
export function compile(signals: readonly Signal[], options: CompileOptions): SqlScript {
  if (!VERSIONS.includes(options?.flinkVersion)) {
    throw dslError('DSL_UNSUPPORTED_VERSION', { signal: '(compile)', field: 'flinkVersion' }, `flinkVersion must be one of ${VERSIONS.join(', ')}, got ${String(options?.flinkVersion)}`);
  }
  const project = options.project ?? 'default';
  const kafka = {
    bootstrapServers: options.bootstrapServers ?? 'localhost:9092',
    ...(options.kafkaProperties === undefined ? {} : { properties: options.kafkaProperties }),
    ...(options.schemaRegistry === undefined ? {} : { schemaRegistry: options.schemaRegistry }),
  };
  const sources = sourcesOfSignals(signals);
  checkSinkTables(signals, sources);
  // First the statements as nodes (pure structure), each with the nodes whose Sluice UDFs it needs
  // registered; then one rendering of every node.
  const ddl: Planned[] = [];
  const views: Planned[] = [];
  const sinks: Planned[] = [];
  const inserts: { signal: Signal; node: InsertNode; query: readonly StatementNode[] }[] = [];
  const topics: TopicSpec[] = [];
  const schemas: SchemaSpec[] = [];
  const sourceSpecs: SourceSpec[] = [];
  // The dead-letter INSERT of each source with onParseError: { deadLetter }, by source name.
  const deadLetters = new Map<string, InsertNode>();
  const outputs: Record<string, Fields> = {};
  for (const declared of [...sources.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const readers = signals.filter((s) => usesSource(s, declared.name)).map((s) => s.name);
    const source = withDefaultGroup(declared, project, readers);
    const route = compileDeadLetterRoute(source, kafka, jobName(project, readers.join('+')));
    if (route !== undefined) {
      for (const node of route.ddl) ddl.push({ node, signals: readers, udfsOf: route.ddl });
      deadLetters.set(source.name, route.insert);
      topics.push({ name: route.topic, role: 'sink', compacted: false, keyFields: [], format: 'json' });
      schemas.push({ topic: route.topic, format: 'json', keyFields: [], fields: DEAD_LETTER_FIELDS });
    } else {
      const node = sourceTableNode(source, kafka);
      ddl.push({ node, signals: readers, udfsOf: [node] });
    }
    if (source.connector !== 'datagen' && source.topic !== undefined) {
      const groupId = source.properties['group.id'] ?? source.options['properties.group.id'];
      const deadLetterTopic = typeof source.onParseError === 'object' ? source.onParseError.deadLetter : undefined;
      sourceSpecs.push({ name: source.name, topic: source.topic, ...(groupId === undefined ? {} : { groupId }), ...(deadLetterTopic === undefined ? {} : { deadLetterTopic }), signals: readers, ...(holdsWatermark(source) ? { watermarkWithoutIdleTimeout: true as const } : {}) });
      topics.push({ name: source.topic, role: 'source', compacted: source.connector === 'upsert-kafka', keyFields: source.keyFields, format: source.format });
      const physical = physicalFields(source);
      schemas.push({ topic: source.topic, format: source.format, keyFields: source.keyFields, fields: physical, ...avroOf(source.topic, source.format, physical) });
    }
  }
  for (const s of signals) {
    const table = sinkTableOf(s);
    const rowtimes = Object.entries(s.fields).filter(([, type]) => isRowtime(type)).map(([name]) => name);
    if (rowtimes.length > 1) {
      throw dslError('DSL_MULTIPLE_ROWTIME', { signal: s.name, field: rowtimes[1] ?? '' }, `the output has ${rowtimes.length} event-time attributes (${rowtimes.join(', ')}); a sink takes at most one`, `cast the others to plain timestamps, e.g. r.${rowtimes[1] ?? 'ts'}.cast(t.timestamp(3))`);
    }
    const key = sinkKeyOf(s);
    for (const k of key) {
      if (!(k in s.fields)) throw dslError('DSL_UNKNOWN_COLUMN', { signal: s.name, field: k }, `the sink key names column '${k}', which the signal does not output; columns are ${Object.keys(s.fields).join(', ')}`);
    }
    const planned = queryWithViews(s.query.materialize(), s.name);
    const insert: InsertNode = Object.freeze({ kind: 'Insert', table, columns: Object.freeze(Object.keys(s.fields)), query: planned.query });
    // The signal's UDFs are registered before its views as well as its INSERT.
    const query: readonly StatementNode[] = [...planned.views, insert];
    for (const node of planned.views) views.push({ node, signals: [s.name], udfsOf: query });
    sinks.push({ node: sinkTableNode(table, s.fields, s.sink, key, kafka, jobName(project, s.name)), signals: [s.name], udfsOf: [] });
    inserts.push({ signal: s, node: insert, query });
    outputs[s.name] = s.fields;
    if ((s.sink.connector === 'kafka' || s.sink.connector === 'upsert-kafka') && s.sink.topic !== undefined) {
      topics.push({ name: s.sink.topic, role: 'sink', compacted: s.sink.connector === 'upsert-kafka', keyFields: key, format: s.sink.format });
      schemas.push({ topic: s.sink.topic, format: s.sink.format, keyFields: key, fields: s.fields, ...avroOf(s.sink.topic, s.sink.format, sinkColumnTypes(s.fields, s.sink.format, key)) });
    }
  }
  checkTopicWriters(signals);
  const planned: Planned[] = [...ddl, ...views, ...sinks];
  const jobs: JobSpec[] = [];
  if (options.jobs === 'statement-set' && inserts.length > 1) {
    const names = inserts.map((i) => i.signal.name);
    const name = jobName(project, names.join('+'));
    planned.push(...settingNodes(name, mergeSettings(inserts.map((i) => i.signal)), inserts.some((i) => writesExactlyOnce(i.signal))).map((node) => ({ node, signals: names, udfsOf: [] })));
    const set: StatementNode = Object.freeze({ kind: 'StatementSet', inserts: Object.freeze([...inserts.map((i) => i.node), ...deadLetters.values()]) });
    planned.push({ node: set, signals: names, udfsOf: inserts.flatMap((i) => i.query) });
    jobs.push({ name, signals: names });
  } else {
    // SET is session-wide: undo what an earlier signal set and this one does not, so jobs do not inherit
    const setBefore = new Set<string>();
    for (const i of inserts) {
      const name = jobName(project, i.signal.name);
      const signal = [i.signal.name];
      const sets = settingNodes(name, i.signal.settings, writesExactlyOnce(i.signal));
      const keys = new Set(sets.map((s) => s.key));
      for (const key of [...setBefore].filter((k) => !keys.has(k))) {
        planned.push({ node: Object.freeze({ kind: 'Reset', key }), signals: signal, udfsOf: [] });
        setBefore.delete(key);
      }
      for (const s of sets) if (s.key !== 'pipeline.name') setBefore.add(s.key);
      planned.push(...sets.map((node) => ({ node, signals: signal, udfsOf: [] })));
      // A dead-letter route runs in the job of the signal that reads the source: one statement set.
      const routes = [...deadLetters.entries()].filter(([source]) => usesSource(i.signal, source)).map(([, insert]) => insert);
      const node: StatementNode = routes.length === 0 ? i.node : Object.freeze({ kind: 'StatementSet', inserts: Object.freeze([i.node, ...routes]) });
      planned.push({ node, signals: signal, udfsOf: i.query });
      jobs.push({ name, signals: signal });
    }
  }
  const statements = rendered(planned);
  return Object.freeze({
    flinkVersion: options.flinkVersion,
    statements,
    text: statements.map((s) => `${s.sql};`).join('\n\n') + '\n',
    topics,
    schemas,
    jobs,
    sources: sourceSpecs,
    udfs: SLUICE_UDAF_NAMES.filter((n) => statements.some((st) => st.udfs?.includes(n) === true)),
    functions: unionFunctions(statements.map((st) => st.functions)),
    outputs,
  });
}

/** A statement of the script before rendering: its node, its signals, and the nodes whose Sluice UDFs it needs registered. */
interface Planned {
  readonly node: StatementNode;
  readonly signals: readonly string[];
  readonly udfsOf: readonly StatementNode[];
}

/** Renders every node once: its text, and the Sluice UDAFs the rendered SQL calls. */
function rendered(planned: readonly Planned[]): readonly ScriptStatement[] {
  const texts = new Map<StatementNode, ReturnType<typeof collectUdfs<string>>>();
  const render = (node: StatementNode): ReturnType<typeof collectUdfs<string>> => {
    const seen = texts.get(node);
    if (seen !== undefined) return seen;
    const text = collectUdfs(() => compileStatement(node));
    texts.set(node, text);
    return text;
  };
  return Object.freeze(
    planned.map(({ node, signals, udfsOf }): ScriptStatement => {
      const used = new Set(udfsOf.flatMap((n) => render(n).udfs));
      const udfs = SLUICE_UDAF_NAMES.filter((n) => used.has(n));
      const functions = unionFunctions(udfsOf.map((n) => render(n).functions));
      return { kind: statementKindOf(node), sql: render(node).value, node, signals, ...(udfs.length === 0 ? {} : { udfs }), ...(functions.length === 0 ? {} : { functions }) };
    }),
  );
}

/**
 * What compiling signals together refuses beyond each signal alone, without generating SQL: two signals
 * of one name, two different sources of one name, one sink table twice (or a source's name), one topic
 * written in two shapes (`DSL_TOPIC_CONFLICT`). A project compiles each signal once and checks them with this.
 *
 * @example
 * ```ts
 * checkSignals([failed, ipOnly]) // throws DSL_TOPIC_CONFLICT: both write 'auth.alerts' in different row types
 * ```
 */
export function checkSignals(signals: readonly Signal[]): void {
  checkSinkTables(signals, sourcesOfSignals(signals));
  checkTopicWriters(signals);
}

/** Every source the signals read, by name; refuses non-signals, two signals of one name and two different sources of one name. */
function sourcesOfSignals(signals: readonly Signal[]): Map<string, Source> {
  const names = new Set<string>();
  const sources = new Map<string, Source>();
  for (const s of signals) {
    if (s === null || typeof s !== 'object' || s.kind !== 'Signal') throw dslError('DSL_INVALID_SIGNAL', { signal: '(compile)' }, 'compile() takes signals made with signal(name).from(...).to(sink)');
    if (names.has(s.name)) throw dslError('DSL_DUPLICATE_NAME', { signal: s.name, field: 'name' }, `two signals are named '${s.name}'`);
    names.add(s.name);
    sourcesOf(s.query.materialize(), sources, s.name);
  }
  return sources;
}

function sinkTableOf(s: Signal): string {
  return s.sink.table ?? `${s.name}_sink`;
}

/** Each signal's sink table is its own: not another signal's, not a source's. */
function checkSinkTables(signals: readonly Signal[], sources: ReadonlyMap<string, Source>): void {
  const sinkTables = new Map<string, string>();
  for (const s of signals) {
    const table = sinkTableOf(s);
    if (sources.has(table) || sinkTables.has(table)) throw dslError('DSL_DUPLICATE_NAME', { signal: s.name, field: table }, `sink table '${table}' is already used by ${sinkTables.get(table) ?? 'a source'}`);
    sinkTables.set(table, `signal '${s.name}'`);
  }
}

function jobName(project: string, signal: string): string {
  return `sluice.${project}.${signal}`;
}

function usesSource(s: Signal, name: string): boolean {
  const found = new Map<string, Source>();
  sourcesOf(s.query.materialize(), found, s.name);
  return found.has(name);
}

function avroOf(topic: string, format: Format, fields: Fields): Pick<SchemaSpec, 'avro'> {
  return isAvroConfluent(format) ? { avro: { subject: avroSubject(topic, 'value'), schema: avroSchemaOf(fields) } } : {};
}

function physicalFields(source: Source): Fields {
  return Object.fromEntries(source.columns.filter((c) => c.computed === undefined && c.metadata === undefined).map((c) => [c.name, c.type]));
}
