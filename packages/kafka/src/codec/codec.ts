/**
 * Turns typed values into record bytes and back. JSON (Flink's `json` format) is the one implementation
 * today; Avro with a schema registry will implement the same interface (its `prepare` fetches or
 * registers the writer schema before the first record).
 *
 * @example
 * ```ts
 * const codec: Codec<RowOf<typeof Trade>> = jsonCodec(Trade)
 * const bytes = codec.encode({ symbol: 'ACME', price: 1.5, qty: 10n, ts: new Date() })
 * const row = codec.decode(bytes)
 * ```
 */
export interface Codec<T> {
  /** `json` today; `avro-confluent` later. */
  readonly format: string;
  /** Async set-up (schema registry round trips); a no-op for JSON. */
  prepare?(): Promise<void>;
  /** Checks `value` against the schema and serialises it; throws KAFKA_ENCODE_ERROR naming the field. */
  encode(value: T): Buffer;
  /** Parses and type-checks one record; throws KAFKA_DECODE_ERROR naming the field. */
  decode(bytes: Uint8Array): T;
}

/** Details of a KAFKA_ENCODE_ERROR / KAFKA_DECODE_ERROR: where in the row the problem is. */
export interface CodecErrorDetails {
  /** Path of the offending field, e.g. `order.items[2].price`; empty for the whole record. */
  readonly field: string;
  /** What was wrong, e.g. `expected a bigint, got string`. */
  readonly reason: string;
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: string;
}
