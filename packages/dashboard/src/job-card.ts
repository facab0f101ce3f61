import type { DeployContext, SignalStatus } from '@sluice/deploy';

/** One operator chain (a Flink job vertex) of a job's graph, with its throughput. */
export interface VertexCard {
  readonly id: string;
  readonly name: string;
  readonly parallelism: number;
  readonly status: string;
  /** Vertices feeding this one (from Flink's plan). */
  readonly inputs: readonly string[];
  /** Records this vertex received from upstream vertices / sent downstream, since the job started. */
  readonly readRecords: number | null;
  readonly writeRecords: number | null;
  readonly readPerSecond: number | null;
  readonly writePerSecond: number | null;
}

/** The health of one signal's job as the page shows it: `status()`'s numbers plus throughput. */
export interface JobCard {
  readonly signal: string;
  readonly jobName: string;
  readonly jobId: string | null;
  /** Flink's job state, or `NOT_DEPLOYED`. */
  readonly state: string;
  /** RUNNING: the card is green; anything else is red. */
  readonly healthy: boolean;
  readonly uptimeMs: number | null;
  readonly restarts: number | null;
  /** Records the source vertices read from Kafka, per second over the last 30 s ({@link RateMeter}). */
  readonly recordsInPerSecond: number | null;
  /** Records reaching the sink vertices, per second; null when the sink is chained to the source. */
  readonly recordsOutPerSecond: number | null;
  readonly recordsIn: number | null;
  readonly recordsOut: number | null;
  readonly recordsBehind: number | null;
  readonly watermarkLagMs: number | null;
  readonly checkpoint: { readonly id: number; readonly ageMs: number; readonly durationMs: number | null } | null;
  readonly backpressure: 'ok' | 'low' | 'high' | null;
  readonly backPressuredRatio: number | null;
  readonly busyRatio: number | null;
  /** Records in the signal's dead-letter topics; null when it has none or a count is unknown. */
  readonly deadLetters: number | null;
  readonly version: { readonly running: string | null; readonly project: string; readonly upToDate: boolean };
  readonly vertices: readonly VertexCard[];
  /** When these numbers were read (ms since epoch). */
  readonly updatedAt: number;
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function sum(values: readonly (number | null)[]): number | null {
  return values.length === 0 || values.some((v) => v === null) ? null : values.reduce<number>((a, v) => a + (v ?? 0), 0);
}

/**
 * Per-second rates from successive counter readings of one job (a new job id starts over). Flink's REST
 * API refreshes task counters only every `metrics.fetcher.update-interval` (10 s by default), so a rate is
 * taken over the readings of the last `windowMs` (default 30 s), and only once they span `minSpanMs`.
 *
 * @example
 * ```ts
 * meter.rate('job/in', 1200, Date.now()) // null until the readings span 5 s, then records per second
 * ```
 */
export class RateMeter {
  private readonly readings = new Map<string, { value: number; at: number }[]>();

  constructor(
    readonly windowMs = 30_000,
    readonly minSpanMs = 5_000,
  ) {}

  rate(key: string, value: number | null, at: number): number | null {
    if (value === null) return null;
    let list = this.readings.get(key) ?? [];
    // A counter that went down belongs to a restarted task: start over.
    if (list.some((r) => r.value > value)) list = [];
    list.push({ value, at });
    while (list.length > 1 && (list[0]?.at ?? at) < at - this.windowMs) list.shift();
    this.readings.set(key, list);
    const first = list[0];
    if (first === undefined || at - first.at < this.minSpanMs) return null;
    return ((value - first.value) * 1000) / (at - first.at);
  }

  /** Forgets readings of jobs no longer shown. */
  keep(prefixes: ReadonlySet<string>): void {
    for (const key of this.readings.keys()) if (!prefixes.has(key.split('/')[0] ?? '')) this.readings.delete(key);
  }
}

type JobDetails = Awaited<ReturnType<DeployContext['flink']['getJobDetails']>>;

async function vertexCards(ctx: DeployContext, jobId: string, meter: RateMeter, at: number): Promise<VertexCard[]> {
  const details: JobDetails | undefined = await ctx.flink.getJobDetails(jobId).catch(() => undefined);
  if (details === undefined) return [];
  const inputs = new Map<string, string[]>();
  for (const node of details.plan.nodes) {
    const list = Array.isArray(node.inputs) ? node.inputs : [];
    inputs.set(
      node.id,
      list.map((i) => (i !== null && typeof i === 'object' && !Array.isArray(i) && typeof i.id === 'string' ? i.id : '')).filter((id) => id !== ''),
    );
  }
  return details.vertices.map((v) => {
    const read = count(v.metrics['read-records']);
    const write = count(v.metrics['write-records']);
    return {
      id: v.id,
      name: v.name,
      parallelism: v.parallelism,
      status: v.status,
      inputs: inputs.get(v.id) ?? [],
      readRecords: read,
      writeRecords: write,
      readPerSecond: meter.rate(`${jobId}/${v.id}/read`, read, at),
      writePerSecond: meter.rate(`${jobId}/${v.id}/write`, write, at),
    };
  });
}

/**
 * The card of a signal's job from `status()` and the job's vertices: records in are what the source
 * vertices (no inputs) read, records out what the sink vertices (no consumers, with inputs) received.
 *
 * @example
 * ```ts
 * const cards = await Promise.all((await status(ctx)).map((s) => jobCard(ctx, s, meter)))
 * ```
 */
export async function jobCard(ctx: DeployContext, s: SignalStatus, meter: RateMeter): Promise<JobCard> {
  const at = Date.now();
  const vertices = s.jobId === null || s.state !== 'RUNNING' ? [] : await vertexCards(ctx, s.jobId, meter, at);
  const fed = new Set(vertices.flatMap((v) => v.inputs));
  const sources = vertices.filter((v) => v.inputs.length === 0);
  const sinks = vertices.filter((v) => !fed.has(v.id) && v.inputs.length > 0);
  // Flink 2.x counts a source task's reads as its read-records (a fully chained job emits nothing to another vertex).
  const recordsIn = sources.length === 0 ? null : sum(sources.map((v) => (v.readRecords === null || v.writeRecords === null ? null : Math.max(v.readRecords, v.writeRecords))));
  const recordsOut = sinks.length === 0 ? null : sum(sinks.map((v) => v.readRecords));
  const dead = s.deadLetters.length === 0 ? null : sum(s.deadLetters.map((d) => d.count));
  return {
    signal: s.signal,
    jobName: s.jobName,
    jobId: s.jobId,
    state: s.state,
    healthy: s.state === 'RUNNING',
    uptimeMs: s.uptimeMs,
    restarts: s.restarts,
    recordsInPerSecond: s.jobId === null ? null : meter.rate(`${s.jobId}/in`, recordsIn, at),
    recordsOutPerSecond: s.jobId === null ? null : meter.rate(`${s.jobId}/out`, recordsOut, at),
    recordsIn,
    recordsOut,
    recordsBehind: s.recordsBehind,
    watermarkLagMs: s.watermarkLagMs,
    checkpoint: s.lastCheckpoint === null ? null : { id: s.lastCheckpoint.id, ageMs: s.lastCheckpoint.ageMs, durationMs: s.lastCheckpoint.durationMs },
    backpressure: s.backpressure,
    backPressuredRatio: s.load?.backPressuredRatio ?? null,
    busyRatio: s.load?.busyRatio ?? null,
    deadLetters: dead,
    version: s.version,
    vertices,
    updatedAt: at,
  };
}
