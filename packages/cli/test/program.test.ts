import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CommanderError } from 'commander';
import { SluiceError } from '@sluice/errors';
import { buildProgram, type CliIo, type ProgramRun } from '@sluice/cli';
import { exitCodeOf, main } from '../src/bin/sluice';

const REPO = resolve(__dirname, '..', '..', '..');

function io(cwd = tmpdir()): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), cwd, env: {} };
}

/** Parses argv with commander's exitOverride; returns the error commander threw, if any. */
async function parse(argv: string[]): Promise<{ error?: CommanderError; run: ProgramRun; out: string }> {
  const target = io();
  const run: ProgramRun = { globals: {} };
  try {
    await buildProgram(target, run).parseAsync(argv, { from: 'user' });
    return { run, out: target.stdout.join('\n') };
  } catch (error) {
    if (error instanceof CommanderError) return { error, run, out: target.stdout.join('\n') + target.stderr.join('\n') };
    throw error;
  }
}

describe('sluice argument parsing (exitOverride)', () => {
  it('--help teaches with examples and exit codes', async () => {
    const { error, out } = await parse(['--help']);
    expect(error?.code).toBe('commander.helpDisplayed');
    expect(out).toContain('Examples:');
    expect(out).toContain('$ sluice deploy');
    expect(out).toContain('Exit codes: 0 ok, 1 a problem found, 2 usage or config error, 3 plan has changes.');
    for (const command of ['validate', 'plan', 'deploy', 'rollback', 'recover', 'status', 'list', 'cancel', 'savepoint', 'tail', 'dashboard', 'sql', 'stack']) expect(out).toContain(`  ${command}`);
  });

  it('each command has its own help with an example', async () => {
    const { error, out } = await parse(['deploy', '--help']);
    expect(error?.code).toBe('commander.helpDisplayed');
    expect(out).toContain('--via <path>');
    expect(out).toContain('--allow-non-restored-state');
    expect(out).toContain('Example:\n  $ sluice deploy --via jar clicks_per_user');
  });

  it('recover --help says what it restores from and what it leaves alone', async () => {
    const { error, out } = await parse(['recover', '--help']);
    expect(error?.code).toBe('commander.helpDisplayed');
    expect(out).toContain('--checkpoint-dir <dir>');
    expect(out).toContain('--from-scratch');
    expect(out).toContain('<dir>/<job id>/chk-<n>/_metadata');
    expect(out).toContain('Example:\n  $ sluice recover --json');
  });

  it.each([
    [['recover', '--via', 'ftp'], 'commander.invalidArgument'],
    [['deploy', '--via', 'ftp'], 'commander.invalidArgument'],
    [['tail', 'x', '--limit', '0'], 'commander.invalidArgument'],
    [['tail', 'x', '--from', 'middle'], 'commander.invalidArgument'],
    [['dashboard', '--port', '70000'], 'commander.invalidArgument'],
    [['rollback'], 'commander.missingArgument'],
    [['cancel'], 'commander.missingArgument'],
    [['stack', 'restart'], 'commander.invalidArgument'],
    [['deploy', '--force'], 'commander.unknownOption'],
    [['depoly'], 'commander.unknownCommand'],
  ])('%j is a usage error (%s) with exit code 2', async (argv, code) => {
    const { error } = await parse(argv);
    expect(error?.code).toBe(code);
    expect(exitCodeOf(error)).toBe(2);
  });

  it('unknown commands get a suggestion', async () => {
    const { out } = await parse(['depoly']);
    expect(out).toContain('(Did you mean deploy?)');
  });
});

describe('exit codes', () => {
  it('maps config, usage and unreachable endpoints to 2, problems to 1', () => {
    expect(exitCodeOf(new SluiceError('DEPLOY_CONFIG_INVALID', 'x'))).toBe(2);
    expect(exitCodeOf(new SluiceError('DEPLOY_CONFIG_MISSING', 'x'))).toBe(2);
    expect(exitCodeOf(new SluiceError('DEPLOY_UNKNOWN_SIGNAL', 'x'))).toBe(2);
    expect(exitCodeOf(new SluiceError('FLINK_UNAVAILABLE', 'x'))).toBe(2);
    expect(exitCodeOf(new SluiceError('KAFKA_CONNECTION', 'x'))).toBe(2);
    expect(exitCodeOf(new SluiceError('DEPLOY_JOB_FAILED', 'x'))).toBe(1);
    expect(exitCodeOf(new SluiceError('DEPLOY_INVALID_SQL', 'x'))).toBe(1);
    expect(exitCodeOf(new Error('bug'))).toBe(1);
  });
});

