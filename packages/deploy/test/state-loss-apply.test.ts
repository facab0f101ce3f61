import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, kafka, schema, signal, t, upsertKafka } from '@sluice/dsl';
import type { FlinkRestClient } from '@sluice/flink-client';
import type { SluiceKafka } from '@sluice/kafka';
import { isSluiceError } from '@sluice/errors';
import { apply, compileProject, resolveConfig, StateStore, type DeployContext, type DeployPlan, type Project, type StateCompatibility } from '@sluice/deploy';

// apply's side of the state check, without a cluster: an upgrade whose check is `incompatible` is
// refused before any call that changes something (no topic applied, no savepoint, no submit).

const Click = schema({ user_id: t.string(), page: t.string() });
const clicks = kafka.source('clicks', Click, { topic: 'sl.clicks' });
const perUser = signal('per_user').from(clicks).groupBy('user_id').select(() => ({ n: count() })).to(upsertKafka.sink('sl.per-user'));

const unclaimed: StateCompatibility = {
  verdict: 'incompatible',
  operator: 'GroupAggregate',
  reason: 'GroupAggregate: no operator of the new job has its operator id (the job graph changed at or before it)',
  operators: [
    { operator: 'Source: clicks', outcome: 'restores' },
    { operator: 'GroupAggregate', outcome: 'unclaimed' },
  ],
};
const changed: StateCompatibility = { ...unclaimed, reason: 'GroupAggregate: its key changes from (VARCHAR(2147483647)) to (BIGINT)', operators: [{ operator: 'GroupAggregate', outcome: 'changed' }] };

function setup(check: StateCompatibility): { ctx: DeployContext; deployPlan: DeployPlan; calls: string[] } {
  const config = resolveConfig({ project: 'sl', signals: 'signals' }, { configFile: join(mkdtempSync(join(tmpdir(), 'sluice-sl-')), 'sluice.yaml'), env: {} });
  const project: Project = { config, signals: [perUser], modules: {} };
  const calls: string[] = [];
  const flink = new Proxy({}, { get: (_t, name: string) => async () => { calls.push(`flink.${name}`); return { jobs: [] }; } }) as unknown as FlinkRestClient;
  const kafkaClient = { topics: { apply: async () => { calls.push('topics.apply'); return { created: [], updated: [], unchanged: [] }; } } } as unknown as SluiceKafka;
  const ctx: DeployContext = { project, flink, gateway: undefined as never, store: new StateStore(config.stateDir), kafka: () => kafkaClient, close: async () => undefined };
  const compiled = compileProject(project);
  const deployPlan: DeployPlan = {
    project: 'sl',
    environment: 'dev',
    topics: { changes: [{ action: 'create', topic: 'sl.per-user' }] as unknown as DeployPlan['topics']['changes'], empty: false, refused: [] },
    schemas: [],
    jobs: [{ action: 'upgrade', signal: 'per_user', jobName: 'sluice.sl.per_user', jobId: 'j1', currentVersion: 'aaa', desiredVersion: compiled[0]?.version ?? '', stateCheck: check, reason: 'the SQL changed' }],
    hasChanges: true,
    compiled,
  };
  return { ctx, deployPlan, calls };
}

describe('apply and the state check', () => {
  it('refuses an incompatible upgrade with DEPLOY_STATE_INCOMPATIBLE naming the operator, before touching topics or jobs', async () => {
    const { ctx, deployPlan, calls } = setup(changed);
    const error = await apply(ctx, deployPlan).catch((e: unknown) => e);
    expect(isSluiceError(error, 'DEPLOY_STATE_INCOMPATIBLE')).toBe(true);
    if (!isSluiceError(error)) throw error;
    expect(error.message).toBe('per_user: the state of operator GroupAggregate would not restore into the new version: GroupAggregate: its key changes from (VARCHAR(2147483647)) to (BIGINT). Nothing was changed; the running job keeps running');
    expect(error.suggestion).toContain('--allow-state-loss');
    expect(error.category).toBe('conflict');
    expect(calls).toEqual([]);
  });

  it('with allowNonRestoredState, state whose types change is still refused; only unclaimed state lets it through', async () => {
    const typed = setup(changed);
    expect(isSluiceError(await apply(typed.ctx, typed.deployPlan, { allowNonRestoredState: true }).catch((e: unknown) => e), 'DEPLOY_STATE_INCOMPATIBLE')).toBe(true);
    expect(typed.calls).toEqual([]);
    const dropped = setup(unclaimed);
    // it goes ahead: the first thing apply does is apply the topics (the fake cluster then has no job, so the plan is stale)
    const error = await apply(dropped.ctx, dropped.deployPlan, { allowNonRestoredState: true }).catch((e: unknown) => e);
    expect(dropped.calls[0]).toBe('topics.apply');
    expect(isSluiceError(error, 'DEPLOY_PLAN_STALE')).toBe(true);
  });
});
