import { deployError } from '../error-codes';

/** Offsets of partitions; an entry without `topic` applies to every source topic of the signal. */
export interface PartitionOffset {
  readonly topic?: string;
  readonly partition: number;
  readonly offset: number;
}

/**
 * One end of a backfill range. A time is a Kafka record timestamp (when the record was written or the
 * producer's CreateTime), not the signal's event-time column: Flink's Kafka source looks offsets up by
 * it (`scan.startup.timestamp-millis`, `scan.bounded.timestamp-millis`).
 */
export type BackfillBound =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'timestamp'; readonly millis: number }
  | { readonly kind: 'offsets'; readonly offsets: readonly PartitionOffset[] };

/** `from` is inclusive, `to` exclusive (Flink stops before the first record at or past it). */
export interface BackfillRange {
  readonly from: BackfillBound;
  readonly to: BackfillBound;
}

/**
 * Parses a range end as the CLI takes it: `earliest`, `latest`, an ISO time (`2026-12-06T10:00:00Z`),
 * epoch milliseconds, or offsets `offsets:0=42,1=17` (every source topic) / `offsets:market.trades/0=42`.
 *
 * @throws SluiceError `DEPLOY_BACKFILL_RANGE_INVALID`
 * @example
 * ```ts
 * parseBackfillBound('offsets:0=42,1=17') // { kind: 'offsets', offsets: [{ partition: 0, offset: 42 }, { partition: 1, offset: 17 }] }
 * ```
 */
export function parseBackfillBound(text: string): BackfillBound {
  const value = text.trim();
  if (value === 'earliest' || value === 'latest') return { kind: value };
  if (value.startsWith('offsets:')) return { kind: 'offsets', offsets: value.slice('offsets:'.length).split(',').map((entry) => partitionOffset(entry, text)) };
  if (/^\d+$/.test(value)) return { kind: 'timestamp', millis: Number(value) };
  const millis = Date.parse(value);
  // A time without a zone would be read in this machine's zone: ask for one.
  if (Number.isNaN(millis) || !/(Z|[+-]\d\d:?\d\d)$/i.test(value)) throw invalidBound(text);
  return { kind: 'timestamp', millis };
}

function partitionOffset(entry: string, text: string): PartitionOffset {
  const match = /^(?:(.+)\/)?(\d+)=(\d+)$/.exec(entry.trim());
  if (match === null) throw invalidBound(text);
  const [, topic, partition, offset] = match;
  return { ...(topic === undefined ? {} : { topic }), partition: Number(partition), offset: Number(offset) };
}

function invalidBound(text: string) {
  return deployError('DEPLOY_BACKFILL_RANGE_INVALID', `'${text}' is not a backfill bound`, {
    details: { bound: text },
    suggestion: "use earliest, latest, an ISO time with a zone (2026-12-06T10:00:00Z), epoch ms, or offsets:0=42,1=17 (offsets:<topic>/<partition>=<offset> per topic)",
  });
}

/** The offsets of one topic in Flink's `specific-offsets` form: `partition:0,offset:42;partition:1,offset:17`. */
export function specificOffsets(offsets: readonly PartitionOffset[], topic: string): string | undefined {
  const own = offsets.filter((o) => o.topic === undefined || o.topic === topic);
  if (own.length === 0) return undefined;
  return own.map((o) => `partition:${o.partition},offset:${o.offset}`).join(';');
}
