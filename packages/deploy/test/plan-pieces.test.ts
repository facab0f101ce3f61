import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, kafka, schema, signal, t, tumble, upsertKafka } from '@sluice/dsl';
import { compileProject, desiredTopics, findPrevious, resolveConfig, selectSignals, sqlDiff, StateStore, versionOf, type Project, type SavepointRecord } from '@sluice/deploy';

const Click = schema({ user_id: t.string(), page: t.string(), ts: t.timestampLtz(3) });
const clicks = kafka.source('clicks', Click, { topic: 'demo.clicks', properties: { 'group.id': 'g.clicks' }, eventTime: { column: 'ts', watermark: '2 s' } });
const perUser = signal('per_user').from(clicks).groupBy('user_id').select(() => ({ n: count() })).to(upsertKafka.sink('demo.per-user'));
const perPage = signal('per_page').from(clicks).window(tumble('ts', '1 min')).groupBy('page').select(() => ({ n: count() })).to(kafka.sink('demo.per-page'));

function project(overrides: Record<string, unknown> = {}): Project {
  const config = resolveConfig({ project: 'demo', signals: 'signals', kafka: { brokers: 'b:9092', topicDefaults: { partitions: 2 } }, ...overrides }, { configFile: join(tmpdir(), 'sluice.yaml'), env: {} });
  return { config, signals: [perPage, perUser], modules: {} };
}

describe('compileProject', () => {
  it('compiles one script per signal, named sluice.<project>.<signal>, versioned by its SQL hash', () => {
    const [page, user] = compileProject(project());
    expect(user?.jobName).toBe('sluice.demo.per_user');
    expect(page?.jobName).toBe('sluice.demo.per_page');
    expect(user?.sql).toContain("SET 'pipeline.name' = 'sluice.demo.per_user'");
    expect(user?.sql).not.toContain('per_page');
    expect(user?.version).toBe(versionOf(user?.sql ?? ''));
    expect(user?.version).toMatch(/^[0-9a-f]{12}$/);
    expect(user?.outputTopic).toEqual({ name: 'demo.per-user', keyFields: ['user_id'], upsert: true, fields: perUser.fields });
    expect(user?.sourceGroups).toEqual([{ topic: 'demo.clicks', groupId: 'g.clicks' }]);
    expect(user?.sql).toContain("'properties.bootstrap.servers' = 'b:9092'");
  });

  it('the same signals give the same versions; a different SQL a different one', () => {
    expect(compileProject(project()).map((c) => c.version)).toEqual(compileProject(project()).map((c) => c.version));
    const other = compileProject(project({ kafka: { flinkBrokers: 'kafka:29092' } }));
    expect(other[1]?.version).not.toBe(compileProject(project())[1]?.version);
    expect(other[1]?.sql).toContain("'properties.bootstrap.servers' = 'kafka:29092'");
  });

  it('desired topics carry the project defaults; upsert topics are compacted', () => {
    expect(desiredTopics(project(), compileProject(project()))).toEqual([
      { name: 'demo.clicks', partitions: 2, replicationFactor: 1 },
      { name: 'demo.per-page', partitions: 2, replicationFactor: 1 },
      { name: 'demo.per-user', partitions: 2, replicationFactor: 1, configs: { 'cleanup.policy': 'compact' } },
    ]);
  });

  it('an unknown signal is DEPLOY_UNKNOWN_SIGNAL with the known names', () => {
    expect(() => selectSignals(project(), ['nope'])).toThrow(expect.objectContaining({ code: 'DEPLOY_UNKNOWN_SIGNAL', suggestion: expect.stringContaining('per_page, per_user') }));
  });
});

describe('sqlDiff', () => {
  it('is a unified diff naming the signal and both versions', () => {
    const diff = sqlDiff('per_user', 'SELECT a\nFROM t\nWHERE a > 1;\n', 'SELECT a\nFROM t\nWHERE a > 2;\n', 'aaa', 'bbb');
    expect(diff.split('\n')).toEqual(['--- per_user@aaa', '+++ per_user@bbb', '@@ -1,3 +1,3 @@', ' SELECT a', ' FROM t', '-WHERE a > 1;', '+WHERE a > 2;']);
  });
});

describe('StateStore and rollback selection', () => {
  const sp = (version: string, path: string, reason: SavepointRecord['reason'] = 'upgrade', signal = 's'): SavepointRecord => ({ project: 'p', environment: 'dev', signal, version, jobId: 'j', path, time: '2026-01-01T00:00:00Z', reason });

  it('records savepoints and deployments in a git-ignored directory', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'sluice-state-')), '.sluice');
    const store = new StateStore(dir);
    expect(store.savepoints()).toEqual([]);
    store.addSavepoint(sp('v1', '/sp/1'));
    store.recordDeployment('dev', { signal: 's', jobName: 'sluice.p.s', jobId: 'j2', version: 'v2', via: 'gateway', deployedAt: 'now' }, 'SELECT 2');
    expect(store.savepoints()).toEqual([sp('v1', '/sp/1')]);
    expect(store.deployment('dev', 's')?.jobId).toBe('j2');
    expect(store.deployment('prod', 's')).toBeUndefined();
    expect(store.sqlOf('v2')).toBe('SELECT 2');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toBe('*\n');
    store.forgetDeployment('dev', 's');
    expect(store.deployment('dev', 's')).toBeUndefined();
    expect(store.sqlOf('v2')).toBe('SELECT 2');
  });

  it('rollback picks the newest earlier version with known SQL, ignoring manual savepoints and other signals', () => {
    const entries = [sp('v1', '/1'), sp('v2', '/2'), sp('v3', '/3', 'manual'), sp('v9', '/9', 'upgrade', 'other')];
    const known = (v: string): boolean => v !== 'v0';
    expect(findPrevious(entries, 'p', 'dev', 's', 'v3', known)?.path).toBe('/2');
    expect(findPrevious(entries, 'p', 'dev', 's', 'v2', known)?.path).toBe('/1');
    expect(findPrevious(entries, 'p', 'dev', 's', 'v1', (v) => v !== 'v2')).toBeUndefined();
    expect(findPrevious(entries, 'p', 'prod', 's', 'v3', known)).toBeUndefined();
  });
});
