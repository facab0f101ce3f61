import type { SetNode } from '../ast/statement-node';
import type { Signal, Tuning } from '../signal';
import { dslError } from '../errors';
import { durationText } from './compile-ddl';
import type { Duration } from '../dialect';

/** The settings of signals that run in one statement set: each setting the same in all, or DSL_SETTINGS_CONFLICT. */
export function mergeSettings(signals: readonly Signal[]): Signal['settings'] {
  const out: Record<string, unknown> = {};
  for (const s of signals) {
    for (const [k, v] of Object.entries(s.settings)) {
      if (k in out && JSON.stringify(out[k]) !== JSON.stringify(v)) {
        throw dslError('DSL_SETTINGS_CONFLICT', { signal: s.name, field: k }, `signals in one statement set need the same ${k}`);
      }
      out[k] = v;
    }
  }
  return out as Signal['settings'];
}

/**
 * What a checkpointed signal needs to survive faults (issue 16): checkpoints kept when the job fails or is
 * cancelled (a lost JobManager loses the job, not its state: `recoverSignals` in @sluice/deploy resumes from
 * them), and restarts that begin quickly and back off when a fault persists.
 */
const RECOVERY_SETTINGS: readonly [string, string][] = [
  ['execution.checkpointing.externalized-checkpoint-retention', 'RETAIN_ON_CANCELLATION'],
  ['restart-strategy.type', 'exponential-delay'],
  ['restart-strategy.exponential-delay.initial-backoff', '500 ms'],
  ['restart-strategy.exponential-delay.max-backoff', '30 s'],
];

/**
 * Options every job gets (issue 17, measured with bench/e2e/tuning-ab.js, A/B interleaved on one backlog):
 * `pipeline.object-reuse` hands a row to the next chained operator without copying it (Flink's SQL
 * operators do not keep references to their input; Sluice's UDAFs take primitives). The filter read
 * 1.29-2.02x the records/s of Flink's default in 6 of 6 pairs, and JFR put `RowDataSerializer.copy` at ~9%
 * of the per-tick indicators' samples (VWAP and the indicators: no gain beyond the noise). It changes no
 * result: the goldens' planner tests and the indicator parity tests agree. Not emitted, measured without a
 * gain: mini-batch (VWAP's window aggregate is two-phase already), Kafka sink linger/batch/lz4, larger fetches.
 */
const EVERY_JOB: readonly [string, string][] = [['pipeline.object-reuse', 'true']];

/**
 * Where throughput and latency pull apart: how long a network buffer may wait to fill before it is sent
 * to the next task (signals with a keyed exchange: windows, OVER indicators, CEP). Measured (issue 17,
 * interleaved pairs, load 15-23): 5 ms took ~110 ms off the indicators' p50 at 2,000 ticks/s (1297 -> 1183,
 * 1271 -> 1164 ms) but cut VWAP's backlog rate to 0.46x and 0.35x. So 'throughput', the default, keeps
 * Flink's 100 ms; 'latency' sends within 5 ms. A per-event signal without an exchange (a filter) is one
 * chained task: neither changes it.
 */
const TUNED: Readonly<Record<Tuning, readonly [string, string][]>> = {
  throughput: [],
  latency: [['execution.buffer-timeout.interval', '5 ms']],
};

/**
 * The checkpoint interval of a job with an exactly-once sink whose signal sets none (issue 17, "checkpoint
 * interval chosen per delivery guarantee"). Without checkpoints an exactly-once Kafka sink never commits its
 * transactions, so a read_committed reader (consume(signal)) would see no row ever; its rows become visible
 * at each checkpoint, so the interval is their latency (bench:e2e: produce -> typed row p99 ~1.1 s at 1 s).
 * Jobs whose sinks are at-least-once or none run without checkpoints unless the signal sets an interval.
 */
export const EXACTLY_ONCE_CHECKPOINT_INTERVAL: Duration = Object.freeze({ amount: 1, unit: 'SECOND' });

/** Whether a signal's sink is an exactly-once Kafka sink (its job needs checkpoints to commit anything). */
export function writesExactlyOnce(signal: Signal): boolean {
  return signal.sink.delivery === 'exactly-once';
}

/**
 * The SETs a job starts with: its `pipeline.name`, then the signal's settings as Flink options.
 * `exactlyOnce`: the job writes to an exactly-once sink (it then checkpoints, at the signal's interval or
 * EXACTLY_ONCE_CHECKPOINT_INTERVAL).
 */
export function settingNodes(jobName: string, settings: Signal['settings'], exactlyOnce = false): readonly SetNode[] {
  const pairs: [string, string][] = [['pipeline.name', jobName]];
  if (settings.parallelism !== undefined) pairs.push(['parallelism.default', String(settings.parallelism)]);
  const interval = settings.checkpointInterval ?? (exactlyOnce ? EXACTLY_ONCE_CHECKPOINT_INTERVAL : undefined);
  if (interval !== undefined) {
    pairs.push(['execution.checkpointing.interval', durationText(interval)], ...RECOVERY_SETTINGS);
  }
  if (settings.stateTtl !== undefined) pairs.push(['table.exec.state.ttl', durationText(settings.stateTtl)]);
  pairs.push(...EVERY_JOB, ...TUNED[settings.tuning ?? 'throughput']);
  // The user's own options come last and win; a key Sluice set is replaced in place (one SET per key).
  for (const [key, value] of Object.entries(settings.flinkOptions ?? {})) {
    const at = pairs.findIndex(([k]) => k === key);
    if (at >= 0) pairs[at] = [key, value];
    else pairs.push([key, value]);
  }
  return pairs.map(([key, value]) => Object.freeze({ kind: 'Set', key, value }));
}
