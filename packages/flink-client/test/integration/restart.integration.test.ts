import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSluiceError } from '@sluice/errors';
import { FlinkRestClient, KeptSession, SqlGatewayClient } from '@sluice/flink-client';
import { endpointsOf, freeStackPorts, resolveStackOptions, stackDown, stackStatus, stackUp, type StackOptionsInput, type StackPart } from '@sluice/stack';

// The real thing, not a simulation: a second small Flink cluster (JobManager, TaskManager, SQL Gateway)
// on free ports whose JobManager and gateway this test stops and restarts under the clients.
describe('clients while the JobManager or the SQL Gateway is stopped or restarting', () => {
  let options: StackOptionsInput;
  let stateDir: string;
  let rest: FlinkRestClient;
  let gateway: SqlGatewayClient;
  const timeoutMs = 2_000;

  async function stopPart(part: StackPart): Promise<void> {
    const pid = (await stackStatus(options)).parts.find((p) => p.part === part)?.pid;
    if (pid === undefined) throw new Error(`${part} has no pid`);
    process.kill(pid, 'SIGKILL');
    for (;;) {
      try {
        process.kill(pid, 0);
        await new Promise((r) => setTimeout(r, 50));
      } catch {
        return;
      }
    }
  }

  /** Resolves with the error a call settles with, and how long it took to settle. */
  async function settle(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
    const started = Date.now();
    const error = await call().then(() => undefined, (e: unknown) => e);
    return { error, ms: Date.now() - started };
  }

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'sluice-client-restart-'));
    options = { stateDir, ports: await freeStackPorts(), parts: ['jobmanager', 'taskmanager', 'sql-gateway'], taskSlots: 1, memory: { jobmanager: '1024m', taskmanager: '1728m', sqlGateway: '512m' } };
    await stackUp(options);
    const endpoints = endpointsOf(resolveStackOptions(options));
    const retry = { retries: 1, minDelayMs: 100, maxDelayMs: 200 };
    rest = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl, timeoutMs, retry });
    gateway = new SqlGatewayClient({ baseUrl: endpoints.sqlGatewayUrl, timeoutMs, retry });
  });

  afterAll(async () => {
    await stackDown(options).catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  });

  it('gives FLINK_UNAVAILABLE, without hanging, while the JobManager is down, and works again after its restart', async () => {
    expect((await rest.getJobsOverview()).jobs).toEqual([]);
    await stopPart('jobmanager');

    const read = await settle(() => rest.getJobsOverview());
    expect(isSluiceError(read.error, 'FLINK_UNAVAILABLE')).toBe(true);
    expect((read.error as { retriable: boolean }).retriable).toBe(true);
    // Two attempts (one retry) of at most `timeoutMs` each plus the backoff: settled, not hanging.
    expect(read.ms).toBeLessThan(2 * timeoutMs + 1_000);

    const submit = await settle(() => rest.cancelJob('00000000000000000000000000000000'));
    expect(isSluiceError(submit.error, 'FLINK_UNAVAILABLE')).toBe(true);

    // Restarting: a client with enough retries rides through the JobManager's start-up.
    const patient = new FlinkRestClient({ baseUrl: endpointsOf(resolveStackOptions(options)).flinkRestUrl, timeoutMs, retry: { retries: 60, minDelayMs: 500, maxDelayMs: 500 } });
    const [overview] = await Promise.all([patient.getClusterOverview(), stackUp({ ...options, parts: ['jobmanager'] })]);
    expect(overview['flink-version']).toBe(resolveStackOptions(options).flinkVersion);
    expect((await rest.getJobsOverview()).jobs).toEqual([]);
  });

  it('gives FLINK_UNAVAILABLE while the gateway is down, and a kept session reopens after its restart', async () => {
    const session = await KeptSession.open(gateway, { sessionName: 'restart-test' }, { heartbeatIntervalMs: 600_000 });
    try {
      const before = session.sessionHandle;
      await stopPart('sql-gateway');

      const open = await settle(() => gateway.openSession({}));
      expect(isSluiceError(open.error, 'FLINK_UNAVAILABLE')).toBe(true);
      expect(open.ms).toBeLessThan(2 * timeoutMs + 1_000);
      // Statement execution is never retried (it could run twice); down is down, at once.
      const execute = await settle(() => gateway.executeStatement(before, { statement: 'SELECT 1' }));
      expect(isSluiceError(execute.error, 'FLINK_UNAVAILABLE')).toBe(true);

      await stackUp(options);
      // The restarted gateway does not know the old session: the kept session reopens and runs again.
      const rows: unknown[] = [];
      await session.run(async (handle) => {
        rows.length = 0;
        for await (const row of gateway.query(handle, 'SELECT 41 + 1 AS answer')) rows.push(row.fields);
      });
      expect(rows).toEqual([[42]]);
      expect(session.reopenCount).toBe(1);
      expect(session.sessionHandle).not.toBe(before);
    } finally {
      await session.close().catch(() => undefined);
    }
  });
});
