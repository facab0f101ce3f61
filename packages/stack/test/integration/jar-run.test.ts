import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { testStackEndpoints } from '@sluice/stack';
import { cancelJob, httpJson, waitForJobState } from './gateway-rest';

// Built by `npm run build` (turbo runs Maven in flink-jobs) earlier in the same `npm test`.
const SMOKE_JAR = join(__dirname, '..', '..', '..', '..', 'flink-jobs', 'smoke-job', 'target', 'sluice-smoke-job.jar');

describe('jar submission on the local stack', () => {
  const { flinkRestUrl } = testStackEndpoints();

  it('uploads the flink-jobs smoke jar through /jars/upload, runs it through /jars/:id/run and sees it finish', async () => {
    const form = new FormData();
    form.append('jarfile', new Blob([await readFile(SMOKE_JAR)], { type: 'application/java-archive' }), 'sluice-smoke-job.jar');
    const upload = await fetch(`${flinkRestUrl}/jars/upload`, { method: 'POST', body: form });
    expect(upload.status).toBe(200);
    const uploaded = (await upload.json()) as { status: string; filename: string };
    expect(uploaded.status).toBe('success');
    const jarId = uploaded.filename.split('/').pop() ?? '';
    expect(jarId).toMatch(/_sluice-smoke-job\.jar$/);

    const listed = await httpJson<{ files: Array<{ id: string; entry: Array<{ name: string }> }> }>('GET', `${flinkRestUrl}/jars`);
    expect(listed.files.find((file) => file.id === jarId)?.entry.map((entry) => entry.name)).toContain('dev.sluice.jobs.smoke.SmokeJob');

    const name = `stack-it-jar-${randomUUID().slice(0, 8)}`;
    const run = await httpJson<{ jobid: string }>('POST', `${flinkRestUrl}/jars/${jarId}/run`, {
      entryClass: 'dev.sluice.jobs.smoke.SmokeJob',
      programArgsList: ['--count', '20000', '--name', name],
      parallelism: 1,
    });
    expect(run.jobid).toMatch(/^[0-9a-f]{32}$/);
    try {
      const state = await waitForJobState(flinkRestUrl, run.jobid, ['FINISHED']);
      expect(state).toBe('FINISHED');
      const job = await httpJson<{ name: string }>('GET', `${flinkRestUrl}/jobs/${run.jobid}`);
      expect(job.name).toBe(name);
      // The job counts what it processed: fromSequence(1, 20000) is 20000 elements.
      const accumulators = await httpJson<{ 'user-task-accumulators': Array<{ name: string; value: string }> }>('GET', `${flinkRestUrl}/jobs/${run.jobid}/accumulators`);
      expect(accumulators['user-task-accumulators']).toContainEqual(expect.objectContaining({ name: 'elements', value: '20000' }));
    } finally {
      await cancelJob(flinkRestUrl, run.jobid).catch(() => undefined);
      await httpJson('DELETE', `${flinkRestUrl}/jars/${jarId}`);
    }
  });
});
