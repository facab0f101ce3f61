import { compileStatement, type CreateTableNode, type ScriptStatement, type SqlScript, type StatementNode } from '@sluice/dsl';
import { deployError } from '../error-codes';
import { specificOffsets, type BackfillBound, type BackfillRange } from './backfill-range';

/** What {@link backfillStatements} changes in a compiled signal's statements. */
export interface BackfillRewrite {
  /** Bounds of the Kafka sources; absent: the sources stay unbounded (the live job of backfill-then-live). */
  readonly range?: BackfillRange;
  /** Where the sources start when `range` is absent: exact offsets (the hand-over point). */
  readonly startAt?: BackfillBound;
  /** `pipeline.name` of the job. */
  readonly jobName: string;
  /** Batch runtime mode (the backfill: `SET 'execution.runtime-mode' = 'batch'`), or streaming (the live job: no SET, as deployed). */
  readonly mode: 'batch' | 'streaming';
  /** Write to this topic instead of the sink's. */
  readonly into?: string;
  /** Appended to the sources' consumer group and the sink's transactional id prefix, so the live job's are not touched. */
  readonly suffix?: string;
}

const STARTUP_KEYS = ['scan.startup.mode', 'scan.startup.timestamp-millis', 'scan.startup.specific-offsets'];
const BOUNDED_KEYS = ['scan.bounded.mode', 'scan.bounded.timestamp-millis', 'scan.bounded.specific-offsets'];

/**
 * The same compiled signal as another job: the statement nodes of `compile` with the Kafka sources'
 * `scan.startup.*` / `scan.bounded.*` options, the sink's topic, `pipeline.name` and
 * `execution.runtime-mode` changed, each rendered again by the DSL's `compileStatement` (no SQL text is
 * edited). The query is untouched: a backfill runs exactly what the live job runs.
 *
 * @throws SluiceError `DEPLOY_BACKFILL_RANGE_INVALID` when offsets name no partition of a source topic
 * @example
 * ```ts
 * backfillStatements(compiled.script, { jobName: 'sluice.finance.vwap_1m.backfill-1', mode: 'batch', range: { from: { kind: 'earliest' }, to: { kind: 'latest' } } })
 * ```
 */
export function backfillStatements(script: SqlScript, rewrite: BackfillRewrite): ScriptStatement[] {
  const sources = new Map(script.sources.map((s) => [s.name, s.topic]));
  const insertTables = new Set(script.statements.flatMap((st) => insertTargets(st.node)));
  const out: ScriptStatement[] = [];
  for (const st of script.statements) {
    const node = st.node;
    if (node.kind === 'Set' && (node.key === 'pipeline.name' || node.key === 'execution.runtime-mode')) continue;
    if (node.kind === 'Insert' || node.kind === 'StatementSet') {
      out.push(restated(st, { kind: 'Set', key: 'pipeline.name', value: rewrite.jobName }));
      // Streaming is what every live job runs in without a SET (as sluice deploy submits it).
      if (rewrite.mode === 'batch') out.push(restated(st, { kind: 'Set', key: 'execution.runtime-mode', value: 'batch' }));
      out.push(st);
      continue;
    }
    if (node.kind === 'CreateTable') {
      const topic = sources.get(node.name);
      if (topic !== undefined) {
        out.push(restated(st, sourceTable(node, topic, rewrite)));
        continue;
      }
      if (insertTables.has(node.name)) {
        out.push(restated(st, sinkTable(node, rewrite)));
        continue;
      }
    }
    out.push(st);
  }
  return out;
}

function insertTargets(node: StatementNode): string[] {
  if (node.kind === 'Insert') return [node.table];
  if (node.kind === 'StatementSet') return node.inserts.map((i) => i.table);
  return [];
}

function restated(st: ScriptStatement, node: StatementNode): ScriptStatement {
  const kind = node.kind === 'Set' ? 'set' : st.kind;
  const { udfs, functions, ...rest } = st;
  // Only the job's INSERT registers functions; a new SET before it needs none.
  const carried = node.kind === 'Set' ? {} : { ...(udfs === undefined ? {} : { udfs }), ...(functions === undefined ? {} : { functions }) };
  return { ...rest, ...carried, kind, node, sql: compileStatement(node) };
}

