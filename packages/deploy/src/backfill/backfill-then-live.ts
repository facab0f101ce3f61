import { compileStatement, quoteIdentifier, requireBackfillable, type CreateTableNode, type QueryNode, type ScriptStatement, type Signal, type Source } from '@sluice/dsl';
import type { DeployContext } from '../context';
import { deployError } from '../error-codes';
import { compileProject, selectSignals, type CompiledSignal } from '../project/compile-project';
import { startJob } from '../apply/start-job';
import { findLiveJob } from '../ops/find-job';
import { GatewayStatementSession } from '../run/gateway-session';
import { withSecrets } from '../secrets/fill-secrets';
import { maskResolvedSecrets } from '../config/secrets';
import { isSluiceError } from '@sluice/errors';
import { runBackfillJob, type BackfillProgress, type BackfillResult } from './backfill';
import { backfillStatements } from './backfill-statements';
import type { BackfillBound, PartitionOffset } from './backfill-range';

/** Options of {@link backfillThenLive}. */
export interface BackfillThenLiveOptions {
  /** Where history starts (inclusive). */
  readonly from: BackfillBound;
  readonly id?: string;
  readonly onProgress?: (progress: BackfillProgress) => void;
  readonly pollMs?: number;
  readonly timeoutMs?: number;
}

/** Where history ended and the live job began. */
export interface HandOver {
  /** The offsets the backfill stopped before and the live job started at, per source partition. */
  readonly offsets: readonly Required<PartitionOffset>[];
  /** The partitions' end offsets when the hand-over was planned (a windowed signal hands over before them, at O_B). */
  readonly endOffsets: readonly Required<PartitionOffset>[];
  /** The first window (its `window_start`, as Flink printed it) the live job computes; absent for a signal without windows. */
  readonly windowStart?: string;
}

/** What {@link backfillThenLive} did. */
export interface BackfillThenLiveResult {
  readonly backfill: BackfillResult;
  readonly handOver: HandOver;
  readonly liveJobId: string;
}

/**
 * Backfills a signal into its own sink and then starts its live job exactly where the backfill stopped,
 * so history and live results neither overlap nor leave a gap.
 *
 * The hand-over rule:
 * - a signal without state (filters, projections, per-event functions) hands over at the end offsets of
 *   its source's partitions when this starts: the backfill reads [from, O), the live job starts at O;
 * - a signal whose state is one TUMBLE or CUMULATE window aggregate hands over at a window boundary B of
 *   event time: B is the start of the newest window that has records when this starts (found by Flink
 *   itself, a batch query over the source's window TVF), and per partition O_B is the first offset whose
 *   record falls in a window starting at or after B (the end offset where none does). The backfill reads
 *   [from, O_B) and so emits every window before B complete; the live job starts at O_B and emits every
 *   window from B on. This holds when each partition's records reach O_B in event-time order: a record
 *   after O_B whose time is before B would make the live job emit a second, partial window before B.
 * - other signals (OVER windows, MATCH_RECOGNIZE, joins, unwindowed aggregates, HOP and SESSION windows,
 *   more than one source) keep state across any hand-over point and are refused:
 *   `DEPLOY_BACKFILL_HANDOVER_UNSUPPORTED`.
 * The live job must not be running (`DEPLOY_BACKFILL_LIVE_RUNNING`); it starts as `sluice deploy` would
 * start it (same name, group, transactional ids) and is recorded as the signal's deployment.
 *
 * @throws SluiceError `DSL_NOT_BACKFILLABLE`, `DEPLOY_BACKFILL_LIVE_RUNNING`, `DEPLOY_BACKFILL_HANDOVER_UNSUPPORTED`, `DEPLOY_BACKFILL_FAILED`
 * @example
 * ```ts
 * const { handOver, liveJobId } = await backfillThenLive(ctx, 'vwap_1m', { from: { kind: 'earliest' } })
 * console.log(`live from ${handOver.windowStart} at`, handOver.offsets)
 * ```
 */
