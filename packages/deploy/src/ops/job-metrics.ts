import type { FlinkRestClient } from '@sluice/flink-client';

/** How busy a running job is, from Flink's own task metrics; each null until Flink reports it. */
export interface JobLoad {
  /** Records the job's Kafka sources have not fetched yet (Flink's `pendingRecords`, summed over source subtasks). */
  readonly pendingRecords: number | null;
  /** The busiest subtask's `busyTimeMsPerSecond` / 1000 (0 idle … 1 saturated), over all vertices. */
  readonly busyRatio: number | null;
  /** The most back-pressured subtask's `backPressuredTimeMsPerSecond` / 1000, over all vertices. */
  readonly backPressuredRatio: number | null;
  /**
   * The lowest `currentOutputWatermark` among the job's operators (ms since epoch). A job chained into one
   * vertex has no input watermark (its source reads Kafka), so status needs the operators' own.
   */
  readonly lowestOutputWatermark: number | null;
}

const BUSY = 'busyTimeMsPerSecond';
const BACKPRESSURED = 'backPressuredTimeMsPerSecond';
// FLIP-33's source metric, registered by the Kafka source reader under its operator (`Source__x.pendingRecords`).
const PENDING = '.pendingRecords';
const OUTPUT_WATERMARK = '.currentOutputWatermark';

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function ratio(ms: number | null): number | null {
  // Flink reports NaN (dropped by finite) while a task is not running; a second has 1000 ms.
  return ms === null ? null : Math.min(1, Math.max(0, ms / 1000));
}

/**
 * Whether a watermark value tells an event time: Long.MIN_VALUE (no watermark yet) and Long.MAX_VALUE
 * (end of input) say nothing about lag.
 *
 * @example
 * ```ts
 * isEventTimeWatermark(-9223372036854775808) // false
 * ```
 */
export function isEventTimeWatermark(value: number): boolean {
  return Number.isFinite(value) && value > 0 && value < 9.2e18;
}

/**
 * The load of a running job from its vertices' aggregated subtask metrics (`flink.vertices`): pending
 * source records, busy and back-pressured ratios. Unknown metrics are null, never errors.
 *
 * @example
 * ```ts
 * const load = await jobLoad(flink, jobId, ['cbc357ccb763df2852fee8c4fc7d55f2'])
 * load.pendingRecords // 0 once the sources have read everything
 * ```
 */
export async function jobLoad(flink: FlinkRestClient, jobId: string, vertexIds: readonly string[]): Promise<JobLoad> {
  let pending: number | null = null;
  let busy: number | null = null;
  let backPressured: number | null = null;
  let watermark: number | null = null;
  await Promise.all(
    vertexIds.map(async (vertexId) => {
      const available = await flink.vertices.getAggregatedSubtaskMetrics(jobId, vertexId).catch(() => []);
      const wanted = available.map((m) => m.id).filter((id) => id === BUSY || id === BACKPRESSURED || id.endsWith(PENDING) || id.endsWith(OUTPUT_WATERMARK));
      if (wanted.length === 0) return;
      const values = await flink.vertices.getAggregatedSubtaskMetrics(jobId, vertexId, { get: wanted, agg: ['min', 'max', 'sum'] }).catch(() => []);
      for (const m of values) {
        if (m.id === BUSY) {
          const v = finite(m.max);
          if (v !== null) busy = Math.max(busy ?? 0, v);
        } else if (m.id === BACKPRESSURED) {
          const v = finite(m.max);
          if (v !== null) backPressured = Math.max(backPressured ?? 0, v);
        } else if (m.id.endsWith(OUTPUT_WATERMARK)) {
          const v = finite(m.min);
          if (v !== null && isEventTimeWatermark(v)) watermark = Math.min(watermark ?? v, v);
        } else {
          const v = finite(m.sum);
          if (v !== null && v >= 0) pending = (pending ?? 0) + v;
        }
      }
    }),
  );
  return { pendingRecords: pending, busyRatio: ratio(busy), backPressuredRatio: ratio(backPressured), lowestOutputWatermark: watermark };
}
