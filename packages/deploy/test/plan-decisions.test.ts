import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, kafka, schema, signal, t, upsertKafka } from '@sluice/dsl';
import type { FlinkRestClient, JobOverview } from '@sluice/flink-client';
import type { SluiceKafka, TopicPlan } from '@sluice/kafka';
import { compileProject, plan, resolveConfig, StateStore, type DeployContext, type Project } from '@sluice/deploy';

const Click = schema({ user_id: t.string(), page: t.string() });
const clicks = kafka.source('clicks', Click, { topic: 'p.clicks' });
const perUser = signal('per_user').from(clicks).groupBy('user_id').select(() => ({ n: count() })).to(upsertKafka.sink('p.per-user'));
const pages = signal('pages').from(clicks).where((r) => r.page.isNotNull()).to(kafka.sink('p.pages'));

function job(name: string, jid: string, state: JobOverview['state'] = 'RUNNING', start = 1): JobOverview {
  return { jid, name, state, 'start-time': start, 'end-time': -1, duration: 0, 'last-modification': 0, tasks: {} as JobOverview['tasks'] };
}

/** A context whose cluster reports `jobs` and whose topics all exist (no network). */
function context(jobs: JobOverview[], secrets: Record<string, string> = {}): DeployContext {
  const config = resolveConfig({ project: 'p', signals: 'signals', ...(secrets.brokers === undefined ? {} : { kafka: { brokers: 'env:B' } }) }, { configFile: join(mkdtempSync(join(tmpdir(), 'sluice-plan-')), 'sluice.yaml'), env: { B: secrets.brokers ?? '' } });
  const project: Project = { config, signals: [pages, perUser], modules: {} };
  const topicPlan: TopicPlan = { changes: [], empty: true, refused: [] };
  const flink = { getJobsOverview: async () => ({ jobs }) } as unknown as FlinkRestClient;
  const kafkaClient = { topics: { plan: async () => topicPlan } } as unknown as SluiceKafka;
  return { project, flink, gateway: undefined as never, store: new StateStore(config.stateDir), kafka: () => kafkaClient, close: async () => undefined };
}

describe('plan decisions (cluster and state faked)', () => {
  it('new signals are created; a foreign or ended job with another name changes nothing', async () => {
    const ctx = context([job('sluice.p.per_user', 'old', 'CANCELED'), job('sluice.q.per_user', 'other')]);
    const p = await plan(ctx);
    expect(p.jobs.map((j) => [j.action, j.signal])).toEqual([
      ['create', 'pages'],
      ['create', 'per_user'],
    ]);
    expect(p.hasChanges).toBe(true);
  });

  it('a running job deployed from here with the same SQL is unchanged; nothing to do', async () => {
    const ctx = context([job('sluice.p.pages', 'j1'), job('sluice.p.per_user', 'j2')]);
    for (const c of compileProject(ctx.project)) ctx.store.recordDeployment('dev', { signal: c.signal, jobName: c.jobName, jobId: c.signal === 'pages' ? 'j1' : 'j2', version: c.version, via: 'gateway', deployedAt: 'now' }, c.sql);
    const p = await plan(ctx);
    expect(p.jobs.map((j) => j.action)).toEqual(['unchanged', 'unchanged']);
    expect(p.hasChanges).toBe(false);
  });

  it('changed SQL is an upgrade with a diff; a job of unknown origin is an upgrade from version unknown', async () => {
    const ctx = context([job('sluice.p.pages', 'j1'), job('sluice.p.per_user', 'j2')]);
    const [c] = compileProject(ctx.project, ['pages']);
    const older = (c?.sql ?? '').replace('WHERE `page` IS NOT NULL', 'WHERE `page` IS NULL');
    ctx.store.recordDeployment('dev', { signal: 'pages', jobName: 'sluice.p.pages', jobId: 'j1', version: 'aaaaaaaaaaaa', via: 'gateway', deployedAt: 'now' }, older);
    const p = await plan(ctx);
    const [pagesChange, perUserChange] = p.jobs;
    expect(pagesChange).toEqual(expect.objectContaining({ action: 'upgrade', jobId: 'j1', currentVersion: 'aaaaaaaaaaaa', desiredVersion: c?.version }));
    expect(pagesChange?.diff).toContain('-WHERE `page` IS NULL;\n+WHERE `page` IS NOT NULL;');
    expect(perUserChange).toEqual(expect.objectContaining({ action: 'upgrade', jobId: 'j2', currentVersion: 'unknown' }));
  });

  it('a running job of the project whose signal is gone is removed (only when planning all signals)', async () => {
    const ctx = context([job('sluice.p.gone', 'j9')]);
    expect((await plan(ctx)).jobs.map((j) => [j.action, j.signal])).toEqual([
      ['create', 'pages'],
      ['create', 'per_user'],
      ['remove', 'gone'],
    ]);
    expect((await plan(ctx, { signals: ['pages'] })).jobs.map((j) => [j.action, j.signal])).toEqual([['create', 'pages']]);
  });

  it('the newest live job wins when a name repeats', async () => {
    const ctx = context([job('sluice.p.pages', 'older', 'RUNNING', 1), job('sluice.p.pages', 'newer', 'RUNNING', 2)]);
    expect((await plan(ctx, { signals: ['pages'] })).jobs[0]?.jobId).toBe('newer');
  });

  it('diffs mask secrets resolved from the config', async () => {
    const ctx = context([job('sluice.p.pages', 'j1')], { brokers: 'secret-host:9092' });
    const p = await plan(ctx, { signals: ['pages'] });
    expect(p.jobs[0]?.diff).toContain("'properties.bootstrap.servers' = '***'");
    expect(p.jobs[0]?.diff).not.toContain('secret-host');
  });
});
