import type { ExprNode } from '../ast/expr-node';
import type { RelNode, SelectNode } from '../ast/rel-node';
import type { DataType } from '../types/data-type';
import type { Signal } from '../signal';
import type { SluiceError } from '@sluice/errors';
import { unreachable } from '../dialect';
import { dslError, type DslErrorDetails } from '../errors';

/** Whether a signal can run in batch mode over bounded Kafka reads (a backfill), and if not why. */
export type BackfillVerdict = { readonly ok: true } | { readonly ok: false; readonly reasons: readonly string[]; readonly error: SluiceError<DslErrorDetails> };

/**
 * What Flink 2.2's batch planner refuses among the DSL's constructs, measured by EXPLAIN in
 * `execution.runtime-mode = batch` on the SQL Gateway over the same statements a backfill runs
 * (the stack test `backfill-check` keeps each rule equal to Flink's answer):
 * - an upsert-kafka source: it has no `scan.bounded.*` options ("Unsupported options found for
 *   'upsert-kafka'"), so neither its reads nor a temporal join on it can be bounded;
 * - a generator without a row limit ("Querying an unbounded table ... in batch mode is not allowed");
 * - a SESSION window ("Unaligned windows like session are not supported in batch mode yet");
 * - a window over a processing-time column ("Processing time Window TableFunction is not supported yet");
 * - an OVER window with a RANGE frame ordered by a TIMESTAMP_LTZ column ("Unsupported temporal arithmetic");
 * Everything else the DSL builds plans in batch mode as it does in streaming: window TVFs (TUMBLE, HOP,
 * CUMULATE), OVER with ROWS, MATCH_RECOGNIZE, interval and window joins, lookup joins, Top-N, the
 * Sluice UDAFs. (A backfill declares no watermark: with one, the time column is a rowtime attribute that
 * Flink's batch planner loses in some OVER projections, "Conversion to relational algebra failed to
 * preserve datatypes"; batch mode reads everything before it computes, so no result changes.)
 *
 * @example
 * ```ts
 * checkBackfill(vwap1m) // { ok: true }
 * checkBackfill(sessions) // { ok: false, reasons: ['SESSION window on ts: ...'], error: DSL_NOT_BACKFILLABLE }
 * ```
 */
export function checkBackfill(signal: Signal): BackfillVerdict {
  const reasons: string[] = [];
  walk(signal.query.state.rel, reasons);
  const unique = [...new Set(reasons)];
  if (unique.length === 0) return { ok: true };
  const error = dslError(
    'DSL_NOT_BACKFILLABLE',
    { signal: signal.name },
    `cannot be backfilled (batch mode): ${unique.join('; ')}`,
    'backfill a signal without these constructs, or replay history through the streaming job (deploy it with startup: { timestampMillis })',
  );
  return { ok: false, reasons: unique, error };
}

/**
 * {@link checkBackfill} that throws its error.
 *
 * @throws SluiceError `DSL_NOT_BACKFILLABLE` naming each construct and why
 * @example
 * ```ts
 * requireBackfillable(vwap1m) // returns; requireBackfillable(sessions) throws DSL_NOT_BACKFILLABLE
 * ```
 */
export function requireBackfillable(signal: Signal): void {
  const verdict = checkBackfill(signal);
  if (!verdict.ok) throw verdict.error;
}

function walk(rel: RelNode, reasons: string[]): void {
  switch (rel.kind) {
    case 'Scan': {
      const { source } = rel;
      if (source.connector === 'upsert-kafka') reasons.push(`upsert-kafka source '${source.name}': the upsert-kafka connector cannot bound its reads (no scan.bounded.* options)`);
      if (source.connector === 'datagen' && source.unbounded) reasons.push(`generator source '${source.name}' has no row limit: batch mode reads bounded tables only`);
      return;
    }
    case 'Select':
      checkSelect(rel, reasons);
      return walk(rel.input, reasons);
    case 'Match':
    case 'Rank':
      return walk(rel.input, reasons);
    case 'Join':
      walk(rel.left, reasons);
      return walk(rel.right, reasons);
    case 'Union':
      for (const input of rel.inputs) walk(input, reasons);
      return;
    case 'RawQuery':
      for (const source of rel.sources) walk({ kind: 'Scan', source }, reasons);
      return;
    default:
      return unreachable(rel);
  }
}

function checkSelect(rel: SelectNode, reasons: string[]): void {
  const { window } = rel;
  if (window !== undefined) {
    if (window.kind === 'Session') reasons.push(`SESSION window on ${window.timeColumn}: Flink's batch planner refuses unaligned windows`);
    const type = columnType(rel.input, window.timeColumn);
    if (type?.kind === 'TIMESTAMP_LTZ' && type.proctime === true) reasons.push(`${window.kind.toUpperCase()} window on the processing-time column ${window.timeColumn}: batch mode has no processing time`);
  }
  const overs = rel.items.flatMap((item) => oversIn(item.expr));
  for (const over of overs) {
    const { frame, orderBy } = over.window;
    const order = orderBy.kind === 'Column' ? columnType(rel.input, orderBy.name) : undefined;
    if (frame.unit === 'RANGE' && frame.preceding !== 'UNBOUNDED' && order?.kind === 'TIMESTAMP_LTZ') {
      reasons.push(`OVER window with RANGE ${frame.preceding.amount} ${frame.preceding.unit} ordered by the TIMESTAMP_LTZ column ${orderBy.kind === 'Column' ? orderBy.name : ''}: Flink's batch code generation has no such interval arithmetic`);
    }
  }
}

/** The OVER aggregates of an expression, wherever they are nested. */
function oversIn(expr: ExprNode): Extract<ExprNode, { kind: 'Over' }>[] {
  switch (expr.kind) {
    case 'Over':
      return [expr];
    case 'Case':
      return [...expr.whens.flatMap((w) => [...oversIn(w.when), ...oversIn(w.then)]), ...(expr.otherwise === undefined ? [] : oversIn(expr.otherwise))];
    case 'Binary':
      return [...oversIn(expr.left), ...oversIn(expr.right)];
    case 'Unary':
    case 'Extract':
    case 'Cast':
      return oversIn(expr.operand);
    case 'Between':
      return [...oversIn(expr.operand), ...oversIn(expr.low), ...oversIn(expr.high)];
    case 'In':
      return [...oversIn(expr.operand), ...expr.values.flatMap((v) => oversIn(v))];
    case 'Call':
    case 'Aggregate':
      return expr.args.flatMap((a) => oversIn(a));
    case 'Column':
    case 'Literal':
    case 'Interval':
    case 'Keyword':
    case 'OverWindow':
    case 'Raw':
      return [];
    default:
      return unreachable(expr);
  }
}

/** The type of a column as the relation's inputs define it (through projections of plain columns); undefined when it is computed above its source. */
function columnType(rel: RelNode, name: string): DataType | undefined {
  switch (rel.kind) {
    case 'Scan':
      return rel.source.columns.find((c) => c.name === name)?.type;
    case 'Select': {
      const item = rel.items.find((i) => i.name === name);
      if (item === undefined) return rel.items.length === 0 ? columnType(rel.input, name) : undefined;
      return item.expr.kind === 'Column' ? columnType(rel.input, item.expr.name) : undefined;
    }
    case 'Match':
    case 'Rank':
      return columnType(rel.input, name);
    case 'Join':
      return columnType(rel.left, name) ?? columnType(rel.right, name);
    case 'Union':
      return rel.inputs[0] === undefined ? undefined : columnType(rel.inputs[0], name);
    case 'RawQuery':
      return rel.fields[name];
    default:
      return unreachable(rel);
  }
}