function withOptions(node: CreateTableNode, drop: readonly string[], add: Readonly<Record<string, string>>): CreateTableNode {
  const kept = node.options.filter((o) => !drop.includes(o.key) && !(o.key in add));
  return { ...node, options: [...kept, ...Object.entries(add).map(([key, value]) => ({ key, value }))] };
}

function sourceTable(node: CreateTableNode, topic: string, rewrite: BackfillRewrite): CreateTableNode {
  const group = node.options.find((o) => o.key === 'properties.group.id')?.value;
  const add: Record<string, string> = { ...(group === undefined || rewrite.suffix === undefined ? {} : { 'properties.group.id': `${group}-${rewrite.suffix}` }) };
  const start = rewrite.range?.from ?? rewrite.startAt;
  if (start !== undefined) Object.assign(add, startupOptions(start, topic));
  if (rewrite.range !== undefined) Object.assign(add, boundedOptions(rewrite.range.to, topic));
  const table = withOptions(node, [...(start === undefined ? [] : STARTUP_KEYS), ...BOUNDED_KEYS], add);
  if (rewrite.mode !== 'batch' || table.watermark === undefined) return table;
  // Batch mode reads everything before it computes, so a watermark changes no result; declared, it makes
  // the time column a rowtime attribute, which Flink's batch planner loses in some OVER projections
  // ("Conversion to relational algebra failed to preserve datatypes").
  const { watermark: _dropped, ...withoutWatermark } = table;
  return withoutWatermark;
}

function sinkTable(node: CreateTableNode, rewrite: BackfillRewrite): CreateTableNode {
  const add: Record<string, string> = {};
  if (rewrite.into !== undefined) {
    if (!node.options.some((o) => o.key === 'topic')) {
      throw deployError('DEPLOY_BACKFILL_RANGE_INVALID', `the sink '${node.name}' writes no Kafka topic, so it cannot write into '${rewrite.into}'`, { details: { sink: node.name, into: rewrite.into }, suggestion: 'backfill into the signal\'s own sink (leave out --into)' });
    }
    add['topic'] = rewrite.into;
  }
  // An exactly-once backfill beside a running live job must not fence the live job's transactions.
  const prefix = node.options.find((o) => o.key === 'sink.transactional-id-prefix')?.value;
  if (prefix !== undefined && rewrite.suffix !== undefined) add['sink.transactional-id-prefix'] = `${prefix}.${rewrite.suffix}`;
  return withOptions(node, [], add);
}

function startupOptions(bound: BackfillBound, topic: string): Record<string, string> {
  switch (bound.kind) {
    case 'earliest':
      return { 'scan.startup.mode': 'earliest-offset' };
    case 'latest':
      return { 'scan.startup.mode': 'latest-offset' };
    case 'timestamp':
      return { 'scan.startup.mode': 'timestamp', 'scan.startup.timestamp-millis': String(bound.millis) };
    case 'offsets':
      return { 'scan.startup.mode': 'specific-offsets', 'scan.startup.specific-offsets': offsetsOf(bound, topic) };
  }
}

function boundedOptions(bound: BackfillBound, topic: string): Record<string, string> {
  switch (bound.kind) {
    case 'earliest':
      throw deployError('DEPLOY_BACKFILL_RANGE_INVALID', 'a backfill cannot end at earliest', { details: { to: 'earliest' }, suggestion: 'end it at latest, a time or offsets' });
    case 'latest':
      return { 'scan.bounded.mode': 'latest-offset' };
    case 'timestamp':
      return { 'scan.bounded.mode': 'timestamp', 'scan.bounded.timestamp-millis': String(bound.millis) };
    case 'offsets':
      return { 'scan.bounded.mode': 'specific-offsets', 'scan.bounded.specific-offsets': offsetsOf(bound, topic) };
  }
}

function offsetsOf(bound: Extract<BackfillBound, { kind: 'offsets' }>, topic: string): string {
  const text = specificOffsets(bound.offsets, topic);
  if (text === undefined) {
    throw deployError('DEPLOY_BACKFILL_RANGE_INVALID', `the offsets name no partition of the source topic '${topic}'`, { details: { topic }, suggestion: `add ${topic}/<partition>=<offset> entries, or give offsets without a topic` });
  }
  return text;
}
