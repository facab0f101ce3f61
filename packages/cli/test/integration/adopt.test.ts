import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { testStackEndpoints } from '@sluice/stack';
import { createKafkaClient } from '@sluice/kafka';
import { rsiRef } from '../../../dsl/test/integration/indicators/reference';

// A team adopts Sluice in its own app, outside this repository: every package packed, the tarballs
// installed into a fresh project under the OS temp dir, `sluice init`, the project compiled by tsc in
// strict mode (without skipLibCheck) with type tests, `sluice validate --offline`, `sluice deploy` to
// the stack, trades produced by the project's producer, and the project's consumer printing typed rows
// of its RSI signal (the UDAF jar comes from the installed @sluice/flink-jobs) that must equal Wilder's
// RSI computed here from the same trades. Then the project's own runSignal test runs.

const REPO = resolve(__dirname, '..', '..', '..', '..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// npm's own variables of the `npm test` that runs jest (workspace, prefix, ...) must not leak into the
// outside project's npm and npx calls.
const childEnv = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));

function run(command: string, args: readonly string[], cwd: string, onLine?: (line: string) => void): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let partial = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (onLine === undefined) return;
      partial += d.toString();
      const lines = partial.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

async function ok(command: string, args: readonly string[], cwd: string, onLine?: (line: string) => void): Promise<Run> {
  const started = Date.now();
  const r = await run(command, args, cwd, onLine);
  process.stdout.write(`adopt: ${command} ${args.join(' ').slice(0, 100)}: exit ${r.code} in ${Date.now() - started} ms\n`);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.code}\n--- stdout\n${r.stdout.slice(-4000)}\n--- stderr\n${r.stderr.slice(-4000)}`);
  return r;
}


interface PrintedRow {
  symbol: string;
  ts: string;
  price: number;
  rsi: number | null;
}

// What the test adds to the scaffold's own type checks: both must compile for `tsc` to pass.
const EXTRA_TYPE_TEST = `import type { RowOf } from '@sluice/dsl';
import { rsi14 } from '../signals/rsi';
import type { RsiRow } from '../src/consume';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

export type Exact = Expect<Equal<RowOf<typeof rsi14>, { symbol: string; price: number; ts: Date; rsi: number | null }>>;
export type SameAsConsumer = Expect<Equal<RsiRow, RowOf<typeof rsi14>>>;
export type RsiIsNullable = Expect<Equal<RowOf<typeof rsi14>['rsi'], number | null>>;

