import { SluiceError } from '@sluice/errors';

/** Every error code `@sluice/kafka` raises. */
export const KAFKA_ERROR_CODES = [
  'KAFKA_INVALID_CONFIG',
  'KAFKA_CONNECTION',
  'KAFKA_AUTHENTICATION',
  'KAFKA_TOPIC_CHANGE_REFUSED',
  'KAFKA_TOPIC_OPERATION',
  'KAFKA_UNSUPPORTED_TYPE',
  'KAFKA_ENCODE_ERROR',
  'KAFKA_DECODE_ERROR',
  'KAFKA_PRODUCE',
  'KAFKA_CONSUME',
  'KAFKA_CLOSED',
  'KAFKA_LAG',
] as const;

/** A stable code of an error raised by `@sluice/kafka`. */
export type KafkaErrorCode = (typeof KAFKA_ERROR_CODES)[number];

/** @internal Builds a SluiceError with a KAFKA_ code. */
export function kafkaError<D extends object>(
  code: KafkaErrorCode,
  message: string,
  options: { details?: D; cause?: unknown; retriable?: boolean; suggestion?: string } = {},
): SluiceError<D> {
  return new SluiceError<D>(code, message, options);
}

/** What to fix for a failed SASL exchange, told apart by the broker's answer. */
function saslSuggestion(text: string): string {
  // The broker answers ILLEGAL_SASL_STATE when a listener without SASL (e.g. PLAINTEXT) gets a SASL handshake.
  if (/current SASL state/i.test(text)) return 'these brokers\' listener does not use SASL: connect to its SASL listener, or leave sasl out of the connection';
  if (/mechanism/i.test(text) && /not support/i.test(text)) return 'the listener does not enable this SASL mechanism: use one that it enables';
  return 'check the SASL mechanism, user name and password of the connection';
}

interface KafkaJsLikeError {
  name?: string;
  message?: string;
  retriable?: boolean;
  type?: string;
}

/**
 * @internal Wraps an error thrown by the underlying client so no client type escapes: the original is
 * kept as `cause`, `retriable` is carried over, and connection/auth failures get their own codes.
 */
export function wrapClientError(error: unknown, code: KafkaErrorCode, what: string): SluiceError {
  if (error instanceof SluiceError) return error;
  const e = (error ?? {}) as KafkaJsLikeError;
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const text = typeof e.message === 'string' ? e.message : String(error);
  if (/SASL|Authentication/i.test(name) || /SASL|authentication/i.test(text)) {
    return kafkaError('KAFKA_AUTHENTICATION', `${what}: authentication failed: ${text}`, {
      cause: error,
      details: { clientError: name },
      suggestion: saslSuggestion(text),
    });
  }
  if (/Connection|BrokerNotFound|NumberOfRetriesExceeded/i.test(name) || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|Connection (timeout|error)/i.test(text)) {
    return kafkaError('KAFKA_CONNECTION', `${what}: cannot reach the Kafka brokers: ${text}`, {
      cause: error,
      retriable: true,
      details: { clientError: name },
      suggestion: /closed connection/i.test(text)
        ? // What a broker does to a client that skips the SASL handshake (or TLS) its listener requires.
          'check that the brokers are running; a listener that requires SASL or TLS closes connections from clients without it: check the sasl and tls settings of the connection'
        : 'check that the brokers are running and the bootstrap addresses are right',
    });
  }
  return kafkaError(code, `${what}: ${text}`, {
    cause: error,
    retriable: e.retriable === true,
    details: { clientError: name, ...(typeof e.type === 'string' ? { kafkaError: e.type } : {}) },
  });
}
