import { SluiceError } from '@sluice/errors';
import type { Codec } from '../codec/codec';
import { kafkaError } from '../errors';

/** @internal Decodes one record, attaching where it came from to the error. */
export function decodeRecord<T>(codec: Codec<T>, topic: string, record: { readonly partition: number; readonly offset: string }, bytes: Buffer): T | SluiceError {
  try {
    return codec.decode(bytes);
  } catch (error) {
    return recordError(error, topic, record);
  }
}

/** @internal A decode failure as KAFKA_DECODE_ERROR naming topic, partition and offset. */
export function recordError(error: unknown, topic: string, record: { readonly partition: number; readonly offset: string }): SluiceError {
  const base = error instanceof SluiceError ? error : kafkaError('KAFKA_DECODE_ERROR', String(error), { cause: error });
  const details = { ...(base.details ?? {}), topic, partition: record.partition, offset: record.offset };
  return kafkaError('KAFKA_DECODE_ERROR', `${base.message} (topic '${topic}', partition ${record.partition}, offset ${record.offset})`, {
    details,
    cause: base.cause,
  });
}
