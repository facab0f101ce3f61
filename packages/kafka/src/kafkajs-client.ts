// The one module that builds kafkajs objects. Nothing from kafkajs is re-exported: the public API
// speaks in Sluice types so the client can be swapped (e.g. for @platformatic/kafka) by benchmark.
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { redact } from '@sluice/errors';
import { registerCompressionCodecs } from './compression/kafkajs-codecs';
import { checkConnection, type KafkaConnection } from './connection';
import type { KafkaLogEntry, KafkaLogger } from './logger';

const LEVELS: Record<number, KafkaLogEntry['level']> = { [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info', [logLevel.DEBUG]: 'debug' };

function sasl(connection: KafkaConnection): SASLOptions | undefined {
  const s = connection.sasl;
  if (s === undefined) return undefined;
  return { mechanism: s.mechanism, username: s.username, password: s.password } as SASLOptions;
}

/** @internal The kafkajs configuration of a validated connection. */
export function kafkaJsConfig(input: KafkaConnection, logger?: KafkaLogger): KafkaConfig {
  const connection = checkConnection(input);
  const tls = connection.tls;
  const config: KafkaConfig = {
    clientId: connection.clientId,
    brokers: [...connection.brokers],
    connectionTimeout: connection.connectionTimeoutMs,
    requestTimeout: connection.requestTimeoutMs,
    retry: { retries: connection.retries },
    logLevel: logger === undefined ? logLevel.NOTHING : logLevel.INFO,
    logCreator: () => (entry) => {
      if (logger === undefined) return;
      // kafkajs log entries may echo the connection config; redact before anything leaves.
      const { message, ...rest } = entry.log;
      const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest, (k, v: unknown) => (/password|key|sasl/i.test(k) ? '***' : v))}` : '';
      logger({ level: LEVELS[entry.level] ?? 'info', namespace: entry.namespace, message: redact(`${message}${extra}`) });
    },
  };
  if (tls === true) config.ssl = true;
  else if (tls !== undefined && tls !== false) {
    config.ssl = {
      ...(tls.ca === undefined ? {} : { ca: typeof tls.ca === 'string' ? [tls.ca] : [...tls.ca] }),
      ...(tls.cert === undefined ? {} : { cert: tls.cert }),
      ...(tls.key === undefined ? {} : { key: tls.key }),
      ...(tls.servername === undefined ? {} : { servername: tls.servername }),
      rejectUnauthorized: tls.rejectUnauthorized ?? true,
    };
  }
  const mechanism = sasl(connection);
  if (mechanism !== undefined) config.sasl = mechanism;
  return config;
}

/** @internal A kafkajs client for a connection. */
export function createKafkaJs(connection: KafkaConnection, logger?: KafkaLogger): Kafka {
  registerCompressionCodecs();
  return new Kafka(kafkaJsConfig(connection, logger));
}
