import type { RowPosition } from './row-position';

/**
 * Where a consumer starts: the first record, the end at the time of the call, the first record at or
 * after a time, the group's committed offsets (`committed` needs a `groupId`), or right after positions
 * the app stored itself (`{ after }`: each partition named continues after its position, a partition not
 * named starts at its first record).
 */
export type StartFrom = 'earliest' | 'latest' | 'committed' | { readonly timestamp: Date | number } | { readonly after: readonly RowPosition[] };
