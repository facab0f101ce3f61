/** Lag of one partition: how far a group's committed offset trails the end of the partition. */
export interface PartitionLag {
  readonly topic: string;
  readonly partition: number;
  /** The log-end offset (high watermark). */
  readonly endOffset: bigint;
  /** The group's committed offset; null when the group never committed on this partition. */
  readonly committedOffset: bigint | null;
  /** endOffset - committedOffset (from the log start when nothing is committed). */
  readonly lag: bigint;
}

/** The lag of a consumer group, per partition, with totals. */
export interface GroupLag {
  readonly groupId: string;
  readonly partitions: readonly PartitionLag[];
  /** Total lag per topic. */
  readonly totals: Readonly<Record<string, bigint>>;
}

