/**
 * The one JS value of each Flink type, for every path a value reaches an app by: rows of the SQL
 * Gateway (`@sluice/flink-client`) and records of Flink's json format on Kafka (`@sluice/kafka`), and
 * the TS types of `RowOf<...>` in `@sluice/dsl`.
 *
 * | Flink type | JS value |
 * |---|---|
 * | BOOLEAN | `boolean` |
 * | TINYINT, SMALLINT, INT, FLOAT, DOUBLE | `number` |
 * | BIGINT | `bigint` (exact, also past 2^53) |
 * | DECIMAL(p, s) | `string`, plain notation with exactly `s` fraction digits, e.g. `'12.50'` |
 * | CHAR, VARCHAR, STRING | `string` |
 * | BINARY, VARBINARY, BYTES | `Uint8Array` |
 * | DATE | `string` `YYYY-MM-DD` |
 * | TIME(p) | `string` `HH:mm:ss[.fff]` |
 * | TIMESTAMP(p) | `Date`, the wall clock read as UTC (milliseconds; finer digits dropped) |
 * | TIMESTAMP_LTZ(p) | `Date` (the instant; milliseconds) |
 * | ARRAY<E> | array of E's values |
 * | MAP<K, V> | `Map` of K's value to V's value |
 * | ROW<...> | object keyed by field name |
 * | NULL of any type | `null` |
 *
 * @example
 * ```ts
 * decodeBase64Bytes('AAE=') // Uint8Array [0, 1]
 * ```
 */
export function decodeBase64Bytes(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'base64'));
}
