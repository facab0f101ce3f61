import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stackLayout } from '../../src/layout';
import { newTaskManagerId } from '../../src/process/launch-part';
import { extraTaskManagersOnDisk, readTaskManagerId, writePid, writeTaskManagerId } from '../../src/state';

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

  it('is kept per TaskManager process: taskmanager-2 has its own file beside the first one\'s', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'sluice-tm-id-'));
    try {
      const layout = stackLayout({ stateDir });
      await writeTaskManagerId(layout, 'sluice-tm-00000001');
      await writeTaskManagerId(layout, 'sluice-tm-00000002', 'taskmanager-2');
      expect(await readTaskManagerId(layout)).toBe('sluice-tm-00000001');
      expect(await readTaskManagerId(layout, 'taskmanager-2')).toBe('sluice-tm-00000002');
      expect(await readTaskManagerId(layout, 'taskmanager-3')).toBeUndefined();
      expect(layout.logFile('taskmanager-2')).toBe(join(stateDir, 'logs', 'taskmanager-2.log'));
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });

  it('finds TaskManagers beyond the first by their pid files, in index order (down stops them all)', async () => {
    const stateDir = await mkdtemp(join(tmpdir(), 'sluice-tm-id-'));
    try {
      const layout = stackLayout({ stateDir });
      expect(await extraTaskManagersOnDisk(layout)).toEqual([]);
      for (const [name, pid] of [['taskmanager', 11], ['taskmanager-10', 12], ['taskmanager-2', 13], ['jobmanager', 14]] as const) await writePid(layout, name, pid);
      expect(await extraTaskManagersOnDisk(layout)).toEqual(['taskmanager-2', 'taskmanager-10']);
    } finally {
      await rm(stateDir, { recursive: true, force: true });
    }
  });
});
