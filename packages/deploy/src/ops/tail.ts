import type { RowOfFields, Fields } from '@sluice/dsl';
import type { RowStream, StartFrom } from '@sluice/kafka';
import { SluiceError } from '@sluice/errors';
import type { DeployContext } from '../context';
import { compileProject } from '../project/compile-project';

/** Options of {@link tail}. */
export interface TailOptions {
  /** Where to start reading (default `latest`: only rows written from now on). */
  readonly from?: StartFrom;
}

/**
 * Typed rows of a signal's output topic (decoded with the signal's output row type by `@sluice/kafka`).
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
  const out = c?.outputTopic;
  if (c === undefined || out === undefined) {
    throw new SluiceError('DEPLOY_NO_OUTPUT_TOPIC', `signal '${signal}' does not write to a Kafka topic`, { details: { signal }, suggestion: 'tail works for kafka and upsert-kafka sinks' });
  }
  const stream = ctx.kafka().consume({ topic: out.name, schema: { fields: out.fields }, key: out.keyFields, changelog: out.upsert ? 'upsert' : 'append' }, { from: options.from ?? 'latest' });
  return { topic: out.name, columns: Object.keys(out.fields), stream };
}
