import { defineErrorCodes } from '@sluice/errors';

/**
 * Every error code `@sluice/kafka` raises, with its category (the CLI's exit code follows the category).
 *
 * @example
 * ```ts
 * KAFKA_ERROR_CODES.KAFKA_AUTHENTICATION.category // 'auth'
 * ```
 */
export const KAFKA_ERROR_CODES = defineErrorCodes({
  KAFKA_AUTHENTICATION: { category: 'auth' },
  KAFKA_CLOSED: { category: 'cancelled' },
  KAFKA_CONNECTION: { category: 'unreachable' },
  KAFKA_CONSUME: { category: 'failed' },
  KAFKA_DECODE_ERROR: { category: 'invalid' },
  KAFKA_ENCODE_ERROR: { category: 'invalid' },
  KAFKA_INVALID_CONFIG: { category: 'config' },
  KAFKA_LAG: { category: 'failed' },
  KAFKA_PRODUCE: { category: 'failed' },
  KAFKA_SCHEMA_REGISTRY: { category: 'failed' },
  KAFKA_SCHEMA_REGISTRY_UNREACHABLE: { category: 'unreachable' },
  KAFKA_TOPIC_CHANGE_REFUSED: { category: 'conflict' },
  KAFKA_TOPIC_OPERATION: { category: 'failed' },
  KAFKA_UNSUPPORTED_TYPE: { category: 'invalid' },
} as const);

/** A stable code of an error raised by `@sluice/kafka`. */
export type KafkaErrorCode = keyof typeof KAFKA_ERROR_CODES;
