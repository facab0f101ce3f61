import { tmpdir } from 'node:os';
import { CommanderError } from 'commander';
import { buildProgram, type CliIo, type ProgramRun } from '@sluice/cli';
import { exitCodeOf, main } from '../src/bin/sluice';

function io(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), cwd: tmpdir(), env: {} };
}

async function parse(argv: string[]): Promise<{ error?: CommanderError; out: string }> {
  const target = io();
  const run: ProgramRun = { globals: {} };
  try {
    await buildProgram(target, run).parseAsync(argv, { from: 'user' });
    return { out: target.stdout.join('\n') };
  } catch (error) {
    if (error instanceof CommanderError) return { error, out: target.stdout.join('\n') + target.stderr.join('\n') };
    throw error;
  }
}

describe('sluice backfill', () => {
  it('--help says what runs (batch mode, bounded sources), what the times mean, and what is refused', async () => {
    const { error, out } = await parse(['backfill', '--help']);
    expect(error?.code).toBe('commander.helpDisplayed');
    expect(out).toContain('--from <time|offsets>');
    expect(out).toContain('--into <topic>');
    expect(out).toContain('execution.runtime-mode =\nbatch');
    expect(out).toContain('Kafka record timestamps');
    expect(out).toContain('DSL_NOT_BACKFILLABLE');
    expect(out).toContain('--then-live');
    expect(out).toContain('window boundary B of event time');
    expect(out).toContain('Example:\n  $ sluice backfill vwap_1m --from 2026-12-01T00:00:00Z');
  });

  it('is in the top-level help', async () => {
    const { out } = await parse(['--help']);
    expect(out).toContain('  backfill');
  });

  it.each([
    [['backfill', '--from', 'earliest'], 'commander.missingArgument'],
    [['backfill', 'vwap_1m'], 'commander.missingMandatoryOptionValue'],
    [['backfill', 'vwap_1m', '--from', 'earliest', '--timeout', '0'], 'commander.invalidArgument'],
    [['backfill', 'vwap_1m', '--from', 'earliest', '--then-live', '--into', 'x'], 'commander.conflictingOption'],
    [['backfill', 'vwap_1m', '--from', 'earliest', '--to', 'latest', '--then-live'], 'commander.conflictingOption'],
  ])('%j is a usage error (%s) with exit code 2', async (argv, code) => {
    const { error } = await parse(argv);
    expect(error?.code).toBe(code);
    expect(exitCodeOf(error)).toBe(2);
  });

  it('a bound without a zone is DEPLOY_BACKFILL_RANGE_INVALID, exit 2, with the forms it takes, before any config is read', async () => {
    const target = io();
    const code = await main(['backfill', 'vwap_1m', '--from', '2026-12-01T00:00:00'], target);
    expect(code).toBe(2);
    const text = target.stderr.join('\n');
    expect(text).toContain("DEPLOY_BACKFILL_RANGE_INVALID");
    expect(text).toContain("'2026-12-01T00:00:00' is not a backfill bound");
    expect(text).toContain('offsets:0=42,1=17');
  });
});
