import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackLayout } from '../../src/layout';
import { newTaskManagerId } from '../../src/process/launch-part';
import { readTaskManagerId, writeTaskManagerId } from '../../src/state';

describe('the TaskManager resource id the stack starts with', () => {
  it('is fresh for each start and shaped for Flink (taskmanager.resource-id)', () => {
    expect(newTaskManagerId(() => Buffer.from([0xde, 0xad, 0xbe, 0xef]))).toBe('sluice-tm-deadbeef');
    expect(newTaskManagerId()).not.toBe(newTaskManagerId());
  });

  it('is recorded in the state dir and read back; no record reads as undefined', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'sluice-tm-id-'));
    try {
      const layout = stackLayout({ stateDir });
      expect(await readTaskManagerId(layout)).toBeUndefined();
      await writeTaskManagerId(layout, 'sluice-tm-0a0b0c0d');
      expect(await readTaskManagerId(layout)).toBe('sluice-tm-0a0b0c0d');
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
