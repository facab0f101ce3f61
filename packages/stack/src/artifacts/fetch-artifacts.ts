import type { StackOptions } from '../options';
import type { ArtifactReport } from './cached-artifact';
import { ensureFlinkHome } from './flink-distribution';
import { ensureKafkaHome } from './kafka-distribution';

export interface StackHomes {
  flinkHome: string;
  kafkaHome: string;
  reports: ArtifactReport[];
  ms: number;
}

/**
 * Makes sure Flink (from PyPI), the SQL Gateway and Kafka connector jars and Kafka (from Maven Central)
 * are in the cache and intact; fetches only what is missing or damaged.
 *
 * @example
 * ```ts
 * const homes = await fetchArtifacts(resolveStackOptions(), console.log)
 * homes.reports // [{ artifact: 'flink-home 2.2.1 + ...', outcome: 'cached', ms: 812 }, ...]
 * ```
 */
export async function fetchArtifacts(options: StackOptions, onProgress: (message: string) => void = () => undefined): Promise<StackHomes> {
  const started = Date.now();
  // Run both at once: Flink's download is network-bound, Kafka's Maven resolution mostly not.
  const [flink, kafka] = await Promise.all([ensureFlinkHome(options, onProgress), ensureKafkaHome(options, onProgress)]);
  return { flinkHome: flink.home, kafkaHome: kafka.home, reports: [...flink.reports, kafka.report], ms: Date.now() - started };
}
