import { existsSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { testStackEndpoints } from '@sluice/stack';
import { FlinkRestClient } from '@sluice/flink-client';
import { createKafkaClient, type SluiceKafka } from '@sluice/kafka';
import { schema, t } from '@sluice/dsl';
import { spawn } from 'node:child_process';
import { BIN, demoProject, sluice } from './cli-harness';

jest.setTimeout(240_000);

const Click = schema({ user_id: t.string(), page: t.string(), ts: t.timestampLtz(3) });
const Count = schema({ user_id: t.string().notNull(), clicks: t.bigint() });

interface JsonPlan {
  hasChanges: boolean;
  topics: { action: string; topic: string }[];
  jobs: { action: string; signal: string; jobId?: string; diff?: string; currentVersion?: string; desiredVersion?: string }[];
}
interface JsonDeploy {
  result: { jobs: { signal: string; action: string; jobId?: string; savepoint?: string; version?: string }[] };
}

describe('sluice CLI end to end on the real stack', () => {
  const endpoints = testStackEndpoints();
  const id = randomBytes(4).toString('hex');
  const demo = demoProject(id, endpoints);
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  let kafka: SluiceKafka;
  const firstIds: Record<string, string> = {};
  let v1 = '';

  beforeAll(() => {
    kafka = createKafkaClient({ brokers: endpoints.kafkaBrokers, clientId: `cli-it-${id}` });
  });

  afterAll(async () => {
    // Slots are shared: cancel every job of this project, whatever state the test left.
    const { jobs } = await flink.getJobsOverview();
    for (const job of jobs.filter((j) => j.name.startsWith(`sluice.${demo.project}.`) && !['CANCELED', 'FINISHED', 'FAILED'].includes(j.state))) {
      await flink.cancelJob(job.jid).catch(() => undefined);
    }
    await kafka.close();
    rmSync(demo.dir, { recursive: true, force: true });
  });

  async function produce(user: string, n: number, page = 'home'): Promise<void> {
    const producer = await kafka.producer({ topic: demo.topic('clicks'), schema: Click, key: ['user_id'] });
    await producer.send(Array.from({ length: n }, () => ({ user_id: user, page, ts: new Date() })));
    await producer.close();
  }

  /** Every count the job wrote for `user`, in order, once the last one equals `last`. */
  async function countsOf(user: string, last: number): Promise<number[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const stream = kafka.consume({ topic: demo.topic('clicks-per-user'), schema: Count, key: ['user_id'], changelog: 'upsert' }, { from: 'earliest' });
      const seen: number[] = [];
      const timer = setTimeout(() => void stream.close(), 4000);
      try {
        for await (const row of stream) {
          if (row.user_id === user && row.clicks !== null) seen.push(Number(row.clicks));
          if (seen[seen.length - 1] === last) break;
        }
      } finally {
        clearTimeout(timer);
        await stream.close();
      }
      if (seen[seen.length - 1] === last || Date.now() > deadline) return seen;
    }
  }

  it('validate: every signal is accepted by the planner (exit 0), with a JUnit report', async () => {
    const run = await sluice(['validate', '--junit', 'validate.xml'], demo.dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ok    clicks_per_user');
    expect(run.stdout).toContain('ok    pages_per_minute');
    const junit = readFileSync(join(demo.dir, 'validate.xml'), 'utf8');
    expect(junit).toContain('tests="2" failures="0"');
  });

  it('validate: a broken signal gives exit 1 and the root cause, mapped to the signal', async () => {
    const broken = join(demo.dir, 'signals', 'broken.ts');
    writeFileSync(
      broken,
      `import { kafka, rawSql, signal, t } from '@sluice/dsl';\nimport { clicks } from './clicks';\nexport const broken = signal('broken').from(clicks).select((r) => ({ user_id: r.user_id, who: rawSql(t.string(), '\`nam\`') })).to(kafka.sink('cli-demo-${id}.broken'));\n`,
    );
    try {
      const run = await sluice(['validate', '--json'], demo.dir);
      expect(run.code).toBe(1);
      const result = JSON.parse(run.stdout) as { ok: boolean; signals: { signal: string; ok: boolean; error?: { message: string } }[] };
      expect(result.ok).toBe(false);
      expect(result.signals.filter((s) => s.ok).map((s) => s.signal)).toEqual(['clicks_per_user', 'pages_per_minute']);
      const bad = result.signals.find((s) => s.signal === 'broken');
      expect(bad?.error?.message).toMatch(/Column 'nam' not found/);
      const text = await sluice(['validate'], demo.dir);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/FAIL {2}broken: .*Column 'nam' not found/);
      // The offline planner (no cluster) gives the same verdicts and the same root cause.
      const offline = await sluice(['validate', '--offline', '--json'], demo.dir);
      expect(offline.code).toBe(1);
      const off = JSON.parse(offline.stdout) as typeof result & { via: string };
      expect(off.via).toBe('offline');
      expect(off.signals.map((s) => [s.signal, s.ok])).toEqual(result.signals.map((s) => [s.signal, s.ok]));
      expect(off.signals.find((s) => s.signal === 'broken')?.error?.message).toBe(bad?.error?.message);
    } finally {
      unlinkSync(broken);
    }
  });

  it('plan: topics and jobs to create, exit 3', async () => {
    const run = await sluice(['plan', '--json'], demo.dir);
    expect(run.code).toBe(3);
    const plan = JSON.parse(run.stdout) as JsonPlan;
    expect(plan.hasChanges).toBe(true);
    expect(plan.topics.map((c) => [c.action, c.topic]).sort()).toEqual([
      ['create', demo.topic('clicks')],
      ['create', demo.topic('clicks-per-user')],
      ['create', demo.topic('pages-per-minute')],
    ]);
    expect(plan.jobs.map((j) => [j.action, j.signal])).toEqual([
      ['create', 'clicks_per_user'],
      ['create', 'pages_per_minute'],
    ]);
  });

  it('deploy: topics created, both jobs RUNNING under their stable names', async () => {
    const run = await sluice(['deploy', '--json'], demo.dir);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as JsonDeploy;
    for (const job of out.result.jobs) {
      expect(job.action).toBe('create');
      const details = await flink.getJobDetails(job.jobId ?? '');
      expect(details.state).toBe('RUNNING');
      expect(details.name).toBe(`sluice.${demo.project}.${job.signal}`);
      firstIds[job.signal] = job.jobId ?? '';
    }
    expect(Object.keys(firstIds).sort()).toEqual(['clicks_per_user', 'pages_per_minute']);
    v1 = out.result.jobs.find((j) => j.signal === 'clicks_per_user')?.version ?? '';
    expect(v1).toMatch(/^[0-9a-f]{12}$/);
  });

  it('deploy again: nothing changes, the job ids stay, plan exits 0', async () => {
    const run = await sluice(['deploy', '--json'], demo.dir);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as JsonDeploy;
    expect(out.result.jobs.map((j) => [j.signal, j.action, j.jobId])).toEqual([
      ['clicks_per_user', 'unchanged', firstIds.clicks_per_user],
      ['pages_per_minute', 'unchanged', firstIds.pages_per_minute],
    ]);
    const { jobs } = await flink.getJobsOverview();
    expect(jobs.filter((j) => j.name === `sluice.${demo.project}.clicks_per_user` && j.state === 'RUNNING')).toHaveLength(1);
    expect((await sluice(['plan'], demo.dir)).code).toBe(0);
  });

  it('upgrade: a changed stateful signal resumes from a savepoint and its count continues (3 -> 4, 5)', async () => {
    await produce('u1', 3);
    expect(await countsOf('u1', 3)).toEqual([1, 2, 3]);
    // A compatible change: only the filter of the Calc before the aggregate differs, so operator
    // state (the counts, the source offsets) maps onto the new job without allowNonRestoredState.
    const file = join(demo.dir, 'signals', 'clicks-per-user.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace('.where((r) => r.page.isNotNull())', ".where((r) => r.page.ne('ignored'))"));
    const planned = await sluice(['plan', '--json'], demo.dir);
    expect(planned.code).toBe(3);
    const plan = JSON.parse(planned.stdout) as JsonPlan;
    const change = plan.jobs.find((j) => j.signal === 'clicks_per_user');
    expect(change?.action).toBe('upgrade');
    expect(change?.currentVersion).toBe(v1);
    expect(change?.diff).toContain("-WHERE `page` IS NOT NULL");
    expect(change?.diff).toContain("+WHERE `page` <> 'ignored'");
    expect(plan.jobs.find((j) => j.signal === 'pages_per_minute')?.action).toBe('unchanged');

    const run = await sluice(['deploy', '--json'], demo.dir);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const upgraded = (JSON.parse(run.stdout) as JsonDeploy).result.jobs.find((j) => j.signal === 'clicks_per_user');
    expect(upgraded?.action).toBe('upgrade');
    expect(upgraded?.jobId).not.toBe(firstIds.clicks_per_user);
    expect(upgraded?.savepoint).toMatch(/savepoint/);
    expect((await flink.getJobDetails(firstIds.clicks_per_user ?? '')).state).toBe('FINISHED');
    // Flink restored the new job from that savepoint.
    const stats = (await flink.getCheckpointingStatistics(upgraded?.jobId ?? '')) as { latest?: { restored?: { external_path?: string } } };
    expect(upgraded?.savepoint).toContain(stats.latest?.restored?.external_path ?? 'not restored');

    await produce('u1', 2);
    // Restarting at 0 would write 1, 2, 3, 4, 5 again after the first three.
    expect(await countsOf('u1', 5)).toEqual([1, 2, 3, 4, 5]);
    const catalog = JSON.parse(readFileSync(join(demo.dir, '.sluice', 'savepoints.json'), 'utf8')) as { signal: string; version: string; path: string; reason: string; jobId: string }[];
    expect(catalog).toEqual([expect.objectContaining({ signal: 'clicks_per_user', version: v1, path: upgraded?.savepoint, reason: 'upgrade', jobId: firstIds.clicks_per_user })]);
    expect(readFileSync(join(demo.dir, '.sluice', '.gitignore'), 'utf8')).toBe('*\n');
  });

  it('status --json: per-signal state, uptime, restarts, checkpoint, watermark lag, backpressure, source lag', async () => {
    type Status = { signal: string; state: string; jobId: string; uptimeMs: number; restarts: number | null; lastCheckpoint: { id: number } | null; watermarkLagMs: number | null; backpressure: string | null; sourceLag: { topic: string; lag: number | null }[]; version: { upToDate: boolean } };
    let rows: Status[] = [];
    const deadline = Date.now() + 60_000;
    // Checkpoints (every 5 s), watermarks and committed offsets appear shortly after the job starts.
    do {
      const run = await sluice(['status', '--json', 'clicks_per_user'], demo.dir);
      expect(run.code).toBe(0);
      rows = JSON.parse(run.stdout) as Status[];
      // Offsets are committed after a checkpoint completes: lag 0 once all five clicks are checkpointed.
      if (rows[0]?.lastCheckpoint !== null && rows[0]?.watermarkLagMs !== null && rows[0]?.sourceLag[0]?.lag === 0) break;
      await new Promise((r) => setTimeout(r, 2000));
    } while (Date.now() < deadline);
    const s = rows[0] as Status;
    expect(s).toEqual(
      expect.objectContaining({ signal: 'clicks_per_user', state: 'RUNNING', restarts: 0, version: expect.objectContaining({ upToDate: true }) }),
    );
    expect(s.uptimeMs).toBeGreaterThanOrEqual(0);
    expect(s.lastCheckpoint?.id).toBeGreaterThanOrEqual(1);
    expect(typeof s.watermarkLagMs).toBe('number');
    expect('backpressure' in s).toBe(true);
    expect([null, 'ok', 'low', 'high']).toContain(s.backpressure);
    expect(s.sourceLag).toEqual([{ topic: demo.topic('clicks'), groupId: `sluice.${demo.project}.clicks`, lag: 0 }]);
  });

  it('status --watch prints until interrupted (SIGINT), then exits with the last status', async () => {
    const child = spawn(process.execPath, [BIN, 'status', '--watch', '--json', 'clicks_per_user'], { cwd: demo.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let interrupted = false;
    const code = await new Promise<number | null>((done) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        // Two refreshes, then Ctrl-C.
        if (!interrupted && stdout.split('\n').filter((l) => l.startsWith('[{')).length >= 2) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      child.on('close', done);
    });
    expect(code).toBe(0);
    const refreshes = stdout.split('\n').filter((l) => l.startsWith('[{')).map((l) => JSON.parse(l) as { state: string }[]);
    expect(refreshes.length).toBeGreaterThanOrEqual(2);
    for (const r of refreshes) expect(r[0]?.state).toBe('RUNNING');
  });

  it('savepoint and tail: a manual savepoint is recorded; tail gives typed rows of the output topic', async () => {
    const run = await sluice(['savepoint', 'clicks_per_user', '--json'], demo.dir);
    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout) as { path: string; reason: string; signal: string };
    expect(record).toEqual(expect.objectContaining({ signal: 'clicks_per_user', reason: 'manual' }));
    const catalog = JSON.parse(readFileSync(join(demo.dir, '.sluice', 'savepoints.json'), 'utf8')) as { path: string }[];
    expect(catalog.map((c) => c.path)).toContain(record.path);

    const tail = await sluice(['tail', 'clicks_per_user', '--from', 'earliest', '--limit', '5', '--json'], demo.dir);
    expect(tail.code).toBe(0);
    const rows = JSON.parse(tail.stdout) as { user_id: string; clicks: string }[];
    // BIGINT arrives as bigint and is printed as a string: exact, whatever its size.
    expect(rows).toEqual([1, 2, 3, 4, 5].map((n) => ({ user_id: 'u1', clicks: String(n) })));
    const table = await sluice(['tail', 'clicks_per_user', '--from', 'earliest', '--limit', '2'], demo.dir);
    expect(table.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^user_id\s+clicks$/), expect.stringMatching(/^u1\s+1$/), expect.stringMatching(/^u1\s+2$/)]);
  });

  it('a signal removed from the project is planned as remove and stopped with a recorded savepoint', async () => {
    const file = join(demo.dir, 'signals', 'pages-per-minute.ts');
    const text = readFileSync(file, 'utf8');
    unlinkSync(file);
    try {
      const planned = await sluice(['plan', '--json'], demo.dir);
      expect(planned.code).toBe(3);
      const plan = JSON.parse(planned.stdout) as JsonPlan;
      expect(plan.jobs.map((j) => [j.action, j.signal])).toEqual([
        ['unchanged', 'clicks_per_user'],
        ['remove', 'pages_per_minute'],
      ]);
      const run = await sluice(['deploy', '--json'], demo.dir);
      expect(run.code).toBe(0);
      const removed = (JSON.parse(run.stdout) as JsonDeploy).result.jobs.find((j) => j.signal === 'pages_per_minute');
      expect(removed?.action).toBe('remove');
      expect((await flink.getJobDetails(firstIds.pages_per_minute ?? '')).state).toBe('FINISHED');
      const catalog = JSON.parse(readFileSync(join(demo.dir, '.sluice', 'savepoints.json'), 'utf8')) as { signal: string; reason: string; path: string }[];
      expect(catalog).toContainEqual(expect.objectContaining({ signal: 'pages_per_minute', reason: 'remove', path: removed?.savepoint }));
    } finally {
      writeFileSync(file, text);
    }
  });

  it('rollback: the previous version takes over the running state (compatible), and the count continues with nothing counted twice', async () => {
    const run = await sluice(['rollback', 'clicks_per_user', '--json'], demo.dir);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const r = JSON.parse(run.stdout) as { from: { savepoint: string }; to: { version: string; jobId: string; savepoint: string }; restoredFrom: string; stateCheck: { verdict: string } };
    expect(r.to.version).toBe(v1);
    expect({ restoredFrom: r.restoredFrom, verdict: r.stateCheck.verdict, sameSavepoint: r.to.savepoint === r.from.savepoint }).toEqual({ restoredFrom: 'savepoint-just-taken', verdict: 'compatible', sameSavepoint: true });
    const listed = JSON.parse((await sluice(['list', '--json'], demo.dir)).stdout) as { signal: string; state: string; runningVersion: string; jobId: string }[];
    expect(listed.find((l) => l.signal === 'clicks_per_user')).toEqual(expect.objectContaining({ state: 'RUNNING', runningVersion: v1, jobId: r.to.jobId }));
    await produce('u1', 1);
    // v1 continues from v2's savepoint (count 5, offsets after the fifth click): the new click is the sixth.
    // (With --replay it would start from its own savepoint at count 3 and count clicks 4 and 5 again.)
    expect(await countsOf('u1', 6)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('cancel: the job ends, list shows it not deployed, a second cancel finds nothing (exit 1)', async () => {
    for (const signal of ['clicks_per_user']) {
      const run = await sluice(['cancel', signal], demo.dir);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`${signal}: job [0-9a-f]{32} CANCELED`));
    }
    const listed = JSON.parse((await sluice(['list', '--json'], demo.dir)).stdout) as { state: string }[];
    expect(listed.map((l) => l.state)).toEqual(['NOT_DEPLOYED', 'NOT_DEPLOYED']);
    const again = await sluice(['cancel', 'clicks_per_user'], demo.dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('has no running job');
  });

  it('deploy --via jar: the sql-runner path starts the same named job, found again by name', async () => {
    const run = await sluice(['deploy', 'pages_per_minute', '--via', 'jar', '--json'], demo.dir);
    expect(run.code).toBe(0);
    const job = (JSON.parse(run.stdout) as JsonDeploy).result.jobs[0];
    expect(job?.action).toBe('create');
    const details = await flink.getJobDetails(job?.jobId ?? '');
    expect(details.name).toBe(`sluice.${demo.project}.pages_per_minute`);
    expect(details.state).toBe('RUNNING');
    const again = JSON.parse((await sluice(['deploy', 'pages_per_minute', '--json'], demo.dir)).stdout) as JsonDeploy;
    expect(again.result.jobs.map((j) => [j.action, j.jobId])).toEqual([['unchanged', job?.jobId]]);
    expect((await sluice(['cancel', 'pages_per_minute'], demo.dir)).code).toBe(0);
  });

  it('an incompatible upgrade is refused before anything stops (the state check); with --allow-non-restored-state it restores what is claimed and drops the rest', async () => {
    const first = await sluice(['deploy', 'pages_per_minute', '--json'], demo.dir);
    expect(first.code).toBe(0);
    const oldJob = (JSON.parse(first.stdout) as JsonDeploy).result.jobs[0]?.jobId ?? '';
    const file = join(demo.dir, 'signals', 'pages-per-minute.ts');
    const text = readFileSync(file, 'utf8');
    // The windowed aggregate becomes a stateless projection: the window state has no operator any more.
    writeFileSync(file, `import { kafka, signal } from '@sluice/dsl';\nimport { clicks } from './clicks';\nexport const pagesPerMinute = signal('pages_per_minute').from(clicks).select((r) => ({ page: r.page })).to(kafka.sink('${demo.topic('pages-per-minute')}'), { parallelism: 1 });\n`);
    try {
      const failed = await sluice(['deploy', 'pages_per_minute'], demo.dir);
      expect(failed.code).toBe(1);
      const line = failed.stderr.trim().split('\n').pop() ?? '';
      expect(line).toMatch(/^error DEPLOY_STATE_INCOMPATIBLE: pages_per_minute: the state of operator GlobalWindowAggregate would not restore into the new version: GlobalWindowAggregate: no operator of the new job has its operator id/);
      expect(line).toContain('--allow-state-loss');
      // nothing was stopped: the old job still runs
      const { jobs } = await flink.getJobsOverview();
      expect(jobs.filter((j) => j.name === `sluice.${demo.project}.pages_per_minute` && j.state === 'RUNNING').map((j) => j.jid)).toEqual([oldJob]);

      // only unclaimed state is lost: Flink may drop it when asked, so the upgrade goes ahead from the savepoint
      const run = await sluice(['deploy', 'pages_per_minute', '--allow-non-restored-state', '--json'], demo.dir);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      const started = (JSON.parse(run.stdout) as JsonDeploy).result.jobs[0];
      expect(started?.action).toBe('upgrade');
      expect(started?.savepoint).toMatch(/savepoint/);
      const stats = (await flink.getCheckpointingStatistics(started?.jobId ?? '')) as { latest?: { restored?: { external_path?: string } } };
      expect(started?.savepoint).toContain(stats.latest?.restored?.external_path ?? 'not restored');
      expect((await sluice(['cancel', 'pages_per_minute'], demo.dir)).code).toBe(0);
    } finally {
      writeFileSync(file, text);
    }
  });

  it('with --no-state-check an incompatible upgrade fails with the savepoint kept; the next deploy resumes from it, dropping unclaimed state only with --allow-non-restored-state', async () => {
    expect((await sluice(['deploy', 'pages_per_minute'], demo.dir)).code).toBe(0);
    const file = join(demo.dir, 'signals', 'pages-per-minute.ts');
    const text = readFileSync(file, 'utf8');
    // The windowed aggregate becomes a stateless projection: the window state has no operator any more.
    writeFileSync(file, `import { kafka, signal } from '@sluice/dsl';\nimport { clicks } from './clicks';\nexport const pagesPerMinute = signal('pages_per_minute').from(clicks).select((r) => ({ page: r.page })).to(kafka.sink('${demo.topic('pages-per-minute')}'), { parallelism: 1 });\n`);
    try {
      const failed = await sluice(['deploy', 'pages_per_minute', '--no-state-check'], demo.dir);
      expect(failed.code).toBe(1);
      const line = failed.stderr.trim().split('\n').pop() ?? '';
      expect(line).toMatch(/^error DEPLOY_UPGRADE_FAILED: pages_per_minute: the new version did not start; the old job was stopped with savepoint \S+: /);
      expect(line).toContain('--allow-non-restored-state');
      const savepoint = /stopped with savepoint (\S+):/.exec(line)?.[1];
      const { jobs } = await flink.getJobsOverview();
      expect(jobs.filter((j) => j.name === `sluice.${demo.project}.pages_per_minute` && !['CANCELED', 'FINISHED', 'FAILED'].includes(j.state))).toEqual([]);

      const planned = JSON.parse((await sluice(['plan', 'pages_per_minute', '--json'], demo.dir)).stdout) as { jobs: { action: string; resumeFrom?: string }[] };
      expect(planned.jobs).toEqual([expect.objectContaining({ action: 'create', resumeFrom: savepoint })]);

      const run = await sluice(['deploy', 'pages_per_minute', '--allow-non-restored-state', '--json'], demo.dir);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      const started = (JSON.parse(run.stdout) as JsonDeploy).result.jobs[0];
      expect(started?.savepoint).toBe(savepoint);
      const stats = (await flink.getCheckpointingStatistics(started?.jobId ?? '')) as { latest?: { restored?: { external_path?: string } } };
      expect(savepoint).toContain(stats.latest?.restored?.external_path ?? 'not restored');
      expect((await sluice(['cancel', 'pages_per_minute'], demo.dir)).code).toBe(0);
    } finally {
      writeFileSync(file, text);
    }
  });

  it('bad input: unknown signal and an unreachable cluster give one line, a suggestion and exit 2', async () => {
    const unknown = await sluice(['sql', 'nope'], demo.dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error DEPLOY_UNKNOWN_SIGNAL: unknown signal 'nope' \(use one of: clicks_per_user, pages_per_minute/)]);
    const healthy = await sluice(['list'], demo.dir);
    expect(healthy.code).toBe(0);
    writeFileSync(join(demo.dir, 'unreachable.yaml'), `project: ${demo.project}\nsignals: [signals]\nflink:\n  restUrl: http://127.0.0.1:1\n`);
    const down = await sluice(['--config', 'unreachable.yaml', 'list'], demo.dir);
    expect(down.code).toBe(2);
    const lines = down.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error FLINK_UNAVAILABLE: cannot reach Flink .*\(is the cluster running\?/);
    const verbose = await sluice(['--config', 'unreachable.yaml', 'list', '--verbose'], demo.dir);
    expect(verbose.code).toBe(2);
    expect(verbose.stderr).toMatch(/\n\s+at /);
    expect(existsSync(join(demo.dir, 'unreachable.yaml'))).toBe(true);
  });
});
