import { secretPlaceholder } from '@sluice/dsl';
import type { ResolvedConfig } from '../config/config-types';

/** Kafka client classes inside Flink's SQL Kafka connector jar are relocated under this prefix. */
const SHADED = 'org.apache.flink.kafka.shaded.org.apache.kafka.common.security';
const MODULES = { plain: `${SHADED}.plain.PlainLoginModule`, 'scram-sha-256': `${SHADED}.scram.ScramLoginModule`, 'scram-sha-512': `${SHADED}.scram.ScramLoginModule` } as const;

/** The names of the config's secrets as they stand in compiled SQL (`${secret:<name>}`). */
export const KAFKA_SECRET_NAMES = { jaas: 'kafka.sasl.jaas', ca: 'kafka.ssl.ca', cert: 'kafka.ssl.cert', key: 'kafka.ssl.key', keyPassword: 'kafka.ssl.key-password' } as const;

/** What a Kafka connection's security settings give Flink's Kafka tables. */
export interface KafkaSecurity {
  /** Kafka client properties (without `properties.`); secrets and PEM texts are placeholders. */
  readonly properties: Readonly<Record<string, string>>;
  /** The real value of each placeholder name in {@link properties}. */
  readonly values: Readonly<Record<string, string>>;
}

/** A JAAS option value: quotes and backslashes escaped inside its double quotes. */
function jaasQuoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The `properties.*` options that point Flink's Kafka tables at a secured cluster (SASL PLAIN/SCRAM,
 * TLS with a pinned CA, mTLS), from a resolved config's `kafka` section. Secret values (the JAAS text
 * with the password, the client key) are placeholders in `properties`; deploy fills them in only in
 * what it sends to Flink.
 *
 * @example
 * ```ts
 * kafkaSecurity({ ...config.kafka, sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'pw' } }).properties
 * // { 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'SCRAM-SHA-512', 'sasl.jaas.config': '${secret:kafka.sasl.jaas}' }
 * ```
 */
export function kafkaSecurity(kafka: Pick<ResolvedConfig['kafka'], 'tls' | 'tlsPem' | 'sasl'>): KafkaSecurity {
  const properties: Record<string, string> = {};
  const values: Record<string, string> = {};
  const secretProperty = (key: string, name: string, value: string): void => {
    properties[key] = secretPlaceholder(name);
    values[name] = value;
  };
  const { sasl, tls, tlsPem } = kafka;
  if (sasl === undefined && !tls) return { properties, values };
  properties['security.protocol'] = sasl === undefined ? 'SSL' : tls ? 'SASL_SSL' : 'SASL_PLAINTEXT';
  if (sasl !== undefined) {
    properties['sasl.mechanism'] = sasl.mechanism.toUpperCase();
    secretProperty('sasl.jaas.config', KAFKA_SECRET_NAMES.jaas, `${MODULES[sasl.mechanism]} required username=${jaasQuoted(sasl.username)} password=${jaasQuoted(sasl.password)};`);
  }
  if (tlsPem?.ca !== undefined) {
    // PEM text instead of a path: the TaskManagers need no file of ours.
    properties['ssl.truststore.type'] = 'PEM';
    secretProperty('ssl.truststore.certificates', KAFKA_SECRET_NAMES.ca, tlsPem.ca);
  }
  if (tlsPem?.cert !== undefined && tlsPem.key !== undefined) {
    properties['ssl.keystore.type'] = 'PEM';
    secretProperty('ssl.keystore.certificate.chain', KAFKA_SECRET_NAMES.cert, tlsPem.cert);
    secretProperty('ssl.keystore.key', KAFKA_SECRET_NAMES.key, tlsPem.key);
    if (tlsPem.keyPassword !== undefined) secretProperty('ssl.key.password', KAFKA_SECRET_NAMES.keyPassword, tlsPem.keyPassword);
  }
  return { properties, values };
}
