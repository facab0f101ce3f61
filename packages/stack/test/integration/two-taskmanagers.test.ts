import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeStackPorts, stackDown, stackLayout, stackStatus, stackUp, type StackOptionsInput } from '@sluice/stack';
import { isAlive as alive } from '../../src/process/process-table';

async function registeredTaskManagers(restUrl: string): Promise<Array<{ id: string; slotsNumber: number }>> {
  const response = await fetch(`${restUrl}/taskmanagers`);
  return ((await response.json()) as { taskmanagers: Array<{ id: string; slotsNumber: number }> }).taskmanagers;
}

// A second stack (JobManager and two TaskManagers only) on free ports in its own state dir, beside the shared one.
describe('a stack with two TaskManagers (sluice-stack up --taskmanagers 2)', () => {
  let stateDir: string;
  let options: StackOptionsInput;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'sluice-stack-two-tm-'));
    options = { stateDir, ports: await freeStackPorts(), parts: ['jobmanager', 'taskmanager'], taskManagers: 2, taskSlots: 1, memory: { jobmanager: '1024m', taskmanager: '1728m' } };
  });

  afterAll(async () => {
    await stackDown(options).catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  });

  it('starts both, each registered in Flink by its own resource id; up restarts the one killed; down stops both', async () => {
    const first = await stackUp(options);
    expect(first.parts.map((p) => [p.part, p.name, p.outcome])).toEqual([
      ['jobmanager', 'jobmanager', 'started'],
      ['taskmanager', 'taskmanager', 'started'],
      ['taskmanager', 'taskmanager-2', 'started'],
    ]);
    const [tm1, tm2] = first.parts.filter((p) => p.part === 'taskmanager');
    if (tm1?.resourceId === undefined || tm2?.resourceId === undefined) throw new Error('no resource ids');
    expect(tm1.resourceId).not.toBe(tm2.resourceId);
    expect(tm1.pid).not.toBe(tm2.pid);
    expect(tm2.logFile).toBe(join(stateDir, 'logs', 'taskmanager-2.log'));
    expect(await readFile(tm2.logFile, 'utf8')).toContain(`taskmanager.resource-id=${tm2.resourceId}`);
    expect(tm2.health).toMatch(new RegExp(`^TaskManager ${tm2.resourceId} \\(data port \\d+\\): 1/1 slots free; `));
    const registered = await registeredTaskManagers(first.endpoints.flinkRestUrl);
    expect(registered.map((tm) => tm.id).sort()).toEqual([tm1.resourceId, tm2.resourceId].sort());
    expect(registered.map((tm) => tm.slotsNumber)).toEqual([1, 1]);

    // status lists each; with the default count too, as the record and pid files say there are two
    const status = await stackStatus({ ...options, taskManagers: undefined });
    expect(status.parts.map((p) => [p.name, p.running, p.healthy, p.resourceId])).toEqual([
      ['kafka', false, false, undefined],
      ['jobmanager', true, true, undefined],
      ['taskmanager', true, true, tm1.resourceId],
      ['taskmanager-2', true, true, tm2.resourceId],
      ['sql-gateway', false, false, undefined],
      ['registry', false, false, undefined],
    ]);

    // the second one killed: up starts only it, under a fresh resource id, and waits for that one
    process.kill(tm2.pid, 'SIGKILL');
    while (alive(tm2.pid)) await new Promise((r) => setTimeout(r, 50));
    const again = await stackUp(options);
    expect(again.parts.map((p) => [p.name, p.outcome])).toEqual([
      ['jobmanager', 'already-running'],
      ['taskmanager', 'already-running'],
      ['taskmanager-2', 'started'],
    ]);
    const restarted = again.parts.find((p) => p.name === 'taskmanager-2');
    expect(restarted?.resourceId).toMatch(/^sluice-tm-[0-9a-f]{8}$/);
    expect(restarted?.resourceId).not.toBe(tm2.resourceId);
    expect(restarted?.health).toMatch(new RegExp(`^TaskManager ${String(restarted?.resourceId)} `));
    expect((await registeredTaskManagers(first.endpoints.flinkRestUrl)).map((tm) => tm.id)).toContain(restarted?.resourceId);

    // down without naming the count stops both TaskManagers (found by their pid files)
    const down = await stackDown({ stateDir, ports: options.ports });
    expect(down.parts.map((p) => [p.name, p.outcome])).toEqual([
      ['taskmanager-2', 'terminated'],
      ['taskmanager', 'terminated'],
      ['jobmanager', 'terminated'],
    ]);
    for (const pid of [tm1.pid, restarted?.pid ?? 0, first.parts[0]?.pid ?? 0]) expect(alive(pid)).toBe(false);
    expect(stackLayout({ stateDir }).logFile('taskmanager-2')).toBe(tm2.logFile);
  });
});
