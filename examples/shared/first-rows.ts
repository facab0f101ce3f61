import type { RowStream } from '@sluice/kafka';

// Reading a bounded number of typed rows for the examples and their tests. Everything else (topics,
// producing, decoding) is @sluice/kafka itself: `client.producer(target)`, `client.consume(signal)`.

/**
 * The first `count` rows of a typed stream (e.g. `client.consume(signal)`), or fewer if `timeoutMs`
 * passes first; the stream is closed either way.
 *
 * @example
 * ```ts
 * const alerts = await firstRows(kafka.consume(bruteForce), 12, 120_000) // RowOf<typeof bruteForce>[]
 * ```
 */
export async function firstRows<T>(stream: RowStream<T>, count: number, timeoutMs: number): Promise<T[]> {
  const rows: T[] = [];
  if (count <= 0) {
    await stream.close();
    return rows;
  }
  // Closing the stream ends the loop below: a stalled job gives fewer rows, not a hang.
  const timer = setTimeout(() => void stream.close(), timeoutMs);
  try {
    for await (const row of stream) {
      rows.push(row);
      if (rows.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    await stream.close();
  }
  return rows;
}
