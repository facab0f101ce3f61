import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureArtifact } from '../../src/artifacts/cached-artifact';
import { checkManifest } from '../../src/artifacts/manifest';

describe('cached artifacts', () => {
  let cache: string;
  beforeEach(async () => {
    cache = await mkdtemp(join(tmpdir(), 'sluice-manifest-'));
  });
  afterEach(async () => {
    await rm(cache, { recursive: true, force: true });
  });

  it('fetches once, reuses a verified copy, and fetches again when a file is damaged', async () => {
    let fetches = 0;
    const spec = {
      artifact: 'demo 1.0',
      dir: join(cache, 'demo'),
      fetch: async (tmp: string) => {
        fetches += 1;
        await writeFile(join(tmp, 'a.jar'), 'payload-a');
      },
    };
    expect(await ensureArtifact(spec)).toMatchObject({ outcome: 'fetched' });
    expect(await ensureArtifact(spec)).toMatchObject({ outcome: 'cached' });
    await truncate(join(spec.dir, 'a.jar'), 3);
    expect(await checkManifest(spec.dir, 'demo 1.0')).toEqual({ ok: false, reason: 'a.jar has 3 bytes, expected 9' });
    await writeFile(join(spec.dir, 'a.jar'), 'payload-b');
    expect(await checkManifest(spec.dir, 'demo 1.0')).toEqual({ ok: false, reason: 'a.jar does not match its recorded sha256' });
    expect(await ensureArtifact(spec)).toMatchObject({ outcome: 'refetched', reason: 'a.jar does not match its recorded sha256' });
    expect(fetches).toBe(2);
  });

  it('leaves no directory behind when a fetch fails, so a half fetch never looks complete', async () => {
    const spec = {
      artifact: 'broken 1.0',
      dir: join(cache, 'broken'),
      fetch: async (tmp: string) => {
        await writeFile(join(tmp, 'half.jar'), 'x');
        throw new Error('network went away');
      },
    };
    await expect(ensureArtifact(spec)).rejects.toThrow('network went away');
    expect(await checkManifest(spec.dir, 'broken 1.0')).toEqual({ ok: false, reason: 'not fetched yet (or an earlier fetch did not finish)' });
  });
});
