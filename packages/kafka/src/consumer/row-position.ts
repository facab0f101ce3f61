/**
 * Where a row came from: its topic, partition and offset (the record's own offset, as decimal text, as
 * kafkajs and Kafka's tools print it). `RowStream.position` gives the one of the row at hand; store it with
 * what the app writes, and pass it back to `commit(position)` or `from: { after: [position] }`.
 *
 * @example
 * ```ts
 * for await (const row of stream) await db.insert(row, stream.position) // { topic, partition: 0, offset: '41' }
 * ```
 */
export interface RowPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}
