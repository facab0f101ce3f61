import type { DataType, Fields } from '../types/data-type';
import type { SinkSpec, Source, SourceColumn } from '../relational/connectors';
import { quoteIdentifier, quoteString, renderType } from '../dialect';
import { withNullable } from '../expr/type-rules';
import { compileExpr } from './compile-expr';
import type { CreateTableNode, CreateViewNode, InsertNode } from '../ast/statement-node';
import { sinkTableNode, sourceTableNode, type KafkaConnection } from './compile-ddl';

/** The record a dead-letter topic holds: where the record was, its bytes, and why it did not parse. */
export const DEAD_LETTER_FIELDS: Fields = Object.freeze({
  partition: { kind: 'INT', nullable: true },
  offset: { kind: 'BIGINT', nullable: true },
  timestamp: { kind: 'TIMESTAMP_LTZ', nullable: true, precision: 3 },
  raw_value: { kind: 'BYTES', nullable: true },
  reason: { kind: 'STRING', nullable: true },
} as Fields);

/** What a dead-lettered source compiles to: its DDL (raw table, parsing view, dead-letter sink) and the INSERT of the dead letters. */
export interface DeadLetterRoute {
  readonly topic: string;
  readonly ddl: readonly [CreateTableNode, CreateViewNode, CreateTableNode];
  /** The INSERT that writes every record that does not parse; it runs in the job of each signal reading the source. */
  readonly insert: InsertNode;
}

const RAW = quoteIdentifier('__raw');
const TEXT = `CAST(${RAW} AS STRING)`;
const META: readonly [string, string, DataType][] = [
  ['__partition', 'partition', { kind: 'INT', nullable: true }],
  ['__offset', 'offset', { kind: 'BIGINT', nullable: true }],
  ['__timestamp', 'timestamp', { kind: 'TIMESTAMP_LTZ', nullable: true, precision: 3 }],
];

function jsonPath(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `$.${name}` : `$['${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`;
}

/** The column's JSON text (NULL when missing or JSON null) and its typed value (NULL when the text is not of the type). */
function parsed(c: SourceColumn): { text: string; typed: string } {
  const text = `JSON_VALUE(${TEXT}, ${quoteString(jsonPath(c.name))})`;
  const kind = c.type.kind;
  const typed = kind === 'STRING' ? text : `TRY_CAST(${text} AS ${renderType(withNullable(c.type, true))})`;
  return { text, typed };
}

/** `CASE ... END`: why the raw record does not parse into the source's columns, NULL when it does. */
function reasonExpr(source: Source): string {
  const cases: [string, string][] = [
    [`${RAW} IS NULL OR CHAR_LENGTH(${TEXT}) = 0`, 'empty'],
    // Decoding replaces invalid UTF-8 by U+FFFD, so the text no longer encodes to the same bytes.
    [`CAST(${TEXT} AS BYTES) <> ${RAW}`, 'invalid UTF-8'],
    [`NOT (${TEXT} IS JSON OBJECT)`, 'not a JSON object'],
  ];
  for (const c of source.columns) {
    if (c.metadata !== undefined || c.computed !== undefined) continue;
    const { text, typed } = parsed(c);
    if (c.type.kind !== 'STRING') cases.push([`${text} IS NOT NULL AND ${typed} IS NULL`, `field ${c.name}: not a ${renderType(withNullable(c.type, true))}`]);
    if (!c.type.nullable) cases.push([`${text} IS NULL`, `field ${c.name}: missing or null in a NOT NULL column`]);
  }
  return `CASE ${cases.map(([when, reason]) => `WHEN ${when} THEN ${quoteString(reason)}`).join(' ')} ELSE CAST(NULL AS STRING) END`;
}

/**
 * The dead-letter route of a source with `onParseError: { deadLetter }`: a raw-bytes table of the topic
 * (`<name>__raw`), a view under the source's own name that parses the JSON in the job and keeps the
 * records that parse, and a sink for the others (`<name>__dead_letters`).
 */