export async function backfillThenLive(ctx: DeployContext, signal: string, options: BackfillThenLiveOptions): Promise<BackfillThenLiveResult> {
  const [definition] = selectSignals(ctx.project, [signal]);
  const [compiled] = compileProject(ctx.project, [signal]);
  if (definition === undefined || compiled === undefined) throw deployError('DEPLOY_UNKNOWN_SIGNAL', `unknown signal '${signal}'`, { details: { signal } });
  requireBackfillable(definition);
  const cadence = handOverCadence(definition);
  const running = await findLiveJob(ctx.flink, compiled.jobName);
  if (running !== undefined) {
    throw deployError('DEPLOY_BACKFILL_LIVE_RUNNING', `${signal}: its live job ${running.jid} is running, so there is no point to hand over at`, {
      details: { signal, jobId: running.jid },
      suggestion: `backfill without --then-live (into another topic), or cancel the live job first (sluice cancel ${signal})`,
    });
  }
  const id = options.id ?? Date.now().toString(36);
  const progress = options.onProgress ?? (() => undefined);
  const source = cadence.source;
  const ends = await endOffsets(ctx, source.topic ?? '', id);
  const handOver: HandOver = cadence.window === undefined ? { offsets: ends, endOffsets: ends } : await windowHandOver(ctx, compiled, source, cadence.window, options.from, ends);
  progress({ signal, phase: 'submit', message: `${signal}: hand-over at ${handOver.offsets.map((o) => `${o.topic}/${o.partition}=${o.offset}`).join(',')}${handOver.windowStart === undefined ? '' : ` (first live window ${handOver.windowStart})`}` });
  const result = await runBackfillJob(ctx, compiled, {
    range: { from: options.from, to: { kind: 'offsets', offsets: handOver.offsets } },
    id,
    onProgress: progress,
    ...(options.pollMs === undefined ? {} : { pollMs: options.pollMs }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const live = backfillStatements(compiled.script, { jobName: compiled.jobName, mode: 'streaming', startAt: { kind: 'offsets', offsets: handOver.offsets } });
  const { config } = ctx.project;
  const via = config.deploy.via;
  const { jobId } = await startJob(ctx, { signal, statements: live, via }, (p) => progress({ signal, phase: 'running', message: p.message }));
  ctx.store.recordDeployment(config.environment, { signal, jobName: compiled.jobName, jobId, version: compiled.version, via, deployedAt: new Date().toISOString() }, compiled.sql, compiled.script.statements);
  progress({ signal, phase: 'finished', jobId, message: `${signal}: live job ${jobId} runs from the hand-over offsets` });
  return { backfill: result, handOver, liveJobId: jobId };
}

type RelNode = QueryNode['rel'];
type WindowTvf = NonNullable<Extract<RelNode, { kind: 'Select' }>['window']>;

interface Cadence {
  readonly source: Source;
  /** The window whose boundary the hand-over is aligned to (TUMBLE size, CUMULATE max size). */
  readonly window?: WindowTvf;
}

/** How a signal can be handed over (see {@link backfillThenLive}), or why it cannot. */
function handOverCadence(signal: Signal): Cadence {
  const sources: Source[] = [];
  const windows: WindowTvf[] = [];
  const stateful: string[] = [];
  const walk = (rel: RelNode): void => {
    switch (rel.kind) {
      case 'Scan':
        sources.push(rel.source);
        return;
      case 'Select':
        if (rel.window !== undefined) windows.push(rel.window);
        else if (rel.groupBy !== undefined || hasKind(rel.items, 'Aggregate') || hasKind(rel.items, 'Over')) stateful.push('an aggregate without a window');
        return walk(rel.input);
      case 'Match':
        stateful.push('MATCH_RECOGNIZE');
        return walk(rel.input);
      case 'Rank':
        stateful.push('a Top-N / deduplication');
        return walk(rel.input);
      case 'Join':
        stateful.push('a join');
        walk(rel.left);
        return walk(rel.right);
      case 'Union':
        return rel.inputs.forEach(walk);
      case 'RawQuery':
        stateful.push('raw SQL');
        for (const s of rel.sources) sources.push(s);
        return;
    }
  };
  walk(signal.query.state.rel);
  for (const w of windows) if (w.kind !== 'Tumble' && w.kind !== 'Cumulate') stateful.push(`a ${w.kind.toUpperCase()} window (its windows overlap every boundary)`);
  if (windows.length > 1) stateful.push('more than one window aggregate');
  const kafka = [...new Set(sources)].filter((s) => s.connector === 'kafka');
  if (kafka.length !== 1 || sources.length !== 1) stateful.push('more than one source');
  const [source] = kafka;
  const [window] = windows;
  if (window !== undefined && source?.eventTime === undefined) stateful.push('a window without an event-time source');
  if (stateful.length > 0 || source === undefined) {
    throw deployError('DEPLOY_BACKFILL_HANDOVER_UNSUPPORTED', `${signal.name}: no exact hand-over from a backfill to the live job: ${[...new Set(stateful)].join(', ')}`, {
      details: { signal: signal.name, reasons: [...new Set(stateful)] },
      suggestion: 'backfill into another topic (--into) and deploy the live job from a timestamp, accepting the overlap',
    });
  }
  return window === undefined ? { source } : { source, window };
}

function hasKind(value: unknown, kind: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasKind(v, kind));
  if (value === null || typeof value !== 'object') return false;
  if ((value as { kind?: unknown }).kind === kind) return true;
  return Object.values(value).some((v) => hasKind(v, kind));
}

/** The end offset of each partition of a topic now (a group that never committed shows them). */
async function endOffsets(ctx: DeployContext, topic: string, id: string): Promise<Required<PartitionOffset>[]> {
  const lag = await ctx.kafka().lag(`sluice-handover-${id}`, { topics: [topic] });
  return lag.partitions.map((p) => ({ topic, partition: p.partition, offset: Number(p.endOffset) }));
}

const PART = '__sluice_partition';
const OFF = '__sluice_offset';
const VIEW = '__sluice_handover_windows';

/**
 * B and O_B of a windowed signal, computed by Flink over the source as the job defines it (its computed
 * time column, its window alignment): a batch session reads [from, ends), windows the records with the
 * signal's TUMBLE (CUMULATE: its max size, where all its windows start), and returns per partition the
 * first offset in the newest window.
 */
async function windowHandOver(
  ctx: DeployContext,
  compiled: CompiledSignal,
  source: Source,
  cadence: WindowTvf,
  from: BackfillBound,
  ends: readonly Required<PartitionOffset>[],
): Promise<HandOver> {
  const time = source.eventTime?.column ?? '';
  const bounded = backfillStatements(compiled.script, { jobName: `${compiled.jobName}.handover`, mode: 'batch', suffix: 'handover', range: { from, to: { kind: 'offsets', offsets: ends } } });
  const table = bounded.find((st): st is ScriptStatement & { node: CreateTableNode } => st.node.kind === 'CreateTable' && st.node.name === source.name);
  if (table === undefined) throw deployError('DEPLOY_BACKFILL_FAILED', `no table of the source '${source.name}' in the compiled signal`, { details: { source: source.name } });
  const withPosition: CreateTableNode = {
    ...table.node,
    columns: [...table.node.columns, { kind: 'MetadataColumn', name: PART, type: { kind: 'INT', nullable: true }, key: 'partition' }, { kind: 'MetadataColumn', name: OFF, type: { kind: 'BIGINT', nullable: true }, key: 'offset' }],
  };
  const windows = compileStatement({
    kind: 'CreateView',
    name: VIEW,
    temporary: true,
    query: {
      views: [],
      rel: {
        kind: 'Select',
        input: { kind: 'Scan', source: { ...source, fields: { ...source.fields, [PART]: { kind: 'INT', nullable: true }, [OFF]: { kind: 'BIGINT', nullable: true } } } },
        items: [PART, OFF, 'window_start'].map((name) => ({ name, expr: { kind: 'Column', name } })),
        where: [],
        window: { kind: 'Tumble', timeColumn: time, size: cadence.size },
      },
    },
  });
  const v = quoteIdentifier(VIEW);
  const newest = `SELECT ${quoteIdentifier(PART)}, MIN(${quoteIdentifier(OFF)}), CAST(MAX(window_start) AS STRING) FROM ${v} WHERE window_start = (SELECT MAX(window_start) FROM ${v}) GROUP BY ${quoteIdentifier(PART)}`;
  const session = await GatewayStatementSession.open(ctx.gateway, `sluice-handover-${compiled.signal}`);
  try {
    const [ddl] = withSecrets(ctx.project.config, [{ sql: compileStatement(withPosition) }]);
    for (const sql of ["SET 'execution.runtime-mode' = 'batch'", ddl?.sql ?? '', windows]) await session.execute(sql, { timeoutMs: 120_000 });
    const { rows } = await session.execute(newest, { timeoutMs: 300_000 });
    const first = new Map(rows.map((r) => [Number(r[0]), Number(r[1])]));
    const windowStart = rows[0]?.[2];
    return {
      offsets: ends.map((e) => ({ ...e, offset: first.get(e.partition) ?? e.offset })),
      endOffsets: ends,
      ...(typeof windowStart === 'string' ? { windowStart } : {}),
    };
  } catch (error) {
    // The DDL carries the Kafka credentials: what Flink answers is shown masked, as deploy's runner does.
    const mask = (text: string): string => maskResolvedSecrets(ctx.project.config.secrets.mask(text));
    const message = isSluiceError(error) || error instanceof Error ? error.message : String(error);
    throw deployError('DEPLOY_BACKFILL_FAILED', `${compiled.signal}: finding the hand-over window failed: ${mask(message)}`, { cause: error, details: { signal: compiled.signal }, suggestion: 'run sluice validate; the batch query reads the source as the signal defines it' });
  } finally {
    await session.close();
  }
}
