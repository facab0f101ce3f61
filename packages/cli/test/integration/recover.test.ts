import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { testStackEndpoints } from '@sluice/stack';
import { FlinkRestClient } from '@sluice/flink-client';
import { sluice, writeUserProject } from './cli-harness';

// `sluice recover` on the real stack: a stateful signal's job is cancelled behind Sluice's back (as a lost
// JobManager or an operator would); recover resubmits it from its retained checkpoint, so the count goes
// on (5 -> 6) instead of starting again (1); the catalog names the checkpoint; a second recover finds it
// running; after `sluice cancel` there is nothing to recover.
jest.setTimeout(300_000);

interface Recovered {
  signal: string;
  action: string;
  cause?: string;
  jobId?: string;
  previousJobId: string;
  from?: { kind: string; path: string; jobId: string };
}

describe('sluice recover', () => {
  const endpoints = testStackEndpoints();
  const id = randomBytes(4).toString('hex');
  const project = `recover_${id}`;
  const input = `recover-${id}.events`;
  const output = `recover-${id}.counts`;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-recover-'));
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  const kafka = new Kafka({ clientId: `it-recover-${id}`, brokers: [...endpoints.kafkaBrokers], logLevel: logLevel.NOTHING });

  beforeAll(() => {
    writeUserProject(dir, { project, endpoints });
    writeFileSync(
      join(dir, 'signals.ts'),
      [
        "import { count, kafka, schema, signal, t, upsertKafka } from '@sluice/dsl';",
        'const Event = schema({ k: t.string().notNull() });',
        `const events = kafka.source('events', Event, { topic: '${input}', startup: 'earliest-offset' });`,
        `export const counts = signal('counts').from(events).groupBy('k').select(() => ({ n: count() })).to(upsertKafka.sink('${output}'), { checkpointInterval: '1 s', parallelism: 1 });`,
        '',
      ].join('\n'),
    );
  });

  afterAll(async () => {
    const { jobs } = await flink.getJobsOverview();
    for (const job of jobs.filter((j) => j.name === `sluice.${project}.counts` && !['CANCELED', 'FINISHED', 'FAILED'].includes(j.state))) await flink.cancelJob(job.jid).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  async function produce(n: number): Promise<void> {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: input, messages: Array.from({ length: n }, () => ({ value: JSON.stringify({ k: 'a' }) })) });
    await producer.disconnect();
  }

  /** Reads the output until the count of key 'a' equals `n` (fails the test's timeout otherwise). */
  async function untilCount(n: number): Promise<number[]> {
    const consumer = kafka.consumer({ groupId: `it-recover-${id}-${n}` });
    const seen: number[] = [];
    let done!: () => void;
    const reached = new Promise<void>((resolve) => (done = resolve));
    await consumer.connect();
    await consumer.subscribe({ topic: output, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value === null) return;
        const row = JSON.parse(message.value.toString('utf8')) as { k: string; n: number };
        seen.push(row.n);
        if (row.n === n) done();
      },
    });
    await reached;
    await consumer.disconnect();
    return seen;
  }

  it('a job cancelled behind its back comes back from its retained checkpoint, its state intact', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: input, numPartitions: 1 }] });
    await admin.disconnect();
    const deploy = await sluice(['deploy', '--json'], dir);
    expect({ code: deploy.code, stderr: deploy.stderr, out: deploy.code === 0 ? '' : deploy.stdout }).toEqual({ code: 0, stderr: '', out: '' });
    const first = (JSON.parse(deploy.stdout) as { result: { jobs: { jobId: string }[] } }).result.jobs[0]?.jobId ?? '';

    await produce(5);
    await untilCount(5);
    // A checkpoint that holds the count of 5: completed after the row was written.
    const written = Date.now();
    for (;;) {
      const stats = (await flink.getCheckpointingStatistics(first)) as { latest?: { completed?: { latest_ack_timestamp?: number } | null } };
      if ((stats.latest?.completed?.latest_ack_timestamp ?? 0) > written) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    await flink.cancelJob(first);
    await flink.waitForJobStatus(first, ['CANCELED'], { timeoutMs: 60_000 });

    const run = await sluice(['recover', '--json'], dir);
    expect({ code: run.code, stderr: run.stderr, out: run.code === 0 ? '' : run.stdout }).toEqual({ code: 0, stderr: '', out: '' });
    const [recovered] = JSON.parse(run.stdout) as Recovered[];
    expect(recovered).toMatchObject({ signal: 'counts', action: 'recovered', cause: 'canceled', previousJobId: first, from: { kind: 'checkpoint', jobId: first } });
    expect(recovered?.from?.path).toMatch(new RegExp(`/${first}/chk-\\d+$`));
    expect((await flink.getJobStatusInfo(recovered?.jobId ?? '')).status).toBe('RUNNING');
    const catalog = JSON.parse(readFileSync(join(dir, '.sluice', 'savepoints.json'), 'utf8')) as { signal: string; reason: string; path: string; jobId: string }[];
    expect(catalog).toEqual([expect.objectContaining({ signal: 'counts', reason: 'recover', path: recovered?.from?.path, jobId: first })]);

    // the state and the offsets came back: one more event makes 6 (from scratch the job would re-read
    // all six events and write 1, 2, ... 6 again after the 5)
    await produce(1);
    const counts = await untilCount(6);
    expect(counts.slice(counts.indexOf(5))).toEqual([5, 6]);

    const again = await sluice(['recover', '--json'], dir);
    expect(again.code).toBe(0);
    expect((JSON.parse(again.stdout) as Recovered[]).map((r) => [r.signal, r.action, r.jobId])).toEqual([['counts', 'running', recovered?.jobId]]);

    // cancelled by Sluice: not Sluice's to bring back
    expect((await sluice(['cancel', 'counts'], dir)).code).toBe(0);
    const none = await sluice(['recover', '--json'], dir);
    expect({ code: none.code, out: JSON.parse(none.stdout) as unknown }).toEqual({ code: 0, out: [] });
  });
});