const SIGNAL = "import { kafka, schema, signal, t } from '@sluice/dsl';\nconst src = kafka.source('src', schema({ a: t.int() }), { topic: 'in' });\nexport const s = signal('s').from(src).to(kafka.sink('out'));\n";

describe('main: bad input gives one line with a suggestion and exit 2', () => {
  function project(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-unit-'));
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }

  it('missing config', async () => {
    const target = io(mkdtempSync(join(tmpdir(), 'sluice-empty-')));
    expect(await main(['plan'], target)).toBe(2);
    expect(target.stderr).toEqual([expect.stringMatching(/^error DEPLOY_CONFIG_MISSING: no sluice\.config\.ts or sluice\.yaml in .* \(create sluice\.config\.ts .*or pass --config <file>\)$/)]);
  });

  it('invalid YAML', async () => {
    const target = io(project({ 'sluice.yaml': 'project: demo\nsignals: [signals\n' }));
    expect(await main(['list'], target)).toBe(2);
    expect(target.stderr).toHaveLength(1);
    expect(target.stderr[0]).toMatch(/^error DEPLOY_CONFIG_INVALID: .*sluice\.yaml: invalid YAML at line \d+, column \d+: .* \(fix the YAML syntax/);
  });

  it('a config value with the wrong type names its key; --json gives the error as JSON', async () => {
    const target = io(project({ 'sluice.yaml': 'project: demo\nsignals: signals\nkafka:\n  brokers: 42\n' }));
    expect(await main(['list', '--json'], target)).toBe(2);
    const out = JSON.parse(target.stdout.join('\n')) as { error: { code: string; message: string; suggestion: string } };
    expect(out.error).toEqual(expect.objectContaining({ code: 'DEPLOY_CONFIG_INVALID', message: 'kafka.brokers: must be host:port brokers, got 42' }));
    expect(out.error.suggestion).toContain('127.0.0.1:9092');
  });

  it('unknown signal, and the compiled SQL of a known one (secrets masked), from a sluice.yaml project', async () => {
    const dir = project({
      'sluice.yaml': 'project: demo\nsignals: [signals]\nkafka:\n  brokers: env:DEMO_BROKERS\n',
      'signals/s.ts': SIGNAL,
    });
    const target = { ...io(dir), env: { DEMO_BROKERS: 'secret-broker:9092' } };
    expect(await main(['sql', 'nope'], target)).toBe(2);
    expect(target.stderr).toEqual(["error DEPLOY_UNKNOWN_SIGNAL: unknown signal 'nope' (use one of: s (sluice list shows them))"]);
    expect(await main(['sql', 's'], target)).toBe(0);
    const sql = target.stdout.join('\n');
    expect(sql).toContain("'properties.bootstrap.servers' = '***'");
    expect(sql).not.toContain('secret-broker');
  });

  it('a secret in an error (a Flink URL from env:) is masked, also under --verbose', async () => {
    const dir = project({ 'sluice.yaml': 'project: demo\nsignals: [signals]\nflink:\n  restUrl: env:FLINK_URL\n', 'signals/s.ts': SIGNAL });
    const target = { ...io(dir), env: { FLINK_URL: 'http://127.0.0.1:1/t0ken-in-path' } };
    const code = await main(['list', '--verbose'], target);
    expect(code).toBe(2);
    expect(target.stderr.join('\n')).not.toContain('t0ken-in-path');
    expect(target.stderr[0]).toMatch(/^error FLINK_UNAVAILABLE: cannot reach Flink .* at GET \*\*\*\/jobs\/overview/);
    expect(target.stderr.length).toBeGreaterThan(1);
  });

  it('a stack trace only with --verbose', async () => {
    const target = io(mkdtempSync(join(tmpdir(), 'sluice-empty-')));
    expect(await main(['plan', '--verbose'], target)).toBe(2);
    expect(target.stderr.length).toBeGreaterThan(1);
    expect(target.stderr.join('\n')).toMatch(/\n\s+at /);
  });
});
