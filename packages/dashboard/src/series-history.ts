/** One point of a series: when (ms since epoch) and the row's values by column (numbers, text or null). */
export interface SeriesPoint {
  readonly t: number;
  readonly values: Readonly<Record<string, number | string | boolean | null>>;
}

/**
 * The bounded history of one signal: for each key the last `cap` points, and at most `maxKeys` keys (the
 * key updated longest ago goes first). Memory stays bounded however long rows come in.
 *
 * @example
 * ```ts
 * const h = new SeriesHistory(500, 200)
 * h.add('ACME', { t: Date.now(), values: { vwap: 101.5 } })
 * h.series('ACME').length // 1
 * ```
 */
export class SeriesHistory {
  // A Map keeps insertion order: deleting and setting a key again moves it to the end (most recent).
  private readonly byKey = new Map<string, SeriesPoint[]>();
  private total = 0;

  constructor(
    readonly cap: number,
    readonly maxKeys: number,
  ) {}

  /** Appends a point to a key's series, dropping the oldest beyond the cap. */
  add(key: string, point: SeriesPoint): void {
    let points = this.byKey.get(key);
    if (points === undefined) {
      if (this.byKey.size >= this.maxKeys) {
        const oldest = this.byKey.keys().next().value;
        if (oldest !== undefined) this.byKey.delete(oldest);
      }
      points = [];
    } else {
      this.byKey.delete(key);
    }
    this.byKey.set(key, points);
    points.push(point);
    // Drop in chunks: splice on every row would move the whole array each time.
    if (points.length > this.cap + Math.max(1, Math.floor(this.cap / 10))) points.splice(0, points.length - this.cap);
    this.total += 1;
  }

  /** A key's points, oldest first (at most `cap`). */
  series(key: string): readonly SeriesPoint[] {
    const points = this.byKey.get(key) ?? [];
    return points.length > this.cap ? points.slice(points.length - this.cap) : points;
  }

  /** The latest point of a key. */
  latest(key: string): SeriesPoint | undefined {
    const points = this.byKey.get(key);
    return points === undefined ? undefined : points[points.length - 1];
  }

  /** Keys, least recently updated first. */
  keys(): string[] {
    return [...this.byKey.keys()];
  }

  /** Rows added since the start (not bounded: a count). */
  get rows(): number {
    return this.total;
  }

  /** Points held now, over all keys. */
  get held(): number {
    let n = 0;
    for (const key of this.byKey.keys()) n += this.series(key).length;
    return n;
  }
}
