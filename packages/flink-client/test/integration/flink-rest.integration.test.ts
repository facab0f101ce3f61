import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { testStackEndpoints } from '@sluice/stack';
import { FlinkRestClient } from '@sluice/flink-client';
import type { OperationProgress } from '@sluice/flink-client';
import { freePort, silentServer } from './unreachable-server';

const JAR = resolve(__dirname, '../../../../flink-jobs/smoke-job/target/sluice-smoke-job.jar');
const ENTRY = 'dev.sluice.jobs.smoke.SmokeJob';
const HEX32 = /^[0-9a-f]{32}$/;

async function poll<T>(what: string, fn: () => Promise<T | undefined>, tries = 120): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('FlinkRestClient on the real cluster', () => {
  const flink = new FlinkRestClient({ baseUrl: testStackEndpoints().flinkRestUrl, timeoutMs: 60_000 });
  const name = `flink-client-it-${randomBytes(4).toString('hex')}`;
  const started: string[] = [];
  let jarId = '';
  let jobId = '';
  let vertexId = '';
  let savepointLocation = '';

  afterAll(async () => {
    // Leave no job behind on the shared TaskManager, and no jar.
    for (const id of started) {
      const { status } = await flink.getJobStatusInfo(id);
      if (!['FINISHED', 'CANCELED', 'FAILED'].includes(status)) {
        await flink.cancelJob(id);
        await flink.waitForJobStatus(id, ['CANCELED', 'FINISHED', 'FAILED'] as const).catch(() => undefined);
      }
    }
    if (jarId !== '') await flink.deleteJar(jarId).catch(() => undefined);
  });

  test('cluster overview, dashboard config (version detection), JobManager config, task managers', async () => {
    const [overview, config, version, entries, tms] = await Promise.all([
      flink.getClusterOverview(), flink.getDashboardConfiguration(), flink.flinkVersion(), flink.getClusterConfigurationInfo(), flink.getTaskManagers(),
    ]);
    expect(overview.taskmanagers).toBeGreaterThanOrEqual(1);
    expect(overview['slots-total']).toBeGreaterThanOrEqual(overview['slots-available']);
    expect(version.text).toBe(config['flink-version']);
    expect(version.text).toBe(overview['flink-version']);
    expect(version.major).toBeGreaterThanOrEqual(1);
    expect(config.features['web-submit']).toBe(true);
    expect(entries.find((e) => e.key === 'rest.port')?.value).toBe(new URL(testStackEndpoints().flinkRestUrl).port);
    expect(tms.taskmanagers[0]?.slotsNumber).toBeGreaterThanOrEqual(1);
  });

  test('runJar: multipart upload, then run with programArgsList / entryClass / parallelism', async () => {
    expect(existsSync(JAR)).toBe(true);
    const run = await flink.runJar(JAR, { entryClass: ENTRY, parallelism: 1, programArgsList: ['--count', '1000000', '--sleep-ms', '20', '--name', name] });
    ({ jarId, jobId } = run);
    started.push(jobId);
    expect(jobId).toMatch(HEX32);
    expect(jarId).toMatch(/_sluice-smoke-job\.jar$/);
    expect((await flink.getJarList()).files.map((f) => f.id)).toContain(jarId);
    await flink.waitForJobStatus(jobId, ['RUNNING']);
    // A RUNNING job may still be deploying its tasks; savepoints need every task running.
    await poll('all tasks running', async () => ((await flink.getJobDetails(jobId)).vertices.every((v) => v.status === 'RUNNING') ? true : undefined));
  });

  test('job details, plan, exceptions, vertices, backpressure, watermarks, metrics', async () => {
    const details = await flink.getJobDetails(jobId);
    expect(details.name).toBe(name);
    expect(details.state).toBe('RUNNING');
    expect(details.vertices.every((v) => v.parallelism === 1)).toBe(true);
    vertexId = details.vertices[0]!.id;
    const plan = await flink.getJobPlan(jobId);
    expect(plan.plan.jid).toBe(jobId);
    expect(plan.plan.nodes.map((n) => n.id).sort()).toEqual(details.vertices.map((v) => v.id).sort());
    const exceptions = await flink.getJobExceptions(jobId, { maxExceptions: 5 });
    expect(exceptions.exceptionHistory.entries).toEqual([]);
    const vertex = await flink.getJobVertexDetails(jobId, vertexId);
    expect(vertex.id).toBe(vertexId);
    expect(vertex.subtasks).toHaveLength(1);
    const backpressure = await flink.getJobVertexBackPressure(jobId, vertexId);
    expect(['ok', 'deprecated']).toContain(backpressure.status);
    // Metrics come from a cache refreshed every few seconds: wait until the job's are listed.
    const names = await poll('job metric names', async () => {
      const list = await flink.getJobMetrics(jobId);
      return list.some((m) => m.id === 'uptime') ? list : undefined;
    });
    expect(names.every((m) => m.value === undefined)).toBe(true);
    const [uptime] = await flink.getJobMetrics(jobId, { get: ['uptime'] });
    expect(uptime?.id).toBe('uptime');
    expect(Number(uptime?.value)).toBeGreaterThan(0);
    // The smoke job is one chained vertex (sequence source -> map -> print): it has no input, so
    // no input watermark; the endpoint answers a bare empty array (not the spec's {metrics: []}).
    expect(await flink.getJobVertexWatermarks(jobId, vertexId)).toEqual([]);
    const aggregated = await flink.getAggregatedSubtaskMetrics(jobId, vertexId, { get: ['numRecordsOut'], agg: ['sum'] });
    expect(aggregated.every((m) => m.id === 'numRecordsOut' && typeof m.sum === 'number')).toBe(true);
  });

  test('savepoint: trigger with a client triggerId, await with progress, status; re-sending the triggerId does not trigger twice', async () => {
    const progress: OperationProgress[] = [];
    const { location, triggerId } = await flink.savepoint(jobId, { timeoutMs: 120_000, onProgress: (p) => progress.push(p) });
    expect(location).toMatch(/savepoint-/);
    expect(progress[0]).toEqual({ phase: 'triggered', triggerId, elapsedMs: 0 });
    expect(progress[progress.length - 1]?.phase).toBe('completed');
    const again = await flink.triggerSavepoint(jobId, { triggerId });
    expect(again['request-id']).toBe(triggerId);
    const status = await flink.getSavepointStatus(jobId, triggerId);
    expect(status).toEqual({ status: { id: 'COMPLETED' }, operation: { location } });
    const stats = (await flink.getCheckpointingStatistics(jobId)) as { counts: { completed: number } };
    expect(stats.counts.completed).toBe(1);
  });

  test('grouped form on the running job: jobs, vertices, checkpoints, jars and cluster answer on the same transport', async () => {
    const [details, vertex, checkpoints, jars, overview] = await Promise.all([
      flink.jobs.getJobDetails(jobId), flink.vertices.getJobVertexDetails(jobId, vertexId), flink.checkpoints.getCheckpointingStatistics(jobId),
      flink.jars.getJarList(), flink.cluster.getClusterOverview(),
    ]);
    expect([details.jid, details.name, details.state]).toEqual([jobId, name, 'RUNNING']);
    expect(details.vertices.map((v) => v.id)).toEqual((await flink.getJobDetails(jobId)).vertices.map((v) => v.id));
    expect([vertex.id, vertex.parallelism]).toEqual([vertexId, 1]);
    // After the savepoint of the test before (checkpoint statistics are cached: asked there first).
    expect((checkpoints as { counts: { completed: number } }).counts.completed).toBe(1);
    expect(jars.files.map((f) => f.id)).toContain(jarId);
    expect(overview['jobs-running']).toBeGreaterThanOrEqual(1);
  });

  test('stop-with-savepoint, then resubmission from that savepoint', async () => {
    const stopped = await flink.stopWithSavepoint(jobId, { timeoutMs: 120_000 });
    expect(stopped.location).toMatch(/savepoint-/);
    await flink.waitForJobStatus(jobId, ['FINISHED']);
    savepointLocation = stopped.location;
    const { jobid } = await flink.submitJobFromJar(jarId, {
      entryClass: ENTRY, parallelism: 1, programArgsList: ['--count', '1000000', '--sleep-ms', '20', '--name', `${name}-resumed`],
      savepointPath: savepointLocation, allowNonRestoredState: false, claimMode: 'NO_CLAIM',
    });
    started.push(jobid);
    jobId = jobid;
    await flink.waitForJobStatus(jobId, ['RUNNING']);
    const restored = await poll('restored checkpoint stats', async () => {
      const stats = (await flink.getCheckpointingStatistics(jobId)) as { latest?: { restored?: { external_path?: string; is_savepoint?: boolean } | null } };
      return stats.latest?.restored ?? undefined;
    });
    expect(restored.external_path).toBe(savepointLocation);
    expect(restored.is_savepoint).toBe(true);
  });

  test('cancel, then jar delete', async () => {
    await flink.cancelJob(jobId);
    expect(await flink.waitForJobStatus(jobId, ['CANCELED'])).toBe('CANCELED');
    // Cancelling a job that is already cancelled is accepted (202) by Flink 2.2: safe to repeat.
    await expect(flink.cancelJob(jobId)).resolves.toBeUndefined();
    await flink.deleteJar(jarId);
    expect((await flink.getJarList()).files.map((f) => f.id)).not.toContain(jarId);
    jarId = '';
    const missing = await flink.getJobDetails('00000000000000000000000000000000').catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'FLINK_NOT_FOUND', message: 'org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (00000000000000000000000000000000)' });
  });
});

