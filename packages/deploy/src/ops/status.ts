import type { FlinkRestClient, JsonObject } from '@sluice/flink-client';
import type { DeployContext } from '../context';
import { compileProject } from '../project/compile-project';
import { liveJobsByName } from './find-job';
import { isEventTimeWatermark, jobLoad, type JobLoad } from './job-metrics';

/** Lag of one source topic of a signal. */
export interface SourceLag {
  readonly topic: string;
  readonly groupId: string;
  /** Records the job has not committed yet (committed on checkpoints); null when unknown. */
  readonly lag: number | null;
}

/** The records in one dead-letter topic of a signal's source. */
export interface DeadLetterCount {
  readonly topic: string;
  readonly count: number | null;
}

/** The last completed checkpoint of a job. */
export interface CheckpointInfo {
  readonly id: number;
  /** ms since epoch */
  readonly completedAt: number;
  readonly ageMs: number;
  /** How long it took, trigger to last acknowledgement (`end_to_end_duration`). */
  readonly durationMs: number | null;
  readonly sizeBytes: number | null;
}

/** The health of one signal's job. */
export interface SignalStatus {
  readonly signal: string;
  readonly jobName: string;
  readonly deployed: boolean;
  readonly jobId: string | null;
  /** Flink's job state, or `NOT_DEPLOYED`. */
  readonly state: string;
  readonly startTime: number | null;
  readonly uptimeMs: number | null;
  readonly restarts: number | null;
  readonly lastCheckpoint: CheckpointInfo | null;
  /** now - the lowest watermark among the job's operators (input and output); null before the first watermark. */
  readonly watermarkLagMs: number | null;
  /** The worst backpressure level among the job's vertices; null when Flink has not sampled yet. */
  readonly backpressure: 'ok' | 'low' | 'high' | null;
  readonly sourceLag: readonly SourceLag[];
  /**
   * Records the signal has yet to read: Flink's live `pendingRecords` of its sources while the job runs
   * and reports it, else the sum of {@link sourceLag} (committed offsets, which move on checkpoints);
   * null when neither is known. `recordsBehindFrom` says which.
   */
  readonly recordsBehind: number | null;
  readonly recordsBehindFrom: 'flink' | 'committed-offsets' | null;
  /** Busy and back-pressured ratios (0…1) of the busiest subtask, and the sources' pending records; null when not running. */
  readonly load: JobLoad | null;
  /** Records in the dead-letter topics of its sources (`onParseError: { deadLetter }`); count null when unknown. */
  readonly deadLetters: readonly DeadLetterCount[];
  /** The running version (`unknown` when not deployed from here) and the version in the project. */
  readonly version: { readonly running: string | null; readonly project: string; readonly upToDate: boolean };
}

/**
 * Per signal: job state, uptime, restarts, last checkpoint, watermark lag, backpressure and the
 * consumer lag of its Kafka sources. Metrics Flink does not have yet are null, not errors.
 *
 * @example
 * ```ts
 * for (const s of await status(ctx)) console.log(s.signal, s.state, s.watermarkLagMs)
 * ```
 */
export async function status(ctx: DeployContext, signals?: readonly string[]): Promise<SignalStatus[]> {
  const compiled = compileProject(ctx.project, signals);
  const live = await liveJobsByName(ctx.flink);
  const env = ctx.project.config.environment;
  return Promise.all(
    compiled.map(async (c): Promise<SignalStatus> => {
      const job = live.get(c.jobName);
      const record = ctx.store.deployment(env, c.signal);
      const sourceLag = await Promise.all(c.sourceGroups.map((g) => lagOf(ctx, g.topic, g.groupId)));
      const deadLetters = await Promise.all(c.script.sources.flatMap((src) => (src.deadLetterTopic === undefined ? [] : [deadLettersOf(ctx, src.deadLetterTopic)])));
      const committed = committedBehind(sourceLag);
      if (job === undefined) {
        return { signal: c.signal, jobName: c.jobName, deployed: false, jobId: null, state: 'NOT_DEPLOYED', startTime: null, uptimeMs: null, restarts: null, lastCheckpoint: null, watermarkLagMs: null, backpressure: null, sourceLag, ...behind(null, committed), load: null, deadLetters, version: { running: null, project: c.version, upToDate: false } };
      }
      const running = record?.jobId === job.jid ? record.version : 'unknown';
      const now = Date.now();
      const [restarts, lastCheckpoint, vertexInfo] = await Promise.all([restartsOf(ctx.flink, job.jid), checkpointOf(ctx.flink, job.jid, now), vertexHealth(ctx.flink, job.jid, now)]);
      return {
        signal: c.signal,
        jobName: c.jobName,
        deployed: true,
        jobId: job.jid,
        state: job.state,
        startTime: job['start-time'],
        uptimeMs: Math.max(0, now - job['start-time']),
        restarts,
        lastCheckpoint,
        watermarkLagMs: vertexInfo.watermarkLagMs,
        backpressure: vertexInfo.backpressure,
        sourceLag,
        ...behind(vertexInfo.load?.pendingRecords ?? null, committed),
        load: vertexInfo.load,
        deadLetters,
        version: { running, project: c.version, upToDate: running === c.version },
      };
    }),
  );
}

