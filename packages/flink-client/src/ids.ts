import { randomBytes } from 'node:crypto';

/** A random 32-hex id, the format of Flink's JobID and trigger ids. */
export function randomHexId(): string {
  return randomBytes(16).toString('hex');
}
