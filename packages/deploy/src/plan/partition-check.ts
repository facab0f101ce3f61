import type { TopicPlan } from '@sluice/kafka';
import type { Signal } from '@sluice/dsl';
import type { CompiledSignal } from '../project/compile-project';
import { deployError } from '../error-codes';

/** Partitions each topic of the plan will have once it is applied (Kafka only adds partitions). */
export function partitionsAfterApply(topics: TopicPlan, desired: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map(desired);
  for (const change of topics.changes) {
    if (change.action === 'create') {
      out.set(change.topic, change.spec.partitions);
    } else if (change.action === 'update' || change.action === 'refused') {
      const drift = change.drift.find((d) => d.property === 'partitions');
      const counts = [drift?.desired, drift?.actual, out.get(change.topic)].filter((n): n is number => typeof n === 'number');
      if (counts.length > 0) out.set(change.topic, Math.max(...counts));
    }
  }
  return out;
}

/**
 * Refuses a signal whose parallelism exceeds the partitions of a source that declares a watermark
 * without an idle timeout: a Kafka source reader given no partition never advances its watermark, so
 * the job's event time stands still and no window ever closes (measured in issue 16's fault suite:
 * parallelism 2 over 1 partition emitted nothing for the whole run). An idle timeout on the source
 * (`eventTime.idleTimeout`), or the job's `table.exec.source.idle-timeout`, lets it through.
 *
 * @throws SluiceError `DEPLOY_PARALLELISM_ABOVE_PARTITIONS`
 * @example
 * ```ts
 * checkParallelism(compiled, signals, partitionsAfterApply(topicPlan, new Map([['trades', 1]])))
 * // parallelism 2 over 'trades' (1 partition, watermark, no idle timeout) -> DEPLOY_PARALLELISM_ABOVE_PARTITIONS
 * ```
 */
export function checkParallelism(compiled: readonly CompiledSignal[], signals: readonly Signal[], partitions: ReadonlyMap<string, number>): void {
  for (const c of compiled) {
    const settings = signals.find((s) => s.name === c.signal)?.settings;
    const parallelism = settings?.parallelism;
    if (parallelism === undefined || settings?.flinkOptions?.['table.exec.source.idle-timeout'] !== undefined) continue;
    for (const source of c.script.sources) {
      const count = partitions.get(source.topic);
      if (source.watermarkWithoutIdleTimeout !== true || count === undefined || parallelism <= count) continue;
      throw deployError(
        'DEPLOY_PARALLELISM_ABOVE_PARTITIONS',
        `${c.signal}: parallelism ${parallelism} is above the ${count} partition(s) of topic '${source.topic}' (source ${source.name}): a source subtask without a partition would hold the watermark back for good and no window or event-time result would ever be emitted`,
        {
          details: { signal: c.signal, source: source.name, topic: source.topic, parallelism, partitions: count },
          suggestion: `set parallelism to at most ${count}, give '${source.topic}' at least ${parallelism} partitions, or set eventTime.idleTimeout on source ${source.name}`,
        },
      );
    }
  }
}
