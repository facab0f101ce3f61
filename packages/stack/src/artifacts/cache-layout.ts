import { join } from 'node:path';
import { avroFormatFor, defaultCacheDir, jdbcConnectorFor, kafkaConnectorFor } from '../options';

/** What names one assembled Flink distribution in the cache (the connectors are part of it). */
export interface FlinkHomeOptions {
  /** The stack's cache directory (default {@link defaultCacheDir}). */
  cacheDir?: string;
  /** Default: the one built for the Flink line ({@link kafkaConnectorFor}). */
  kafkaConnectorVersion?: string;
  /** Default: the one for the Flink line ({@link jdbcConnectorFor}); `none` when left out. */
  jdbcConnectorVersion?: string;
  /** Default: the one for the Flink line ({@link avroFormatFor}); `none` when left out. */
  avroFormatVersion?: string;
}

/**
 * The start of every Flink home's folder name in the cache for a Flink version (and a Kafka connector,
 * when given): `flink-<version>-kafka-<connector>`, then `-jdbc-<jdbc>` unless JDBC is left out. Other
 * packages find a cached distribution by this prefix, so the layout is written here only.
 *
 * @example
 * ```ts
 * flinkHomePrefix('2.2.1') // 'flink-2.2.1-kafka-'
 * flinkHomePrefix('2.2.1', '5.0.0-2.2') // 'flink-2.2.1-kafka-5.0.0-2.2'
 * ```
 */
export function flinkHomePrefix(flinkVersion: string, kafkaConnectorVersion?: string): string {
  return `flink-${flinkVersion}-kafka-${kafkaConnectorVersion ?? ''}`;
}

/**
 * The folder the stack assembles (or finds) the Flink distribution of `flinkVersion` in: Flink's binary
 * distribution with the SQL Gateway in `opt/` and the connectors in `lib/`.
 *
 * @example
 * ```ts
 * flinkHomeFor('2.2.1') // '/home/me/.cache/sluice/flink-2.2.1-kafka-5.0.0-2.2-jdbc-4.0.0-2.0-avro-2.2.0'
 * ```
 */
export function flinkHomeFor(flinkVersion: string, options: FlinkHomeOptions = {}): string {
  const connector = options.kafkaConnectorVersion ?? kafkaConnectorFor(flinkVersion);
  const jdbc = options.jdbcConnectorVersion ?? jdbcConnectorFor(flinkVersion);
  const avro = options.avroFormatVersion ?? avroFormatFor(flinkVersion);
  return join(options.cacheDir ?? defaultCacheDir(), `${flinkHomePrefix(flinkVersion, connector)}${jdbc === 'none' ? '' : `-jdbc-${jdbc}`}${avro === 'none' ? '' : `-avro-${avro}`}`);
}
