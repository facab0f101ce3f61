import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ERROR_CATEGORIES, SluiceError, type ErrorCode, type ErrorCodeTable } from '@sluice/errors';
import { DSL_ERROR_CODES } from '@sluice/dsl';
import { FLINK_ERROR_CODES } from '@sluice/flink-client';
import { KAFKA_ERROR_CODES } from '@sluice/kafka';
import { DEPLOY_ERROR_CODES } from '@sluice/deploy';
import { STACK_ERROR_CODES } from '@sluice/stack';
import { TESTING_ERROR_CODES } from '@sluice/testing';
import { FLINK_JOBS_ERROR_CODES } from '@sluice/flink-jobs';
import { CLI_ERROR_CODES } from '@sluice/cli';
import { exitCodeOf } from '../src/bin/sluice';

const REPO = resolve(__dirname, '..', '..', '..');

// Each package's table, its sources, and the prefix of its codes.
const TABLES: ReadonlyArray<{ pkg: string; dir: string; prefix: RegExp; table: ErrorCodeTable }> = [
  { pkg: '@sluice/dsl', dir: 'packages/dsl/src', prefix: /^DSL_/, table: DSL_ERROR_CODES },
  { pkg: '@sluice/flink-client', dir: 'packages/flink-client/src', prefix: /^FLINK_(?!JOBS_)/, table: FLINK_ERROR_CODES },
  { pkg: '@sluice/kafka', dir: 'packages/kafka/src', prefix: /^KAFKA_/, table: KAFKA_ERROR_CODES },
  { pkg: '@sluice/deploy', dir: 'packages/deploy/src', prefix: /^DEPLOY_/, table: DEPLOY_ERROR_CODES },
  { pkg: '@sluice/stack', dir: 'packages/stack/src', prefix: /^STACK_/, table: STACK_ERROR_CODES },
  { pkg: '@sluice/testing', dir: 'packages/testing/src', prefix: /^TEST_/, table: TESTING_ERROR_CODES },
  { pkg: '@sluice/flink-jobs', dir: 'flink-jobs/src', prefix: /^FLINK_JOBS_/, table: FLINK_JOBS_ERROR_CODES },
  { pkg: '@sluice/cli', dir: 'packages/cli/src', prefix: /^CLI_/, table: CLI_ERROR_CODES },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every quoted code literal in the TypeScript sources of all packages. */
function codesInSources(): Set<string> {
  const codes = new Set<string>();
  for (const { dir } of TABLES) {
    for (const file of sourceFiles(join(REPO, dir))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/'((?:DSL|FLINK|KAFKA|DEPLOY|STACK|CLI|TEST)_[A-Z0-9_]+)'/g)) codes.add(m[1] as string);
    }
  }
  return codes;
}

const ALL_CODES = TABLES.flatMap(({ table }) => Object.keys(table));

// Read from the CLI's mapping before it went by category (a regex of code prefixes): these were 2, every
// other code 1. FLINK_JOBS_JAR_MISSING was 1 by that regex but its table calls it usage (2); no sluice
// command raises it (deploy reports a missing jar as DEPLOY_RUNNER_JAR_MISSING / DEPLOY_UDF_JAR_MISSING /
// DEPLOY_PLAN_TOOL_MISSING).
const EXIT_2 = [
  'CLI_INIT_FILES_EXIST', 'CLI_INIT_PACKAGE_JSON', 'CLI_INVALID_NAME',
  'DEPLOY_CONFIG_INVALID', 'DEPLOY_CONFIG_LOAD_FAILED', 'DEPLOY_CONFIG_MISSING',
  'DEPLOY_DUPLICATE_SIGNAL', 'DEPLOY_NO_SIGNALS', 'DEPLOY_SIGNAL_MODULE_FAILED', 'DEPLOY_UNKNOWN_SIGNAL', 'DEPLOY_BACKFILL_RANGE_INVALID',
  'DEPLOY_FLINK_UNREACHABLE', 'DEPLOY_GATEWAY_UNREACHABLE', 'FLINK_UNAVAILABLE', 'FLINK_UNAUTHORIZED',
  'KAFKA_CONNECTION', 'KAFKA_INVALID_CONFIG', 'KAFKA_SCHEMA_REGISTRY_UNREACHABLE',
  'FLINK_JOBS_JAR_MISSING',
];

