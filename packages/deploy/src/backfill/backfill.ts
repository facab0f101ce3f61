import { requireBackfillable } from '@sluice/dsl';
import type { TopicSpec } from '@sluice/kafka';
import type { DeployContext } from '../context';
import { deployError } from '../error-codes';
import { compileProject, desiredTopics, selectSignals, type CompiledSignal } from '../project/compile-project';
import { requireJob, statementRunner } from '../run/statement-runner';
import { jobFailureCause } from '../apply/wait-running';
import { backfillStatements } from './backfill-statements';
import type { BackfillRange } from './backfill-range';

/** A step of a backfill, for progress output. */
export interface BackfillProgress {
  readonly signal: string;
  readonly phase: 'topics' | 'submit' | 'running' | 'finished';
  readonly message: string;
  readonly jobId?: string;
  /** Records the job's Kafka sources have read so far (Flink's `read-records` of its source tasks). */
  readonly recordsRead?: number;
}

/** Options of {@link backfill}. */
export interface BackfillOptions {
  /** The stretch of history: `from` inclusive, `to` exclusive. */
  readonly range: BackfillRange;
  /** Write to this topic (created like the sink's topic when missing) instead of the signal's sink. */
  readonly into?: string;
  /** Names the job `sluice.<project>.<signal>.backfill-<id>` (default: the start time, base 36). */
  readonly id?: string;
  readonly onProgress?: (progress: BackfillProgress) => void;
  /** How often Flink is asked for progress (default 1000 ms). */
  readonly pollMs?: number;
  /** Cancel the job and fail after this long (default: no limit). */
  readonly timeoutMs?: number;
}

/** What a finished backfill did. */
export interface BackfillResult {
  readonly signal: string;
  readonly jobId: string;
  readonly jobName: string;
  /** The topic written, when the sink is Kafka. */
  readonly topic?: string;
  /** Records read from the sources (Flink's `read-records` of the source tasks). */
  readonly recordsRead: number;
  /** Rows the sink wrote (its Writer task's `write-records` less the committables its Committer read); null when Flink shows no Writer task. */
  readonly rowsWritten: number | null;
  /** Wall time from submission to FINISHED. */
  readonly durationMs: number;
}

/**
 * Runs a signal's compiled query once over a bounded stretch of its Kafka sources, in Flink's batch
 * runtime mode, as its own job (`sluice.<project>.<signal>.backfill-<id>`), and waits for it to finish.
 * The statements are the live job's (the same query; only the sources' bounds, the job name, the
 * runtime mode and, with `into`, the sink's topic differ). A signal whose constructs batch mode refuses is
 * refused before anything runs. The job is submitted through the SQL Gateway whatever `deploy.via` says
 * (the sql-runner jar's TableEnvironment is made in streaming mode and cannot switch).
 *
 * @throws SluiceError `DSL_NOT_BACKFILLABLE`, `DEPLOY_UNKNOWN_SIGNAL`, `DEPLOY_BACKFILL_RANGE_INVALID`,
 *   `DEPLOY_BACKFILL_FAILED` (the job failed or was cancelled: Flink's root cause), `DEPLOY_TIMEOUT`
 * @example
 * ```ts
 * const result = await backfill(ctx, 'vwap_1m', {
 *   range: { from: { kind: 'timestamp', millis: Date.parse('2026-12-01T00:00:00Z') }, to: { kind: 'latest' } },
 *   into: 'signals.vwap_1m.history',
 *   onProgress: (p) => console.log(p.message),
 * })
 * console.log(`${result.rowsWritten} rows in ${result.durationMs} ms`)
 * ```
 */
export async function backfill(ctx: DeployContext, signal: string, options: BackfillOptions): Promise<BackfillResult> {
  const [definition] = selectSignals(ctx.project, [signal]);
  if (definition !== undefined) requireBackfillable(definition);
  const [compiled] = compileProject(ctx.project, [signal]);
  if (compiled === undefined) throw deployError('DEPLOY_UNKNOWN_SIGNAL', `unknown signal '${signal}'`, { details: { signal } });
  const id = options.id ?? Date.now().toString(36);
  return runBackfillJob(ctx, compiled, { ...options, id });
}

