import type { Producer as KafkaJsProducer } from 'kafkajs';
import type { Fields, RowOfFields } from '@sluice/dsl';
import type { TargetCodecs } from './codec/codec-for';
import { jsonCodec } from './codec/json-codec';
import { kafkaJsCompression } from './compression/producer-compression';
import type { ProducerOptions, SendResult, TypedProducer } from './producer-types';
import { kafkaError, wrapClientError } from './errors';
import { keyFieldsOf, type ResolvedTarget } from './target';

/** @internal */
export function typedProducer<F extends Fields>(producer: KafkaJsProducer, target: ResolvedTarget<F>, options: ProducerOptions, onClose: () => void, codecs?: TargetCodecs): TypedProducer<F> {
  const codec = codecs?.value ?? jsonCodec({ fields: target.fields }, options);
  const keyCodec = codecs !== undefined ? codecs.key : target.keyFields.length > 0 ? jsonCodec({ fields: keyFieldsOf(target.fields, target.keyFields) }, { ...options, unknownFields: 'ignore' }) : undefined;
  const batchSize = options.batchSize ?? 1000;
  const compression = kafkaJsCompression(options.compression, target.topic);
  let closed = false;

  async function write(messages: { key: Buffer | null; value: Buffer | null }[]): Promise<SendResult> {
    if (closed) throw kafkaError('KAFKA_CLOSED', `the producer of '${target.topic}' is closed`);
    const partitions: { partition: number; baseOffset: string }[] = [];
    for (let i = 0; i < messages.length; i += batchSize) {
      try {
        const meta = await producer.send({ topic: target.topic, compression, acks: -1, messages: messages.slice(i, i + batchSize) });
        for (const m of meta) partitions.push({ partition: m.partition, baseOffset: m.baseOffset ?? '-1' });
      } catch (error) {
        throw wrapClientError(error, 'KAFKA_PRODUCE', `producing to '${target.topic}' (${i} of ${messages.length} records were sent before the failure)`);
      }
    }
    return { count: messages.length, partitions };
  }

  return {
    topic: target.topic,
    async send(rows) {
      // Encode everything first: a bad row fails the call before any record is sent.
      const messages = rows.map((row, index) => {
        try {
          return { key: keyCodec === undefined ? null : keyCodec.encode(row as never), value: codec.encode(row as never) };
        } catch (error) {
          if (error instanceof Error && 'details' in error) Object.assign((error as { details: object }).details ?? {}, { index, topic: target.topic });
          throw error;
        }
      });
      return write(messages);
    },
    async sendTombstones(keys) {
      if (keyCodec === undefined) throw kafkaError('KAFKA_INVALID_CONFIG', `topic '${target.topic}' has no key columns, so it cannot take tombstones`);
      return write(keys.map((key) => ({ key: keyCodec.encode(key as never), value: null })));
    },
    async close() {
      if (closed) return;
      closed = true;
      onClose();
      await producer.disconnect();
    },
  };
}
