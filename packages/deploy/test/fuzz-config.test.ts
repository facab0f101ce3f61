import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { isSluiceError } from '@sluice/errors';
import { loadConfig, resolveConfig } from '@sluice/deploy';

// Property-based fuzz (issue 16) of config values: every input resolves or is a SluiceError with a code,
// and a DEPLOY_CONFIG_INVALID names its key (details.key, also in the message). Seeded;
// SLUICE_FUZZ_RUNS raises the count (npm run fuzz).
const RUNS = Number(process.env.SLUICE_FUZZ_RUNS ?? 2000);
const SEED = Number(process.env.SLUICE_FUZZ_SEED ?? 16);

function checkOutcome(run: () => unknown): void {
  try {
    const config = run() as { project?: unknown };
    expect(typeof config.project).toBe('string');
  } catch (error) {
    if (!isSluiceError(error)) throw error;
    expect(error.code).toMatch(/^DEPLOY_CONFIG_[A-Z_]+$/);
    if (error.code === 'DEPLOY_CONFIG_INVALID') {
      const key = (error.details as { key?: unknown }).key;
      expect(typeof key).toBe('string');
      // '(yaml)': the file did not parse; its message names the file, line and column instead
      if (key !== '(yaml)') expect(error.message).toContain(String(key));
    }
  }
}

const junk = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }));
/** Mostly a plausible value, sometimes junk, so most inputs get past the first checks. */
const maybe = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: junk, weight: 1 });
const url = fc.constantFrom('http://127.0.0.1:8081', 'https://flink.example:443/base/', 'env:FLINK_URL', 'ftp://x', 'not a url', 'http://', 'file:secret.txt');
const section = {
  flink: fc.record({ restUrl: maybe(url), sqlGatewayUrl: maybe(url), version: maybe(fc.constantFrom('2.2', '1.20', '3.0', '2')), auth: maybe(fc.record({ username: maybe(fc.string()), password: maybe(fc.constantFrom('env:PW', 'file:/nope', 'plain')) })), headers: maybe(fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }))) }, { requiredKeys: [] }),
  kafka: fc.record(
    {
      brokers: maybe(fc.oneof(fc.constantFrom('127.0.0.1:9092', 'a:1,b:2', '', 'env:BROKERS', 'host'), fc.array(fc.constantFrom('a:1', 'b:x', ''), { maxLength: 3 }))),
      clientId: maybe(fc.string({ maxLength: 8 })),
      topicDefaults: maybe(fc.record({ partitions: maybe(fc.integer({ min: -2, max: 64 })), replicationFactor: maybe(fc.integer({ min: -1, max: 5 })) }, { requiredKeys: [] })),
      sasl: maybe(fc.record({ mechanism: maybe(fc.constantFrom('plain', 'scram-sha-256', 'scram-sha-512', 'oauth')), username: maybe(fc.string({ maxLength: 5 })), password: maybe(fc.constantFrom('env:PW', 'plain')) }, { requiredKeys: [] })),
      tls: maybe(fc.oneof(fc.boolean(), fc.record({ caFile: maybe(fc.constantFrom('file:/nope.pem', '/nope.pem')) }, { requiredKeys: [] }))),
    },
    { requiredKeys: [] },
  ),
  deploy: fc.record({ via: maybe(fc.constantFrom('gateway', 'jar', 'ftp')), savepointDir: maybe(fc.constantFrom('file:///sp', 's3://b/sp', '')), timeoutMs: maybe(fc.oneof(fc.integer({ min: -5, max: 1e7 }), fc.constant(Number.NaN))) }, { requiredKeys: [] }),
};
const rawConfig = fc.record(
  {
    project: maybe(fc.oneof(fc.constantFrom('demo', 'my-signals', '_x', '9x', '', 'a b'), fc.string({ maxLength: 8 }))),
    signals: maybe(fc.oneof(fc.constantFrom('signals', 'signals/vwap.ts'), fc.array(fc.constantFrom('signals', '', 'x.ts'), { maxLength: 3 }))),
    flink: maybe(section.flink),
    kafka: maybe(section.kafka),
    deploy: maybe(section.deploy),
    stateDir: maybe(fc.constantFrom('.sluice', '/abs/state', '')),
    environments: maybe(fc.dictionary(fc.constantFrom('dev', 'prod', 'x'), fc.record({ flink: maybe(section.flink), kafka: maybe(section.kafka), deploy: maybe(section.deploy), extra: junk }, { requiredKeys: [] }), { maxKeys: 2 })),
    unknownKey: junk,
  },
  { requiredKeys: [] },
);
const env = fc.record({ FLINK_URL: fc.constantFrom('http://127.0.0.1:8081', 'nope'), BROKERS: fc.constantFrom('a:1', ''), PW: fc.string({ maxLength: 4 }) }, { requiredKeys: [] });

describe('fuzz: config values (sluice.yaml / sluice.config.ts)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-fuzz-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`resolveConfig: every object resolves or is a DEPLOY_CONFIG_ error naming its key (${RUNS} runs, seed ${SEED})`, () => {
    fc.assert(
      fc.property(fc.oneof({ arbitrary: rawConfig, weight: 9 }, { arbitrary: fc.anything(), weight: 1 }), env, fc.constantFrom(undefined, 'dev', 'prod', 'missing'), (raw, vars, environment) => {
        checkOutcome(() => resolveConfig(raw, { configFile: join(dir, 'sluice.yaml'), env: vars, ...(environment === undefined ? {} : { environment }) }));
      }),
      { numRuns: RUNS, seed: SEED },
    );
  }, Math.max(120_000, RUNS * 60));

  it(`loadConfig: any sluice.yaml text loads or is a DEPLOY_CONFIG_ error, never a hang (${RUNS} runs, seed ${SEED})`, async () => {
    const file = join(dir, 'sluice.yaml');
    await fc.assert(
      fc.asyncProperty(fc.oneof({ arbitrary: rawConfig.map((raw) => stringify(raw)), weight: 6 }, { arbitrary: fc.string({ maxLength: 60 }), weight: 2 }, { arbitrary: fc.constantFrom('a: [', '*x', '!!binary x', 'project: &a [*a]', '---\n---', 'a: b: c'), weight: 1 }), env, async (text, vars) => {
        writeFileSync(file, text);
        let outcome: unknown;
        try {
          outcome = await loadConfig({ cwd: dir, env: vars });
        } catch (error) {
          outcome = error;
        }
        checkOutcome(() => {
          if (outcome instanceof Error) throw outcome;
          return outcome;
        });
      }),
      { numRuns: RUNS, seed: SEED, timeout: 5000 },
    );
  }, Math.max(120_000, RUNS * 60));
});

describe('config inputs the fuzz found, refused by name now', () => {
  it('a YAML alias inside its own anchor is DEPLOY_CONFIG_INVALID naming the key (was a raw TypeError: circular JSON)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-fuzz-cycle-'));
    try {
      writeFileSync(join(dir, 'sluice.yaml'), 'project: &a [*a]\nsignals: signals\n');
      await expect(loadConfig({ cwd: dir, env: {} })).rejects.toMatchObject({ code: 'DEPLOY_CONFIG_INVALID', details: { key: 'project.0' }, message: expect.stringMatching(/^project\.0: refers to itself/) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