export function notInTheOutput(row: RsiRow): void {
  // @ts-expect-error window_start is not a column of rsi_14's output
  void row.window_start;
  // @ts-expect-error rsi may be null
  void row.rsi.toFixed(2);
}
`;

describe('a project outside the repository', () => {
  const id = randomBytes(3).toString('hex');
  const base = mkdtempSync(join(tmpdir(), 'sluice-adopt-'));
  const project = `adopt_${id}`;
  const dir = join(base, project);
  const endpoints = testStackEndpoints();
  let deployed = false;

  afterAll(async () => {
    if (deployed) await run('npx', ['--no', 'sluice', 'cancel', 'rsi_14'], dir).catch(() => undefined);
    const kafka = createKafkaClient({ brokers: endpoints.kafkaBrokers, clientId: `adopt-cleanup-${id}` });
    try {
      await kafka.topics.delete([`${project}.trades`, `${project}.rsi_14`]).catch(() => undefined);
    } finally {
      await kafka.close();
    }
    rmSync(base, { recursive: true, force: true });
  });

  it('installs the packed packages, scaffolds with sluice init, deploys, and prints typed RSI rows equal to Wilder RSI of the trades', async () => {
    const packs = join(base, 'packs');
    const packed = JSON.parse((await ok(process.execPath, [join(REPO, 'scripts', 'pack-all.js'), '--out', packs, '--json'], REPO)).stdout) as { name: string; file: string }[];
    expect(packed.map((p) => p.name)).toEqual(expect.arrayContaining(['@sluice/cli', '@sluice/dsl', '@sluice/kafka', '@sluice/testing', '@sluice/flink-jobs']));

    mkdirSync(dir);
    // The tarballs (no registry has them) and the scaffold's compiler; third-party packages from npm's cache.
    await ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...packed.map((p) => p.file), 'typescript@^5.9.3', '@types/node@^20.19.0'], dir);

    const initAt = Date.now();
    const init = await ok('npx', ['--no', 'sluice', 'init'], dir);
    expect(init.stdout).toContain('created     sluice.config.ts');
    expect(init.stdout).toContain('merged      package.json');
    // The merged package.json installs as it is: the @sluice/* entries still name the tarballs.
    await ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies['@sluice/cli']).toMatch(/^file:/);

    // Strict, no skipLibCheck: the scaffold's own type checks and these.
    expect(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).not.toContain('skipLibCheck');
    writeFileSync(join(dir, 'test', 'adopt-types.ts'), EXTRA_TYPE_TEST);
    await ok('npx', ['--no', '--', 'tsc', '-p', '.'], dir);

    const validate = await ok('npx', ['--no', 'sluice', 'validate', '--offline', '--junit', 'reports/sluice.xml'], dir);
    expect(validate.stdout).toContain('ok    rsi_14');
    expect(readFileSync(join(dir, 'reports', 'sluice.xml'), 'utf8')).toContain('rsi_14');

    const deploy = await ok('npx', ['--no', 'sluice', 'deploy'], dir);
    deployed = true;
    expect(deploy.stdout).toContain('rsi_14');

    // 20 trades per symbol, one a second, prices that rise and fall.
    const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    const prices: Record<string, number[]> = {
      ACME: Array.from({ length: 20 }, (_, i) => 100 + ((i * 7) % 11) - (i % 3) * 2.5),
      INIT: Array.from({ length: 20 }, (_, i) => 50 + Math.round(10 * Math.sin(i / 2)) / 4),
    };
    const trades = Object.entries(prices).flatMap(([symbol, xs]) => xs.map((price, i) => ({ symbol, price, ts: new Date(t0 + i * 1000).toISOString() })));
    // A later trade of another symbol moves the watermark past every trade above (its own row waits).
    const closing = { symbol: 'LATER', price: 1, ts: new Date(t0 + 60_000).toISOString() };
    // In time order across symbols: the job reads with a 1 s watermark, so an INIT trade sent after every ACME
    // trade would be late (and dropped) whenever Flink emits a watermark between the two symbols' records.
    const inTimeOrder = [...trades].sort((x, y) => x.ts.localeCompare(y.ts));
    writeFileSync(join(dir, 'trades.json'), JSON.stringify([...inTimeOrder, closing]));
    const produced = await ok(process.execPath, ['dist/src/produce.js', 'trades.json'], dir);
    expect(produced.stdout).toContain(`sent ${trades.length + 1} trades to ${project}.trades`);

    let firstRowAt: number | undefined;
    const consumed = await ok(process.execPath, ['dist/src/consume.js', String(trades.length)], dir, () => (firstRowAt ??= Date.now()));
    process.stdout.write(`adopt: from sluice init to the first typed row: ${((firstRowAt ?? Date.now()) - initAt) / 1000} s\n`);
    const rows = consumed.stdout.trim().split('\n').map((line) => JSON.parse(line) as PrintedRow);
    expect(rows).toHaveLength(trades.length);
    for (const [symbol, xs] of Object.entries(prices)) {
      const got = rows.filter((r) => r.symbol === symbol).sort((a, b) => a.ts.localeCompare(b.ts));
      expect(got.map((r) => r.ts)).toEqual(xs.map((_, i) => new Date(t0 + i * 1000).toISOString()));
      expect(got.map((r) => r.price)).toEqual(xs);
      const want = rsiRef(xs, 14);
      expect(want.filter((w) => w !== null)).toHaveLength(6);
      got.forEach((r, i) => {
        const w = want[i];
        if (w === null || w === undefined) expect(r.rsi).toBeNull();
        else expect(r.rsi).toBeCloseTo(w, 9);
      });
    }

    // The project's own test (\`npm test\` without its tsc, done above): runSignal on the same stack, from
    // the installed @sluice/testing.
    const own = await ok(process.execPath, ['--test', 'dist/test/'], dir);
    expect(own.stdout).toMatch(/^ok \d+ - rsi_14 is null while warming up, then 100 while prices only rise$/m);
    expect(own.stdout).toMatch(/# fail 0\b/);
  }, 600_000);
});
