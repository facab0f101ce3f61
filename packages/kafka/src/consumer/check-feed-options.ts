import type { SluiceError } from '@sluice/errors';
import { kafkaError } from '../errors';
import type { FeedOptions } from './feed-options';

/** @internal Which reader the options are for: only `consume` has `commit()`, so only it takes `commit: 'manual'`. */
export type ReaderKind = 'consume' | 'consumeArrow' | 'table';

const FROM_WORDS = ['earliest', 'latest', 'committed'];

function invalid(topic: string, field: string, message: string, suggestion: string): SluiceError {
  return kafkaError('KAFKA_INVALID_CONFIG', `reading '${topic}': ${field} ${message}`, { details: { topic, field }, suggestion });
}

function positiveInteger(topic: string, options: FeedOptions, field: 'commitIntervalMs' | 'sessionTimeoutMs' | 'highWaterMark' | 'maxBytesPerPartition' | 'maxWaitMs', min = 1): void {
  const value: unknown = options[field];
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalid(topic, field, `must be an integer of at least ${min}, got ${typeof value === 'number' ? String(value) : typeof value}`, `pass a whole number (${field === 'maxBytesPerPartition' || field === 'highWaterMark' ? 'a count' : 'milliseconds'}) or leave ${field} out`);
  }
}

function checkFrom(topic: string, options: FeedOptions): void {
  const from: unknown = options.from;
  if (from === undefined) return;
  if (typeof from === 'string') {
    if (!FROM_WORDS.includes(from)) throw invalid(topic, 'from', `must be 'earliest', 'latest', 'committed', { timestamp } or { after: positions }, got '${from}'`, "use from: 'earliest' or from: { after: storedPositions }");
    if (from === 'committed' && options.groupId === undefined) throw invalid(topic, 'from', "'committed' needs a groupId", "pass groupId, or start from 'earliest'");
    return;
  }
  if (typeof from !== 'object' || from === null) throw invalid(topic, 'from', `must be a word, { timestamp } or { after }, got ${from === null ? 'null' : typeof from}`, "use from: 'earliest' or from: { after: storedPositions }");
  if ('timestamp' in from) {
    const t: unknown = (from as { timestamp: unknown }).timestamp;
    const ms = t instanceof Date ? t.getTime() : t;
    if (typeof ms !== 'number' || !Number.isFinite(ms)) throw invalid(topic, 'from.timestamp', 'must be a valid Date or milliseconds since the epoch', 'pass a Date or Date.now()-style milliseconds');
    return;
  }
  if (!('after' in from)) throw invalid(topic, 'from', 'must be a word, { timestamp } or { after }', "use from: { after: storedPositions }");
  const after: unknown = (from as { after: unknown }).after;
  if (!Array.isArray(after)) throw invalid(topic, 'from.after', 'must be an array of { topic, partition, offset }', 'pass the positions the app stored (stream.position of its last stored row per partition)');
  const partitions = new Set<number>();
  after.forEach((p: unknown, i) => {
    const field = `from.after[${i}]`;
    if (typeof p !== 'object' || p === null) throw invalid(topic, field, 'must be { topic, partition, offset }', 'pass stream.position as the app stored it');
    const { topic: t, partition, offset } = p as { topic?: unknown; partition?: unknown; offset?: unknown };
    if (t !== topic) throw invalid(topic, `${field}.topic`, `names topic '${String(t)}', not the topic read`, 'pass only positions of the topic this reader reads');
    if (typeof partition !== 'number' || !Number.isSafeInteger(partition) || partition < 0) throw invalid(topic, `${field}.partition`, `must be a partition number, got ${String(partition)}`, 'pass stream.position as the app stored it');
    if (typeof offset !== 'string' || !/^(0|[1-9][0-9]{0,18})$/.test(offset)) throw invalid(topic, `${field}.offset`, `must be a record offset as decimal text, got ${typeof offset === 'string' ? `'${offset}'` : typeof offset}`, 'pass stream.position as the app stored it (offset is text)');
    if (partitions.has(partition)) throw invalid(topic, `${field}.partition`, `names partition ${partition} twice`, 'pass one position per partition: the last row stored');
    partitions.add(partition);
  });
}

/**
 * @internal Refuses a reader's bad options before anything connects: KAFKA_INVALID_CONFIG whose message
 * and `details.field` name the option (`commit`, `from.after[0].offset`, ...).
 */
export function checkFeedOptions(topic: string, options: FeedOptions, reader: ReaderKind): void {
  const { groupId, commit } = options;
  if (groupId !== undefined && (typeof groupId !== 'string' || groupId === '')) throw invalid(topic, 'groupId', 'must be a non-empty string', 'pass a group name, or leave groupId out for a reader of its own');
  if (commit !== undefined && typeof commit !== 'boolean' && commit !== 'manual') throw invalid(topic, 'commit', `must be true, false or 'manual', got ${typeof commit === 'string' ? `'${commit}'` : typeof commit}`, "use commit: 'manual' to commit with stream.commit()");
  if (commit === 'manual' && reader !== 'consume') throw invalid(topic, 'commit', `'manual' is for consume(), whose stream has commit(); ${reader} commits with commit: true`, 'use commit: true, or read with consume()');
  if (commit === 'manual' && groupId === undefined) throw invalid(topic, 'commit', "'manual' needs a groupId (commits are a group's position)", "pass groupId, or keep positions yourself with from: { after }");
  positiveInteger(topic, options, 'commitIntervalMs');
  positiveInteger(topic, options, 'sessionTimeoutMs', 1000);
  positiveInteger(topic, options, 'highWaterMark');
  positiveInteger(topic, options, 'maxBytesPerPartition');
  positiveInteger(topic, options, 'maxWaitMs', 0);
  checkFrom(topic, options);
}
