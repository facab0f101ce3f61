import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSluiceError } from '@sluice/errors';
import { loadConfig, resolveConfig } from '@sluice/deploy';

const FILE = join(tmpdir(), 'sluice.yaml');

function errorOf(fn: () => unknown): { code: string; message: string; suggestion?: string } {
  try {
    fn();
  } catch (error) {
    if (isSluiceError(error)) return { code: error.code, message: error.message, ...(error.suggestion === undefined ? {} : { suggestion: error.suggestion }) };
    throw error;
  }
  throw new Error('expected an error');
}

describe('resolveConfig', () => {
  it('applies defaults for the local stack', () => {
    const c = resolveConfig({ project: 'demo', signals: 'signals' }, { configFile: FILE, env: {} });
    expect(c.environment).toBe('dev');
    expect(c.flink).toEqual({ restUrl: 'http://127.0.0.1:8081', sqlGatewayUrl: 'http://127.0.0.1:8083', version: '2.2', headers: {} });
    expect(c.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(c.kafka.flinkBrokers).toEqual(['127.0.0.1:9092']);
    expect(c.deploy).toEqual({ via: 'gateway', timeoutMs: 180_000 });
    expect(c.signals).toEqual([join(tmpdir(), 'signals')]);
    expect(c.stateDir).toBe(join(tmpdir(), '.sluice'));
  });

  it('merges an environment over the top level, key by key', () => {
    const raw = {
      project: 'demo',
      signals: ['a.ts'],
      flink: { restUrl: 'http://flink:8081', sqlGatewayUrl: 'http://gw:8083' },
      kafka: { brokers: 'k1:9092', topicDefaults: { partitions: 3 } },
      environments: { prod: { flink: { restUrl: 'https://flink.prod:443' }, kafka: { topicDefaults: { replicationFactor: 3 } } } },
    };
    const c = resolveConfig(raw, { configFile: FILE, environment: 'prod', env: {} });
    expect(c.flink.restUrl).toBe('https://flink.prod:443');
    expect(c.flink.sqlGatewayUrl).toBe('http://gw:8083');
    expect(c.kafka.topicDefaults).toEqual({ partitions: 3, replicationFactor: 3 });
  });

  it.each([
    [{ signals: 'x' }, /^project: must be a non-empty string/],
    [{ project: 'has space', signals: 'x' }, /^project: 'has space' is not a valid name/],
    [{ project: 'p' }, /^signals: must be a path or a list of paths/],
    [{ project: 'p', signals: 'x', flink: { restUrl: 'ftp://x' } }, /^flink\.restUrl: must be an http\(s\) URL/],
    [{ project: 'p', signals: 'x', flink: { version: '3.0' } }, /^flink\.version: must be one of 2\.2, 2\.1, 2\.0, 1\.20/],
    [{ project: 'p', signals: 'x', kafka: { brokers: 42 } }, /^kafka\.brokers: must be host:port brokers, got 42/],
    [{ project: 'p', signals: 'x', kafka: { sasl: { mechanism: 'md5', username: 'u', password: 'p' } } }, /^kafka\.sasl\.mechanism: must be plain/],
    [{ project: 'p', signals: 'x', deploy: { via: 'ftp' } }, /^deploy\.via: must be gateway or jar/],
    [{ project: 'p', signals: 'x', flnk: {} }, /^flnk: unknown key/],
    [{ project: 'p', signals: 'x', flink: { resturl: 'http://x' } }, /^flink\.resturl: unknown key/],
    [{ project: 'p', signals: 'x', environments: { prod: { kafka: { brokers: 'nope' } } } }, /^environments\.prod\.kafka\.brokers: must be host:port/],
  ])('names the key of an invalid value: %j', (raw, message) => {
    const environment = 'environments' in raw ? 'prod' : 'dev';
    const e = errorOf(() => resolveConfig(raw, { configFile: FILE, environment, env: {} }));
    expect(e.code).toBe('DEPLOY_CONFIG_INVALID');
    expect(e.message).toMatch(message);
    expect(e.suggestion).toBeDefined();
  });

  it('refuses an unknown environment and lists the known ones', () => {
    const e = errorOf(() => resolveConfig({ project: 'p', signals: 'x', environments: { prod: {} } }, { configFile: FILE, environment: 'staging', env: {} }));
    expect(e.message).toBe('environments.staging: no such environment');
    expect(e.suggestion).toBe('use one of: dev, prod');
  });

  it('resolves env: and file: secrets and masks their values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-secret-'));
    writeFileSync(join(dir, 'kafka.pw'), 'from-a-file-secret\n');
    const c = resolveConfig(
      {
        project: 'p',
        signals: 'x',
        flink: { headers: { Authorization: 'env:FLINK_TOKEN' } },
        kafka: { sasl: { mechanism: 'plain', username: 'app', password: 'file:kafka.pw' } },
      },
      { configFile: join(dir, 'sluice.yaml'), env: { FLINK_TOKEN: 'Bearer t0ken-value' } },
    );
    expect(c.flink.headers.Authorization).toBe('Bearer t0ken-value');
    expect(c.kafka.sasl?.password).toBe('from-a-file-secret');
    expect(c.secrets.size).toBe(2);
    expect(c.secrets.mask('x from-a-file-secret y Bearer t0ken-value')).toBe('x *** y ***');
  });

  it('a missing env: secret names the variable and the key, never a value', () => {
    const e = errorOf(() => resolveConfig({ project: 'p', signals: 'x', kafka: { sasl: { mechanism: 'plain', username: 'u', password: 'env:NOPE_PW' } } }, { configFile: FILE, env: {} }));
    expect(e.message).toBe('environment variable NOPE_PW is not set (kafka.sasl.password refers to it)');
  });
});

describe('loadConfig', () => {
  it('finds sluice.yaml from a subdirectory and reads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-cfg-'));
    writeFileSync(join(dir, 'sluice.yaml'), 'project: demo\nsignals: [signals]\nkafka:\n  brokers: env:BROKERS\n');
    mkdirSync(join(dir, 'signals'));
    const c = await loadConfig({ cwd: join(dir, 'signals'), env: { BROKERS: 'b1:9092,b2:9092' } });
    expect(c.project).toBe('demo');
    expect(c.configFile).toBe(join(dir, 'sluice.yaml'));
    expect(c.kafka.brokers).toEqual(['b1:9092', 'b2:9092']);
    // brokers came from a reference: shown masked
    expect(c.secrets.mask('bootstrap b1:9092,b2:9092')).toBe('bootstrap ***');
  });

  it('reports invalid YAML with its position', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-cfg-'));
    writeFileSync(join(dir, 'sluice.yaml'), 'project: demo\nsignals: [signals\nkafka: {\n');
    await expect(loadConfig({ cwd: dir, env: {} })).rejects.toMatchObject({ code: 'DEPLOY_CONFIG_INVALID', message: expect.stringMatching(/sluice\.yaml: invalid YAML at line \d+, column \d+/) });
  });

  it('says how to create a config when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-none-'));
    await expect(loadConfig({ cwd: dir, env: {} })).rejects.toMatchObject({ code: 'DEPLOY_CONFIG_MISSING', suggestion: expect.stringContaining('sluice.config.ts') });
  });
});
