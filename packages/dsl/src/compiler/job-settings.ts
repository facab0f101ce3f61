import type { SetNode } from '../ast/statement-node';
import type { Signal, Tuning } from '../signal';
import { dslError } from '../errors';
import { durationText } from './compile-ddl';

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

/** Flink options every job gets by its tuning (measured in issue 17; see the comments per option). */
const TUNED: Readonly<Record<Tuning, readonly [string, string][]>> = {
  throughput: [],
  latency: [],
};

/** The SETs a job starts with: its `pipeline.name`, then the signal's settings as Flink options. */
export function settingNodes(jobName: string, settings: Signal['settings']): readonly SetNode[] {
  const pairs: [string, string][] = [['pipeline.name', jobName]];
  if (settings.parallelism !== undefined) pairs.push(['parallelism.default', String(settings.parallelism)]);
  if (settings.checkpointInterval !== undefined) {
    pairs.push(['execution.checkpointing.interval', durationText(settings.checkpointInterval)], ...RECOVERY_SETTINGS);
  }
  if (settings.stateTtl !== undefined) pairs.push(['table.exec.state.ttl', durationText(settings.stateTtl)]);
  pairs.push(...TUNED[settings.tuning ?? 'throughput']);
  // The user's own options come last and win; a key Sluice set is replaced in place (one SET per key).
  for (const [key, value] of Object.entries(settings.flinkOptions ?? {})) {
    const at = pairs.findIndex(([k]) => k === key);
    if (at >= 0) pairs[at] = [key, value];
    else pairs.push([key, value]);
  }
  return pairs.map(([key, value]) => Object.freeze({ kind: 'Set', key, value }));
}
