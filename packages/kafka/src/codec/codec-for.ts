import type { Fields, RowOfFields } from '@sluice/dsl';
import { kafkaError } from '../errors';
import { keyFieldsOf, type ResolvedTarget } from '../target';
import { avroCodec, type AvroCodec } from './avro-codec';
import type { Codec } from './codec';
import { jsonCodec, type JsonCodecOptions } from './json-codec';
import type { SchemaRegistryClient } from './schema-registry';

/** @internal The value and key codecs of a resolved target: Flink's json format, or Avro through the registry. */
export interface TargetCodecs {
  readonly value: Codec<RowOfFields<Fields>>;
  readonly key?: Codec<RowOfFields<Fields>>;
}

/** @internal Whether a codec reads Avro records (and so needs their writer schemas fetched first). */
export function isAvroCodec(codec: Codec<unknown>): codec is AvroCodec<Fields> {
  return codec.format === 'avro-confluent';
}

/**
 * @internal Codecs of a target's values and (when it has key columns) keys. Avro targets need the client's
 * schema registry; `prepare` of each codec must run before the first record (the producer and readers do).
 */
export function codecsFor(target: ResolvedTarget, registry: (() => SchemaRegistryClient) | undefined, options: JsonCodecOptions): TargetCodecs {
  const keyFields = target.keyFields.length > 0 ? keyFieldsOf(target.fields, target.keyFields) : undefined;
  if (target.format === 'json') {
    return {
      value: jsonCodec({ fields: target.fields }, options),
      ...(keyFields === undefined ? {} : { key: jsonCodec({ fields: keyFields }, { ...options, unknownFields: 'ignore' }) }),
    };
  }
  if (registry === undefined) {
    throw kafkaError('KAFKA_INVALID_CONFIG', `topic '${target.topic}' carries Avro (avro-confluent), but this client has no schema registry`, {
      details: { topic: target.topic },
      suggestion: "pass createKafkaClient(connection, { schemaRegistry: { url: 'http://127.0.0.1:8085/apis/ccompat/v7' } })",
    });
  }
  const client = registry();
  return {
    value: avroCodec({ fields: target.fields }, { registry: client, subject: `${target.topic}-value`, ...(options.unknownFields === undefined ? {} : { unknownFields: options.unknownFields }) }),
    ...(keyFields === undefined ? {} : { key: avroCodec({ fields: keyFields }, { registry: client, subject: `${target.topic}-key`, unknownFields: 'ignore' }) }),
  };
}
