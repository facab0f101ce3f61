import type { StackOptions } from '../options';
import type { ArtifactReport } from './cached-artifact';
import { ensureFlinkHome } from './flink-distribution';
import { ensureKafkaHome } from './kafka-distribution';
import { ensureRegistryHome } from './registry-distribution';

export interface StackHomes {
  flinkHome: string;
  kafkaHome: string;
  /** Apicurio Registry, unpacked. */
  registryHome: string;
  reports: ArtifactReport[];
  ms: number;
}

/**
 * Makes sure Flink (from PyPI), the SQL Gateway, Kafka connector and Avro format jars, Kafka and Apicurio Registry (from Maven Central)
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
  const [flink, kafka, registry] = await Promise.all([ensureFlinkHome(options, onProgress), ensureKafkaHome(options, onProgress), ensureRegistryHome(options, onProgress)]);
  return { flinkHome: flink.home, kafkaHome: kafka.home, registryHome: registry.home, reports: [...flink.reports, kafka.report, registry.report], ms: Date.now() - started };
}
