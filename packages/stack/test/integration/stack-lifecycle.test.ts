import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:net';
import { isSluiceError } from '@sluice/errors';
import { freeStackPorts, stackDown, stackStatus, stackUp, type StackOptionsInput } from '@sluice/stack';
import { isAlive as alive } from '../../src/process/process-table';

// A second, smaller stack on free ports and its own state directory, beside the shared one the other
// integration tests use; it shares the artifact cache, so nothing is downloaded again.
describe('stack lifecycle (a second stack on free ports)', () => {
  let stateDir: string;
  let options: StackOptionsInput;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'sluice-stack-lifecycle-'));
    options = { stateDir, ports: await freeStackPorts(), taskSlots: 2, memory: { jobmanager: '1024m', taskmanager: '1728m', kafka: '512m', sqlGateway: '512m' } };
  });

  afterAll(async () => {
    await stackDown(options).catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  });

  it('starts every part, is a no-op when up again, survives a crashed part, and down leaves no process alive', async () => {
    const progress: string[] = [];
    const first = await stackUp(options, (message) => progress.push(message));
    expect(first.alreadyRunning).toBe(false);
    expect(first.parts.map((part) => [part.part, part.outcome])).toEqual([
      ['kafka', 'started'],
      ['jobmanager', 'started'],
      ['taskmanager', 'started'],
      ['sql-gateway', 'started'],
      ['registry', 'started'],
    ]);
    const firstTm = first.parts.find((part) => part.part === 'taskmanager')?.health ?? '';
    expect(firstTm).toMatch(/^TaskManager (sluice-tm-[0-9a-f]{8}) \(data port \d+\): 2\/2 slots free; 1 TaskManager\(s\), 2\/2 slots free$/);
    expect(progress.some((line) => line.startsWith('Flink TaskManager healthy after'))).toBe(true);
    const pids = first.parts.map((part) => part.pid);
    for (const pid of pids) expect(alive(pid)).toBe(true);

    // up on a running stack: nothing new is started
    const second = await stackUp(options);
    expect(second.alreadyRunning).toBe(true);
    expect(second.parts.map((part) => part.pid)).toEqual(pids);

    // a crash of one part: status names it, up restarts only that part
    const taskmanager = first.parts.find((part) => part.part === 'taskmanager');
    if (taskmanager === undefined) throw new Error('no taskmanager');
    process.kill(taskmanager.pid, 'SIGKILL');
    while (alive(taskmanager.pid)) await new Promise((r) => setTimeout(r, 50));
    const status = await stackStatus(options);
    expect(status.parts.find((part) => part.part === 'taskmanager')?.running).toBe(false);
    expect(status.parts.filter((part) => part.running).map((part) => part.part)).toEqual(['kafka', 'jobmanager', 'sql-gateway', 'registry']);
    const third = await stackUp(options);
    expect(third.parts.map((part) => [part.part, part.outcome])).toEqual([
      ['kafka', 'already-running'],
      ['jobmanager', 'already-running'],
      ['taskmanager', 'started'],
      ['sql-gateway', 'already-running'],
      ['registry', 'already-running'],
    ]);
    // health names the TaskManager it started, not the killed one's registration (still listed for seconds)
    const thirdTm = third.parts.find((part) => part.part === 'taskmanager')?.health ?? '';
    expect(thirdTm).toMatch(/^TaskManager sluice-tm-[0-9a-f]{8} \(data port \d+\): 2\/2 slots free; /);
    expect(thirdTm.split(' ')[1]).not.toBe(firstTm.split(' ')[1]);
    const allPids = [...pids, ...third.parts.map((part) => part.pid)];

    const down = await stackDown(options);
    expect(down.parts.map((part) => [part.part, part.outcome])).toEqual([
      ['registry', 'terminated'],
      ['sql-gateway', 'terminated'],
      ['taskmanager', 'terminated'],
      ['jobmanager', 'terminated'],
      ['kafka', 'terminated'],
    ]);
    for (const pid of allPids) expect(alive(pid)).toBe(false);
    expect((await stackStatus(options)).parts.some((part) => part.running || part.healthy)).toBe(false);

    // down again: nothing left to stop
    expect((await stackDown(options)).parts).toEqual([]);
  });

  it('names a busy port by number before starting anything', async () => {
    const ports = await freeStackPorts();
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(ports.flinkRest, '127.0.0.1', resolve));
    const busyStateDir = await mkdtemp(join(tmpdir(), 'sluice-stack-busy-'));
    try {
      await expect(stackUp({ stateDir: busyStateDir, ports, parts: ['jobmanager'] })).rejects.toMatchObject({
        code: 'STACK_PORT_BUSY',
        message: `port ${ports.flinkRest} (Flink REST) is already in use on 127.0.0.1`,
      });
    } finally {
      blocker.close();
      await rm(busyStateDir, { recursive: true, force: true });
    }
  });

  it('names a part that fails to start, with the last lines of its log, and leaves nothing running', async () => {
    const failingStateDir = await mkdtemp(join(tmpdir(), 'sluice-stack-fail-'));
    // 64m is below what Flink's memory model needs for a JobManager: the start script refuses it.
    const failing: StackOptionsInput = { stateDir: failingStateDir, ports: await freeStackPorts(), parts: ['jobmanager'], memory: { jobmanager: '64m' } };
    try {
      const error: unknown = await stackUp(failing).then(() => undefined, (e: unknown) => e);
      expect(isSluiceError(error, 'STACK_START_FAILED')).toBe(true);
      const message = (error as Error).message;
      expect(message).toMatch(/^Flink JobManager \(jobmanager\) exited while starting \(exit code \d+\)\. Last lines of .*jobmanager\.log:\n/);
      expect(message).toContain('jobmanager.memory');
      expect((await stackStatus(failing)).parts.some((part) => part.running)).toBe(false);
    } finally {
      await rm(failingStateDir, { recursive: true, force: true });
    }
  });
});
