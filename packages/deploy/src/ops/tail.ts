import type { RowOfFields, Fields } from '@sluice/dsl';
import type { RowStream, StartFrom } from '@sluice/kafka';
import type { DeployContext } from '../context';
import { compileProject, selectSignals } from '../project/compile-project';
import { deployError } from '../error-codes';

/** Options of {@link tail}. */
export interface TailOptions {
  /** Where to start reading (default `latest`: only rows written from now on). */
  readonly from?: StartFrom;
}

/**
 * Typed rows of a signal's output topic, read by `@sluice/kafka`'s `consume(signal)` (the signal's row type).
 * Close the stream (or break out of the loop) to stop.
 *
 * @throws SluiceError `DEPLOY_NO_OUTPUT_TOPIC` when the signal does not write to Kafka
 * @example
 * ```ts
 * const rows = tail(ctx, 'clicks_per_user', { from: 'earliest' })
 * for await (const row of rows.stream) console.log(row.user_id, row.clicks)
 * ```
 */
export function tail(ctx: DeployContext, signal: string, options: TailOptions = {}): { topic: string; columns: readonly string[]; stream: RowStream<RowOfFields<Fields>> } {
  const [c] = compileProject(ctx.project, [signal]);
  const [s] = selectSignals(ctx.project, [signal]);
  if (c === undefined || s === undefined || c.outputTopic === undefined) {
    throw deployError('DEPLOY_NO_OUTPUT_TOPIC', `signal '${signal}' does not write to a Kafka topic`, { details: { signal }, suggestion: 'tail works for kafka and upsert-kafka sinks' });
  }
  // consume(signal): the same path an app uses (topic, codec and key from the signal itself).
  const stream = ctx.kafka().consume(s, { from: options.from ?? 'latest' });
  return { topic: stream.topic, columns: Object.keys(s.fields), stream };
}
