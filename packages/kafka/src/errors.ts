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
      suggestion: 'check the SASL mechanism, user name and password of the connection',
    });
  }
  if (/Connection|BrokerNotFound|NumberOfRetriesExceeded/i.test(name) || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|Connection (timeout|error)/i.test(text)) {
    return kafkaError('KAFKA_CONNECTION', `${what}: cannot reach the Kafka brokers: ${text}`, {
      cause: error,
      retriable: true,
      details: { clientError: name },
      suggestion: 'check that the brokers are running and the bootstrap addresses are right',
    });
  }
  return kafkaError(code, `${what}: ${text}`, {
    cause: error,
    retriable: e.retriable === true,
    details: { clientError: name, ...(typeof e.type === 'string' ? { kafkaError: e.type } : {}) },
  });
}
