import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

// Every public workspace is installable on its own from its tarball (scripts/pack-all.js): these are the
// package.json fields that makes it so. The dist files they name exist after `npm run build`, which unit
// tests already assume; the committed bin files exist in any checkout.
const REPO = resolve(__dirname, '..', '..', '..');

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  engines?: { node?: string };
  main?: string;
  types?: string;
  exports?: Record<string, unknown>;
  files?: string[];
  bin?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const read = (dir: string): Manifest => JSON.parse(readFileSync(join(REPO, dir, 'package.json'), 'utf8')) as Manifest;
const root = read('.') as Manifest & { workspaces: string[] };
const workspaces = root.workspaces.map((dir) => ({ dir, manifest: read(dir) }));

describe('package manifests', () => {
  it('lists every package folder as a workspace', () => {
    const onDisk = ['flink-jobs', ...readdirSync(join(REPO, 'packages')).map((d) => `packages/${d}`)]
      .filter((dir) => existsSync(join(REPO, dir, 'package.json')))
      .sort();
    expect([...root.workspaces].sort()).toEqual(onDisk);
  });

  it('has LICENSE (Apache-2.0) and NOTICE at the top', () => {
    expect(readFileSync(join(REPO, 'LICENSE'), 'utf8')).toContain('Apache License\n                           Version 2.0, January 2004');
    expect(readFileSync(join(REPO, 'NOTICE'), 'utf8')).toMatch(/^Sluice\nCopyright /);
    expect(root.license).toBe('Apache-2.0');
  });

  describe.each(workspaces.map((w) => [w.manifest.name, w] as const))('%s', (_name, { dir, manifest }) => {
    it('is public, Apache-2.0, for Node 20+', () => {
      expect(manifest.private).toBeUndefined();
      expect(manifest.license).toBe('Apache-2.0');
      expect(manifest.engines).toEqual({ node: '>=20' });
    });

    it('exports its built entry for types, import and require', () => {
      expect(manifest.main).toBe('dist/index.js');
      expect(manifest.types).toBe('dist/index.d.ts');
      expect(manifest.exports?.['.']).toEqual({ types: './dist/index.d.ts', import: './dist/index.js', require: './dist/index.js' });
      expect(manifest.exports?.['./package.json']).toBe('./package.json');
      for (const target of Object.values(manifest.exports ?? {})) {
        for (const file of typeof target === 'string' ? [target] : Object.values(target as Record<string, string>)) {
          expect({ file, exists: existsSync(join(REPO, dir, file)) }).toEqual({ file, exists: true });
        }
      }
    });

    it('ships dist and NOTICE (no source maps or build info), and copies LICENSE/NOTICE before packing', () => {
      expect(manifest.files).toEqual(expect.arrayContaining(['dist', '!dist/.tsbuildinfo', '!dist/**/*.map', 'NOTICE']));
      expect(manifest.scripts?.prepack).toBe(`node ${'../'.repeat(dir.split('/').length)}scripts/copy-license.js`);
    });

    it('names its bins by committed files that exist before the build', () => {
      for (const bin of Object.values(manifest.bin ?? {})) {
        expect(bin).toMatch(/^bin\//);
        expect(manifest.files).toContain('bin');
        expect(statSync(join(REPO, dir, bin)).mode & 0o111).not.toBe(0);
        expect(readFileSync(join(REPO, dir, bin), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
      }
    });

    it('depends on its siblings by "*" (the tarballs installed together satisfy it)', () => {
      for (const deps of [manifest.dependencies ?? {}, manifest.devDependencies ?? {}]) {
        for (const [name, range] of Object.entries(deps)) if (name.startsWith('@sluice/')) expect({ name, range }).toEqual({ name, range: '*' });
      }
    });
  });

  it('gives the CLIs their bins', () => {
    expect(workspaces.find((w) => w.dir === 'packages/cli')?.manifest.bin).toEqual({ sluice: 'bin/sluice.js' });
    expect(workspaces.find((w) => w.dir === 'packages/stack')?.manifest.bin).toEqual({ 'sluice-stack': 'bin/sluice-stack.js' });
  });
});
