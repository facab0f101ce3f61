/**
 * Where a consumer starts: the first record, the end at the time of the call, the first record at or
 * after a time, or the group's committed offsets (`committed` needs a `groupId`).
 */
export type StartFrom = 'earliest' | 'latest' | 'committed' | { readonly timestamp: Date | number };