export function compileDeadLetterRoute(source: Source, kafka: KafkaConnection, jobName: string): DeadLetterRoute | undefined {
  const policy = source.onParseError;
  if (policy === undefined || policy === 'skip') return undefined;
  const rawName = `${source.name}__raw`;
  const sinkName = `${source.name}__dead_letters`;
  const physical = source.columns.filter((c) => c.metadata === undefined && c.computed === undefined);
  const metadata = source.columns.filter((c) => c.metadata !== undefined);
  const computed = source.columns.filter((c) => c.computed !== undefined);
  // The raw table holds the topic's bytes, its metadata, and the source's computed columns written over
  // the parsed values (a computed column may not refer to another one), so an event-time column and its
  // watermark are the raw table's own and the view passes them on.
  const raw: Source = {
    ...source,
    name: rawName,
    columns: [{ name: '__raw', type: { kind: 'BYTES', nullable: true } }, ...META.map(([name, key, type]): SourceColumn => ({ name, type, metadata: key as NonNullable<SourceColumn['metadata']> }))],
    fields: {},
    format: 'raw',
    keyFields: [],
    primaryKey: [],
  };
  delete (raw as { onParseError?: unknown }).onParseError;
  const substitutions = new Map<string, string>([...physical.map((c): [string, string] => [quoteIdentifier(c.name), `(${parsed(c).typed})`]), ...metadata.map((c): [string, string] => [quoteIdentifier(c.name), quoteIdentifier(`__${c.metadata ?? ''}`)])]);
  const overParsed = (sql: string): string => sql.replace(/`(?:[^`]|``)*`/g, (id) => substitutions.get(id) ?? id);
  // The user's computed expressions over the parsed values: text, as the substitution is of column names in it.
  const rawTable = sourceTableNode(raw, kafka);
  const computedColumns = computed.map((c) => Object.freeze({ kind: 'ComputedColumn' as const, name: c.name, expr: Object.freeze({ kind: 'Raw' as const, sql: overParsed(compileExpr(c.computed as NonNullable<SourceColumn['computed']>)) }) }));
  const rawDdl: CreateTableNode = Object.freeze({ ...rawTable, columns: Object.freeze([...rawTable.columns, ...computedColumns]) });
  const columns = source.columns.map((c) => {
    if (c.computed !== undefined) return quoteIdentifier(c.name);
    if (c.metadata !== undefined) return `${quoteIdentifier(`__${c.metadata}`)} AS ${quoteIdentifier(c.name)}`;
    return `${parsed(c).typed} AS ${quoteIdentifier(c.name)}`;
  });
  const view: CreateViewNode = Object.freeze({
    kind: 'CreateView',
    name: source.name,
    temporary: false,
    query: rawQuery(`SELECT ${columns.join(', ')}\nFROM ${quoteIdentifier(rawName)}\nWHERE (${reasonExpr(source)}) IS NULL`, Object.fromEntries(source.columns.map((c) => [c.name, c.type]))),
  });
  const sink: SinkSpec = { kind: 'Sink', connector: 'kafka', topic: policy.deadLetter, format: 'json', properties: {}, acceptsUpdates: false };
  const select = `SELECT \`__partition\`, \`__offset\`, \`__timestamp\`, ${RAW}, \`__reason\`\nFROM (SELECT \`__partition\`, \`__offset\`, \`__timestamp\`, ${RAW}, ${reasonExpr(source)} AS \`__reason\` FROM ${quoteIdentifier(rawName)})\nWHERE \`__reason\` IS NOT NULL`;
  const insert: InsertNode = Object.freeze({ kind: 'Insert', table: sinkName, columns: Object.freeze(Object.keys(DEAD_LETTER_FIELDS)), query: rawQuery(select, DEAD_LETTER_FIELDS) });
  return { topic: policy.deadLetter, ddl: [rawDdl, view, sinkTableNode(sinkName, DEAD_LETTER_FIELDS, sink, [], kafka, jobName)], insert };
}

// The route's queries are SQL the route writes itself (JSON parsing in SQL), as a raw query with its columns.
function rawQuery(sql: string, fields: Fields): InsertNode['query'] {
  return Object.freeze({ rel: Object.freeze({ kind: 'RawQuery', sql, fields, sources: [] }), views: Object.freeze([]) });
}