/** @internal The backfill job of a compiled signal: topics, submission, progress until FINISHED. */
export async function runBackfillJob(ctx: DeployContext, compiled: CompiledSignal, options: BackfillOptions & { readonly id: string }): Promise<BackfillResult> {
  const progress = options.onProgress ?? (() => undefined);
  const jobName = `${compiled.jobName}.backfill-${options.id}`;
  const topic = options.into ?? compiled.outputTopic?.name;
  const sinkSpec = desiredTopics(ctx.project, [compiled]).find((t) => t.name === compiled.outputTopic?.name);
  if (topic !== undefined && sinkSpec !== undefined) {
    const spec: TopicSpec = { ...sinkSpec, name: topic };
    progress({ signal: compiled.signal, phase: 'topics', message: `${compiled.signal}: topic ${topic}` });
    await ctx.kafka().topics.apply([spec]);
  }
  const statements = backfillStatements(compiled.script, {
    range: options.range,
    jobName,
    mode: 'batch',
    suffix: `backfill-${options.id}`,
    ...(options.into === undefined ? {} : { into: options.into }),
  });
  progress({ signal: compiled.signal, phase: 'submit', message: `${compiled.signal}: submitting ${jobName}` });
  const started = Date.now();
  // Through the SQL Gateway whatever deploy.via says: the sql-runner jar makes its TableEnvironment in
  // streaming mode, and Flink refuses to switch one to batch afterwards.
  const jobId = requireJob(await statementRunner(ctx, 'gateway').run(statements));
  const counts = await waitForFinished(ctx, jobId, compiled.signal, options, progress);
  const durationMs = Date.now() - started;
  progress({ signal: compiled.signal, phase: 'finished', jobId, recordsRead: counts.recordsRead, message: `${compiled.signal}: ${jobName} finished: ${counts.recordsRead} records read, ${counts.rowsWritten ?? '?'} rows written in ${(durationMs / 1000).toFixed(1)} s` });
  return { signal: compiled.signal, jobId, jobName, ...(topic === undefined ? {} : { topic }), ...counts, durationMs };
}

async function waitForFinished(
  ctx: DeployContext,
  jobId: string,
  signal: string,
  options: BackfillOptions,
  progress: (p: BackfillProgress) => void,
): Promise<{ recordsRead: number; rowsWritten: number | null }> {
  const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
  let lastRead = -1;
  for (;;) {
    const job = await ctx.flink.getJobDetails(jobId);
    const counts = countsOf(job.vertices);
    if (job.state === 'FINISHED') return counts;
    if (job.state === 'FAILED' || job.state === 'CANCELED' || job.state === 'FAILING' || job.state === 'CANCELLING') {
      const { cause, stacktrace } = await jobFailureCause(ctx.flink, jobId, job.state);
      throw deployError('DEPLOY_BACKFILL_FAILED', `${signal}: backfill job ${jobId} is ${job.state}: ${cause}`, { details: { jobId, state: job.state, stacktrace }, suggestion: 'see the JobManager log; fix the cause and run the backfill again (it writes with its own job name)' });
    }
    if (Date.now() > deadline) {
      await ctx.flink.cancelJob(jobId).catch(() => undefined);
      throw deployError('DEPLOY_TIMEOUT', `${signal}: backfill job ${jobId} did not finish within ${Math.round((options.timeoutMs ?? 0) / 1000)} s and was cancelled`, { retriable: true, details: { jobId, state: job.state }, suggestion: 'give it more time (--timeout) or a shorter range' });
    }
    if (counts.recordsRead !== lastRead) {
      lastRead = counts.recordsRead;
      progress({ signal, phase: 'running', jobId, recordsRead: counts.recordsRead, message: `${signal}: ${job.state.toLowerCase()}, ${counts.recordsRead} records read` });
    }
    await new Promise((r) => setTimeout(r, options.pollMs ?? 1000));
  }
}

interface VertexCounts {
  readonly name: string;
  readonly metrics?: Readonly<Record<string, unknown>>;
}

/**
 * Records read and rows written from the job's vertices. A source task counts what it reads from Kafka as
 * its `read-records` (Flink 2.x). In batch mode a sink is two tasks, `<sink>: Writer` and `<sink>: Committer`:
 * the Writer's `write-records` are the rows it wrote plus the committables it hands on, which the
 * Committer counts as its `read-records`.
 */
function countsOf(vertices: readonly VertexCounts[]): { recordsRead: number; rowsWritten: number | null } {
  const num = (v: VertexCounts, key: string): number => {
    const value = v.metrics?.[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : 0;
  };
  const total = (list: readonly VertexCounts[], key: string): number => list.reduce((n, v) => n + num(v, key), 0);
  const sources = vertices.filter((v) => v.name.startsWith('Source: '));
  const writers = vertices.filter((v) => v.name.endsWith(': Writer'));
  const committers = vertices.filter((v) => v.name.endsWith(': Committer'));
  return {
    recordsRead: total(sources, 'read-records'),
    rowsWritten: writers.length === 0 ? null : total(writers, 'write-records') - total(committers, 'read-records'),
  };
}
