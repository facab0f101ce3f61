import type { DataType } from '@sluice/dsl';
import { kafkaError } from '../errors';

/** @internal Refuses, at codec creation, a type the JSON format cannot carry. */
export function unsupported(type: DataType, path: string, reason?: string): never {
  throw kafkaError('KAFKA_UNSUPPORTED_TYPE', `field '${path}': ${reason ?? `${type.kind} cannot be a column of a Kafka topic`}`, {
    details: { field: path, kind: type.kind },
  });
}
