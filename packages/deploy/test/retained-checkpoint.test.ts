import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { latestRetainedCheckpoint } from '@sluice/deploy';

describe('latestRetainedCheckpoint (what recover restores from)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-chk-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes the highest complete chk-<n> of the job, by number not by name, and skips one without _metadata', async () => {
    const job = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    for (const n of [2, 9, 10]) {
      await mkdir(join(dir, job, `chk-${n}`), { recursive: true });
      await writeFile(join(dir, job, `chk-${n}`, '_metadata'), 'x');
    }
    // an in-progress checkpoint: no _metadata yet
    await mkdir(join(dir, job, 'chk-11'), { recursive: true });
    await mkdir(join(dir, job, 'shared'), { recursive: true });
    const found = await latestRetainedCheckpoint(dir, job);
    expect(found).toMatchObject({ kind: 'checkpoint', path: `file:${join(dir, job, 'chk-10')}`, jobId: job });
    expect(Number.isNaN(Date.parse(found?.time ?? ''))).toBe(false);
  });

  it('finds nothing for a job without checkpoints or a missing directory', async () => {
    await mkdir(join(dir, 'job-without', 'chk-1'), { recursive: true });
    expect(await latestRetainedCheckpoint(dir, 'job-without')).toBeUndefined();
    expect(await latestRetainedCheckpoint(join(dir, 'nope'), 'job')).toBeUndefined();
  });
});
