import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { CommanderError } from 'commander';
import { isSluiceError } from '@sluice/errors';
import { buildProgram, type CliIo, type ProgramRun } from '@sluice/cli';

// Property-based fuzz (issue 16) of `sluice` arguments: every argv ends in a result, a commander usage error
// (help, unknown option, bad value) or a SluiceError with a code; never a raw TypeError, never a hang.
// Runs in a temporary directory: once with no config, once with a config whose signals directory is empty
// (so commands get past parsing and config loading, and stop before any network call). `stack` and `init`
// are left out: they start processes or write files. Seeded; SLUICE_FUZZ_RUNS raises the count.
const RUNS = Number(process.env.SLUICE_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.SLUICE_FUZZ_SEED ?? 16);
const LEFT_OUT = new Set(['stack', 'init']);

const commands = ['validate', 'plan', 'deploy', 'rollback', 'recover', 'status', 'list', 'cancel', 'savepoint', 'tail', 'sql', 'help'];
const token = fc.oneof(
  { arbitrary: fc.constantFrom(...commands), weight: 3 },
  {
    arbitrary: fc.constantFrom('--json', '--verbose', '--offline', '--watch', '-w', '--from-scratch', '--allow-non-restored-state', '--help', '-h', '-V', '--version', '--', '-', '--force', '--junit', '--via', '--env', '-e', '--limit', '-n', '--from', '--checkpoint-dir', '--config', '-c'),
    weight: 4,
  },
  { arbitrary: fc.constantFrom('gateway', 'jar', 'ftp', 'earliest', 'latest', '0', '-1', '1e3', 'NaN', '10', 'dev', 'prod', 'clicks_per_user', 'nope.yaml', 'sluice.yaml', 'x.ts', ''), weight: 3 },
  { arbitrary: fc.string({ maxLength: 10 }).filter((s) => !LEFT_OUT.has(s)), weight: 1 },
);

function io(cwd: string): CliIo {
  return { out: () => undefined, err: () => undefined, cwd, env: {} };
}

const seen = new Map<string, number>();
afterAll(() => {
  if (process.env.SLUICE_FUZZ_STATS === '1') process.stdout.write(`${JSON.stringify(Object.fromEntries(seen))}\n`);
});

async function outcome(argv: string[], cwd: string): Promise<string> {
  const result = await outcomeOf(argv, cwd);
  seen.set(result, (seen.get(result) ?? 0) + 1);
  return result;
}

async function outcomeOf(argv: string[], cwd: string): Promise<string> {
  const run: ProgramRun = { globals: {} };
  try {
    await buildProgram(io(cwd), run).parseAsync(argv, { from: 'user' });
    return `exit ${run.result?.exitCode ?? 0}`;
  } catch (error) {
    if (error instanceof CommanderError) return error.code;
    if (isSluiceError(error)) {
      expect(error.code).toMatch(/^[A-Z]+_[A-Z_]+$/);
      return error.code;
    }
    throw error;
  }
}

describe('fuzz: sluice arguments', () => {
  const bare = mkdtempSync(join(tmpdir(), 'sluice-fuzz-cli-'));
  const project = mkdtempSync(join(tmpdir(), 'sluice-fuzz-cli-project-'));
  mkdirSync(join(project, 'signals'));
  // Ports nothing listens on: a command that got this far would fail fast instead of reaching a cluster.
  writeFileSync(join(project, 'sluice.yaml'), 'project: fuzz\nsignals: signals\nflink:\n  restUrl: http://127.0.0.1:9\n  sqlGatewayUrl: http://127.0.0.1:9\nkafka:\n  brokers: 127.0.0.1:9\n');
  afterAll(() => {
    rmSync(bare, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });

  it(`every argv is a result, a commander error or a SluiceError with a code (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 6 }).filter((argv) => !LEFT_OUT.has(argv[0] ?? '')), fc.boolean(), async (argv, withConfig) => {
        await outcome(argv, withConfig ? project : bare);
      }),
      { numRuns: RUNS, seed: SEED, timeout: 10_000 },
    );
  }, Math.max(120_000, RUNS * 60));
});
