import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSluiceError } from '@sluice/errors';
import { initCommand, mergePackageJson, projectNameOf, type CliIo, type InitResult } from '@sluice/cli';
import { main } from '../src/bin/sluice';

const FILES = [
  'package.json',
  'tsconfig.json',
  'sluice.config.ts',
  'signals/trades.ts',
  'signals/rsi.ts',
  'src/consume.ts',
  'src/produce.ts',
  'test/rsi.test.ts',
  'test/row-types.ts',
  'README.md',
  '.github/workflows/sluice.yml',
  '.gitignore',
];
const VERSION = (JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

function io(cwd: string): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), cwd, env: {} };
}

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'sluice-init-'));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));
const read = (...path: string[]): string => readFileSync(join(base, ...path), 'utf8');

describe('sluice init', () => {
  it('scaffolds every file of a project into a new directory, named after it', async () => {
    const result = await initCommand(io(base), 'my-signals', {});
    const json = result.json as InitResult;
    expect(result.exitCode).toBe(0);
    expect(json.project).toBe('my-signals');
    expect([...json.created].sort()).toEqual([...FILES].sort());
    for (const file of FILES) expect(existsSync(join(base, 'my-signals', file))).toBe(true);

    const manifest = JSON.parse(read('my-signals', 'package.json')) as Record<string, Record<string, string>>;
    expect(manifest.dependencies).toEqual({ '@sluice/cli': `^${VERSION}`, '@sluice/dsl': `^${VERSION}`, '@sluice/kafka': `^${VERSION}` });
    expect(manifest.devDependencies).toEqual({ '@sluice/testing': `^${VERSION}`, '@types/node': '^20.19.0', typescript: '^5.9.3' });
    expect(manifest.scripts?.test).toBe('tsc -p . && node --test dist/test/');
    const tsconfig = JSON.parse(read('my-signals', 'tsconfig.json')) as { compilerOptions: Record<string, unknown> };
    expect(tsconfig.compilerOptions.strict).toBe(true);
    expect(tsconfig.compilerOptions.skipLibCheck).toBeUndefined();
    expect(read('my-signals', 'sluice.config.ts')).toContain("project: 'my-signals'");
    expect(read('my-signals', 'sluice.config.ts')).toMatch(/environments: \{\n\s+local: \{\},\n[\s\S]*prod: \{/);
    expect(read('my-signals', 'signals', 'trades.ts')).toContain("topic: 'my-signals.trades'");
    expect(read('my-signals', 'signals', 'rsi.ts')).toContain("indicators.rsi(trades, { value: 'price', period: 14, by: 'symbol' })");
    expect(read('my-signals', 'src', 'consume.ts')).toContain('kafka.consume(rsi14');
    expect(read('my-signals', 'test', 'rsi.test.ts')).toContain('runSignal(rsi14, { events: [[trades, events]] })');
    expect(read('my-signals', '.github', 'workflows', 'sluice.yml')).toContain('npx sluice validate --offline --junit reports/sluice.xml');
  });

  it('refuses to overwrite existing files, names them, and writes nothing', async () => {
    mkdirSync(join(base, 'signals'));
    writeFileSync(join(base, 'signals', 'rsi.ts'), '// mine\n');
    writeFileSync(join(base, 'README.md'), '# mine\n');
    const error = await initCommand(io(base), undefined, {}).catch((e: unknown) => e);
    expect(isSluiceError(error) && error.code).toBe('CLI_INIT_FILES_EXIST');
    expect(isSluiceError(error) && error.details).toEqual({ dir: base, files: ['signals/rsi.ts', 'README.md'] });
    expect(isSluiceError(error) && error.suggestion).toContain('--force');
    expect(read('signals', 'rsi.ts')).toBe('// mine\n');
    expect(existsSync(join(base, 'sluice.config.ts'))).toBe(false);
    expect(existsSync(join(base, 'package.json'))).toBe(false);
  });

  it('the refusal is a usage error (exit 2) with the code and the suggestion on stderr', async () => {
    writeFileSync(join(base, 'sluice.config.ts'), '// mine\n');
    const target = io(base);
    expect(await main(['init'], target)).toBe(2);
    expect(target.stderr.join('\n')).toMatch(/^error CLI_INIT_FILES_EXIST: 1 file\(s\) of the scaffold exist in .*: sluice\.config\.ts \(.*--force.*\)$/);
    expect(read('sluice.config.ts')).toBe('// mine\n');
  });

  it('--force overwrites them', async () => {
    writeFileSync(join(base, 'README.md'), '# mine\n');
    const target = io(base);
    expect(await main(['init', '--force', '--name', 'desk_a'], target)).toBe(0);
    expect(read('README.md')).toContain('project `desk_a`');
    expect(target.stdout.join('\n')).toContain('overwritten README.md');
  });

  it('merges into an existing package.json: installed dependencies are kept as they are', async () => {
    writeFileSync(join(base, 'package.json'), JSON.stringify({ name: 'app', dependencies: { '@sluice/cli': 'file:../sluice-cli-0.1.0.tgz', left: '^1.0.0' }, scripts: { test: 'jest' } }));
    const result = await initCommand(io(base), undefined, {});
    expect((result.json as InitResult).merged).toEqual(['package.json']);
    const manifest = JSON.parse(read('package.json')) as Record<string, unknown>;
    expect(manifest.name).toBe('app');
    expect(manifest.dependencies).toEqual({ '@sluice/cli': 'file:../sluice-cli-0.1.0.tgz', '@sluice/dsl': `^${VERSION}`, '@sluice/kafka': `^${VERSION}`, left: '^1.0.0' });
    expect((manifest.scripts as Record<string, string>).test).toBe('jest');
    expect((manifest.scripts as Record<string, string>).consume).toBe('tsc -p . && node dist/src/consume.js');
  });

  it('with --force, scripts are replaced but installed dependencies still are not', () => {
    const merged = mergePackageJson({ scripts: { test: 'jest' }, devDependencies: { '@sluice/testing': 'file:t.tgz' } }, { project: 'p', packageName: 'p', version: '1.2.3' }, true);
    expect((merged.scripts as Record<string, string>).test).toBe('tsc -p . && node --test dist/test/');
    expect(merged.devDependencies).toEqual({ '@sluice/testing': 'file:t.tgz', '@types/node': '^20.19.0', typescript: '^5.9.3' });
  });

  it('project names come from the directory; invalid names are refused', async () => {
    expect(projectNameOf('/tmp/my app.v2')).toBe('my_app_v2');
    expect(projectNameOf('/tmp/2fast')).toBe('_2fast');
    const error = await initCommand(io(base), 'x', { name: 'no spaces' }).catch((e: unknown) => e);
    expect(isSluiceError(error) && error.code).toBe('CLI_INVALID_NAME');
  });
});