/** The committed-offset lag of all sources, null when any is unknown (or there is none). */
function committedBehind(lags: readonly SourceLag[]): number | null {
  if (lags.length === 0 || lags.some((l) => l.lag === null)) return null;
  return lags.reduce((sum, l) => sum + (l.lag ?? 0), 0);
}

function behind(pending: number | null, committed: number | null): Pick<SignalStatus, 'recordsBehind' | 'recordsBehindFrom'> {
  if (pending !== null) return { recordsBehind: pending, recordsBehindFrom: 'flink' };
  return committed === null ? { recordsBehind: null, recordsBehindFrom: null } : { recordsBehind: committed, recordsBehindFrom: 'committed-offsets' };
}

async function lagOf(ctx: DeployContext, topic: string, groupId: string): Promise<SourceLag> {
  try {
    const lag = await ctx.kafka().lag(groupId, { topics: [topic] });
    const total = lag.totals[topic];
    return { topic, groupId, lag: total === undefined ? null : Number(total) };
  } catch {
    return { topic, groupId, lag: null };
  }
}

async function deadLettersOf(ctx: DeployContext, topic: string): Promise<DeadLetterCount> {
  try {
    return { topic, count: Number(await ctx.kafka().topics.recordCount(topic)) };
  } catch {
    return { topic, count: null };
  }
}

async function restartsOf(flink: FlinkRestClient, jobId: string): Promise<number | null> {
  const metrics = await flink.getJobMetrics(jobId, { get: ['numRestarts'] }).catch(() => []);
  const value = metrics.find((m) => m.id === 'numRestarts')?.value;
  return value === undefined ? null : Number(value);
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

async function checkpointOf(flink: FlinkRestClient, jobId: string, now: number): Promise<CheckpointInfo | null> {
  const stats = await flink.getCheckpointingStatistics(jobId).catch(() => undefined);
  const latest = (stats?.latest as JsonObject | undefined)?.completed as JsonObject | null | undefined;
  if (latest === null || latest === undefined) return null;
  const id = num(latest.id);
  const completedAt = num(latest.latest_ack_timestamp) ?? num(latest.trigger_timestamp);
  if (id === null || completedAt === null) return null;
  return { id, completedAt, ageMs: Math.max(0, now - completedAt), durationMs: num(latest.end_to_end_duration), sizeBytes: num(latest.state_size) ?? num(latest.checkpointed_size) };
}

const LEVELS = ['ok', 'low', 'high'] as const;

async function vertexHealth(flink: FlinkRestClient, jobId: string, now: number): Promise<{ watermarkLagMs: number | null; backpressure: 'ok' | 'low' | 'high' | null; load: JobLoad | null }> {
  const details = await flink.getJobDetails(jobId).catch(() => undefined);
  if (details === undefined) return { watermarkLagMs: null, backpressure: null, load: null };
  const loading = jobLoad(flink, jobId, details.vertices.map((v) => v.id));
  let lowest: number | null = null;
  let worst = -1;
  await Promise.all(
    details.vertices.map(async (v) => {
      const marks = await flink.getJobVertexWatermarks(jobId, v.id).catch(() => []);
      for (const m of marks) {
        const value = Number(m.value);
        if (!isEventTimeWatermark(value)) continue;
        lowest = lowest === null ? value : Math.min(lowest, value);
      }
      const bp = await flink.getJobVertexBackPressure(jobId, v.id).catch(() => undefined);
      const level = bp?.backpressureLevel === undefined ? -1 : LEVELS.indexOf(bp.backpressureLevel);
      worst = Math.max(worst, level);
    }),
  );
  const load = await loading;
  const marks = [lowest as number | null, load.lowestOutputWatermark].filter((m): m is number => m !== null);
  const low = marks.length === 0 ? null : Math.min(...marks);
  return { watermarkLagMs: low === null ? null : Math.max(0, now - low), backpressure: worst < 0 ? null : (LEVELS[worst] ?? null), load };
}
