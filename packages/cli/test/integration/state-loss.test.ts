import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { testStackEndpoints } from '@sluice/stack';
import { FlinkRestClient } from '@sluice/flink-client';
import { demoProject, sluice } from './cli-harness';

// Issue 18 item 2, must-show 3: `sluice apply` (deploy's alias) refuses an upgrade whose state would
// not restore (an aggregate added to clicks_per_user's GroupAggregate changes its accumulators): exit 1
// naming the operator, and the old job keeps running; with --allow-state-loss it replaces the job,
// which starts without state.

jest.setTimeout(300_000);

interface JsonPlan {
  jobs: { action: string; signal: string; jobId?: string; stateCheck?: { verdict: string; operator?: string; reason: string } }[];
}
interface JsonDeploy {
  result: { jobs: { signal: string; action: string; jobId?: string; previousJobId?: string; savepoint?: string; startedFresh?: boolean }[] };
}

describe('sluice apply and the state check', () => {
  const endpoints = testStackEndpoints();
  const demo = demoProject(randomBytes(4).toString('hex'), endpoints);
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  const file = join(demo.dir, 'signals', 'clicks-per-user.ts');

  afterAll(async () => {
    const { jobs } = await flink.getJobsOverview();
    for (const job of jobs.filter((j) => j.name.startsWith(`sluice.${demo.project}.`) && !['CANCELED', 'FINISHED', 'FAILED'].includes(j.state))) {
      await flink.cancelJob(job.jid).catch(() => undefined);
    }
    rmSync(demo.dir, { recursive: true, force: true });
  });

  const stateOf = async (jobId: string): Promise<string | undefined> => (await flink.getJobsOverview()).jobs.find((j) => j.jid === jobId)?.state;

  it('refuses an incompatible upgrade (exit 1, DEPLOY_STATE_INCOMPATIBLE, the operator named, old job running); --allow-state-loss replaces it', async () => {
    const first = await sluice(['apply', 'clicks_per_user', '--json'], demo.dir);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    const v1Job = (JSON.parse(first.stdout) as JsonDeploy).result.jobs[0]?.jobId ?? '';
    expect(await stateOf(v1Job)).toBe('RUNNING');

    writeFileSync(file, readFileSync(file, 'utf8').replace("import { count,", "import { count, max,").replace('.select(() => ({ clicks: count() }))', '.select((r) => ({ clicks: count(), last_page: max(r.page) }))'));
    const planned = await sluice(['plan', 'clicks_per_user', '--json'], demo.dir);
    expect(planned.code).toBe(3);
    const check = (JSON.parse(planned.stdout) as JsonPlan).jobs.find((j) => j.signal === 'clicks_per_user')?.stateCheck;
    expect(check).toMatchObject({ verdict: 'incompatible', operator: 'GroupAggregate' });
    expect(check?.reason).toMatch(/^GroupAggregate: its state changes from \$COUNT\$1\(\): BIGINT NOT NULL to \$COUNT\$1\(\): BIGINT NOT NULL; \$MAX\$1\(VARCHAR\(2147483647\)\): VARCHAR\(2147483647\)/);
    const text = await sluice(['plan', 'clicks_per_user'], demo.dir);
    expect(text.stdout).toContain('state: incompatible at GroupAggregate: GroupAggregate: its state changes');

    const refused = await sluice(['apply', 'clicks_per_user'], demo.dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('DEPLOY_STATE_INCOMPATIBLE');
    expect(refused.stderr).toContain('the state of operator GroupAggregate would not restore');
    expect(refused.stderr).toContain('--allow-state-loss');
    // nothing was stopped
    expect(await stateOf(v1Job)).toBe('RUNNING');
    expect((await flink.getJobsOverview()).jobs.filter((j) => j.name === `sluice.${demo.project}.clicks_per_user` && j.state === 'RUNNING').map((j) => j.jid)).toEqual([v1Job]);

    const lossy = await sluice(['apply', 'clicks_per_user', '--allow-state-loss', '--json'], demo.dir);
    expect({ code: lossy.code, stderr: lossy.stderr }).toEqual({ code: 0, stderr: '' });
    const upgraded = (JSON.parse(lossy.stdout) as JsonDeploy).result.jobs.find((j) => j.signal === 'clicks_per_user');
    expect(upgraded).toMatchObject({ action: 'upgrade', previousJobId: v1Job, startedFresh: true });
    expect(upgraded?.savepoint).toMatch(/savepoint/);
    expect(await stateOf(upgraded?.jobId ?? '')).toBe('RUNNING');
    expect(await stateOf(v1Job)).not.toBe('RUNNING');
    // the new job did not start from the savepoint
    const stats = (await flink.getCheckpointingStatistics(upgraded?.jobId ?? '')) as { latest?: { restored?: unknown } };
    expect(stats.latest?.restored ?? null).toBeNull();
  });
});
