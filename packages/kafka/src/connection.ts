import { REDACTED } from '@sluice/errors';
import { kafkaError } from './errors';

/** SASL mechanisms Sluice supports. */
export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

/** SASL credentials. The password is never printed (see {@link describeConnection}). */
export interface SaslOptions {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  readonly password: string;
}

/** TLS settings; `true` means TLS with the system's trusted CAs. */
export interface TlsOptions {
  /** PEM CA certificate(s) to trust in addition to none (replaces the system CAs when set). */
  readonly ca?: string | readonly string[];
  /** PEM client certificate and key for mutual TLS. */
  readonly cert?: string;
  readonly key?: string;
  /** Default true; false accepts any server certificate (development only). */
  readonly rejectUnauthorized?: boolean;
  /** Server name for SNI when it differs from the broker host. */
  readonly servername?: string;
}

/**
 * How to reach a Kafka cluster.
 *
 * @example
 * ```ts
 * const connection: KafkaConnection = {
 *   brokers: ['broker-1:9093'],
 *   clientId: 'vwap-dashboard',
 *   tls: true,
 *   sasl: { mechanism: 'scram-sha-512', username: 'app', password: process.env.KAFKA_PASSWORD ?? '' },
 * }
 * ```
 */
export interface KafkaConnection {
  /** Bootstrap brokers as `host:port`. */
  readonly brokers: readonly string[];
  /** Default `sluice`. */
  readonly clientId?: string;
  readonly tls?: boolean | TlsOptions;
  readonly sasl?: SaslOptions;
  /** Time to open a TCP connection (default 3000 ms). */
  readonly connectionTimeoutMs?: number;
  /** Time to wait for a broker's answer (default 30000 ms). */
  readonly requestTimeoutMs?: number;
  /** Retries of retriable requests (default 5). */
  readonly retries?: number;
}

const MECHANISMS: readonly SaslMechanism[] = ['plain', 'scram-sha-256', 'scram-sha-512'];

/** @internal Validates a connection and fills defaults; throws KAFKA_INVALID_CONFIG (with secrets redacted). */
export function checkConnection(connection: KafkaConnection): Required<Pick<KafkaConnection, 'clientId' | 'connectionTimeoutMs' | 'requestTimeoutMs' | 'retries'>> & KafkaConnection {
  const brokers: unknown = connection?.brokers;
  if (!Array.isArray(brokers) || brokers.length === 0) {
    throw kafkaError('KAFKA_INVALID_CONFIG', 'a Kafka connection needs at least one broker, e.g. { brokers: ["localhost:9092"] }');
  }
  for (const broker of brokers) {
    if (typeof broker !== 'string' || !/^[^\s:]+:\d{1,5}$/.test(broker)) {
      throw kafkaError('KAFKA_INVALID_CONFIG', `broker '${String(broker)}' is not host:port`, { details: { broker: String(broker) } });
    }
  }
  const sasl = connection.sasl;
  if (sasl !== undefined) {
    if (!MECHANISMS.includes(sasl.mechanism)) {
      throw kafkaError('KAFKA_INVALID_CONFIG', `SASL mechanism '${String(sasl.mechanism)}' is not supported; use ${MECHANISMS.join(', ')}`);
    }
    if (typeof sasl.username !== 'string' || sasl.username === '' || typeof sasl.password !== 'string') {
      throw kafkaError('KAFKA_INVALID_CONFIG', `SASL ${sasl.mechanism} needs a user name and a password`);
    }
  }
  for (const key of ['connectionTimeoutMs', 'requestTimeoutMs', 'retries'] as const) {
    const value = connection[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
      throw kafkaError('KAFKA_INVALID_CONFIG', `${key} must be a non-negative integer, got ${String(value)}`);
    }
  }
  return {
    ...connection,
    clientId: connection.clientId ?? 'sluice',
    connectionTimeoutMs: connection.connectionTimeoutMs ?? 3000,
    requestTimeoutMs: connection.requestTimeoutMs ?? 30000,
    retries: connection.retries ?? 5,
  };
}

/**
 * A one-line description of a connection that is safe to log: the password and TLS key are replaced by `***`.
 *
 * @example
 * ```ts
 * describeConnection({ brokers: ['b:9093'], sasl: { mechanism: 'plain', username: 'app', password: 's3cret' } })
 * // => 'brokers=b:9093 clientId=sluice tls=off sasl=plain user=app password=***'
 * ```
 */
export function describeConnection(connection: KafkaConnection): string {
  const parts = [`brokers=${connection.brokers.join(',')}`, `clientId=${connection.clientId ?? 'sluice'}`];
  const tls = connection.tls;
  parts.push(`tls=${tls === undefined || tls === false ? 'off' : tls === true ? 'on' : `on${tls.ca !== undefined ? ' ca=custom' : ''}${tls.cert !== undefined ? ' cert=client' : ''}${tls.key !== undefined ? ` key=${REDACTED}` : ''}`}`);
  if (connection.sasl !== undefined) parts.push(`sasl=${connection.sasl.mechanism} user=${connection.sasl.username} password=${REDACTED}`);
  return parts.join(' ');
}
