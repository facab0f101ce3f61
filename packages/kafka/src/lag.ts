import type { Admin } from 'kafkajs';
import { wrapClientError } from './errors';
import type { GroupLag, PartitionLag } from './lag-types';

/** @internal */
export async function groupLag(admin: Admin, groupId: string, topics: readonly string[] | undefined): Promise<GroupLag> {
  try {
    const committed = await admin.fetchOffsets(topics === undefined ? { groupId } : { groupId, topics: [...topics] });
    const partitions: PartitionLag[] = [];
    const totals: Record<string, bigint> = {};
    for (const { topic, partitions: parts } of committed) {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p]));
      for (const part of parts) {
        const end = ends.get(part.partition);
        if (end === undefined) continue;
        const endOffset = BigInt(end.high);
        const committedOffset = part.offset === '-1' ? null : BigInt(part.offset);
        const lag = endOffset - (committedOffset ?? BigInt(end.low));
        partitions.push({ topic, partition: part.partition, endOffset, committedOffset, lag: lag < 0n ? 0n : lag });
        totals[topic] = (totals[topic] ?? 0n) + (lag < 0n ? 0n : lag);
      }
    }
    partitions.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
    return { groupId, partitions, totals };
  } catch (error) {
    throw wrapClientError(error, 'KAFKA_LAG', `reading the lag of group '${groupId}'`);
  }
}