describe('FlinkRestClient when the JobManager is down or hangs', () => {
  test('nothing listening: FLINK_UNAVAILABLE after the configured retries', async () => {
    const flink = new FlinkRestClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, retry: { retries: 2, minDelayMs: 10, maxDelayMs: 20 } });
    const error = await flink.getClusterOverview().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FLINK_UNAVAILABLE', retriable: true, details: { networkCode: 'ECONNREFUSED', attempts: 3 } });
  });

  test('accepts but never answers: FLINK_TIMEOUT per attempt, and a jar run is sent exactly once', async () => {
    const server = await silentServer();
    try {
      const flink = new FlinkRestClient({ baseUrl: server.url, timeoutMs: 300, retry: { retries: 1, minDelayMs: 10, maxDelayMs: 20 } });
      const error = await flink.getJobsOverview().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'FLINK_TIMEOUT', message: `no answer from Flink within 300 ms (GET ${server.url}/jobs/overview)`, details: { attempts: 2 } });
      const run = await flink.submitJobFromJar('x_job.jar', { entryClass: ENTRY }).catch((e: unknown) => e);
      expect(run).toMatchObject({ code: 'FLINK_TIMEOUT' });
      expect(server.requests).toEqual(['GET /jobs/overview HTTP/1.1', 'GET /jobs/overview HTTP/1.1', 'POST /jars/x_job.jar/run HTTP/1.1']);
    } finally {
      await server.close();
    }
  });
});