describe('error code tables', () => {
  it.each(TABLES.map((t) => [t.pkg, t] as const))('%s: every code has its prefix and a known category', (_pkg, { prefix, table }) => {
    expect(Object.keys(table).length).toBeGreaterThan(0);
    for (const [code, info] of Object.entries(table)) {
      expect(code).toMatch(prefix);
      expect(ERROR_CATEGORIES).toContain(info.category);
      expect(new SluiceError(code as ErrorCode, 'x').category).toBe(info.category);
    }
  });

  it('no code is declared by two packages', () => {
    expect(new Set(ALL_CODES).size).toBe(ALL_CODES.length);
  });

  it('every code the sources name is in a package\'s table', () => {
    const declared = new Set(ALL_CODES);
    expect([...codesInSources()].filter((code) => !declared.has(code)).sort()).toEqual([]);
  });
});

describe('the CLI\'s exit code by category', () => {
  it('is what it was for every code of every table: 2 for usage, config and unreachable endpoints, else 1', () => {
    const exit2 = new Set(EXIT_2);
    for (const code of EXIT_2) expect(ALL_CODES).toContain(code);
    const actual = Object.fromEntries(ALL_CODES.map((code) => [code, exitCodeOf(new SluiceError(code as ErrorCode, 'x'))]));
    const expected = Object.fromEntries(ALL_CODES.map((code) => [code, exit2.has(code) ? 2 : 1]));
    expect(actual).toEqual(expected);
  });

  it.each([
    ['DEPLOY_CONFIG_INVALID', 2],
    ['FLINK_UNAUTHORIZED', 2],
    ['KAFKA_CONNECTION', 2],
    ['CLI_INIT_FILES_EXIST', 2],
    ['KAFKA_AUTHENTICATION', 1],
    ['STACK_INVALID_OPTION', 1],
    ['DSL_TYPE_MISMATCH', 1],
    ['DEPLOY_TIMEOUT', 1],
    ['TEST_JOB_FAILED', 1],
  ] as const)('%s exits %d', (code, exit) => {
    expect(exitCodeOf(new SluiceError(code, 'x'))).toBe(exit);
  });

  it('needs no table but those its own imports load (a fresh module registry, only the CLI required)', () => {
    jest.isolateModules(() => {
      const cli = require('../src/bin/sluice') as { exitCodeOf: (error: unknown) => number };
      const errors = require('@sluice/errors') as { SluiceError: typeof SluiceError };
      const exit = (code: ErrorCode): number => cli.exitCodeOf(new errors.SluiceError(code, 'x'));
      expect([exit('CLI_INVALID_NAME'), exit('DEPLOY_CONFIG_MISSING'), exit('FLINK_UNAVAILABLE'), exit('KAFKA_INVALID_CONFIG')]).toEqual([2, 2, 2, 2]);
      expect([exit('DEPLOY_JOB_FAILED'), exit('FLINK_SQL_ERROR'), exit('KAFKA_AUTHENTICATION'), exit('STACK_PORT_BUSY'), exit('DSL_TYPE_MISMATCH')]).toEqual([1, 1, 1, 1, 1]);
      expect(new errors.SluiceError('STACK_PORT_BUSY', 'x').category).toBe('conflict');
      expect(new errors.SluiceError('DSL_TYPE_MISMATCH', 'x').category).toBe('invalid');
    });
  });

  it('a code no table declares, and an error that is not a SluiceError, exit 1', () => {
    expect(exitCodeOf(new SluiceError('DEPLOY_SOMETHING_NEW', 'x'))).toBe(1);
    expect(exitCodeOf(new Error('bug'))).toBe(1);
  });
});
