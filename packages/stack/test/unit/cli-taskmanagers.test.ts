import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
// The committed bin loads the build (npm test builds first); an option error exits 2 before anything starts.
const bin = join(__dirname, '..', '..', 'bin', 'sluice-stack.js');

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [bin, ...args], { env: { ...process.env, SLUICE_TASKMANAGERS: '' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

describe('sluice-stack --taskmanagers', () => {
  let stateDir: string;
  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'sluice-stack-cli-'));
  });
  afterAll(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('is taught by --help with its environment variable', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--taskmanagers <n>\s+TaskManager processes \(default 1\)/);
    expect(help.stdout).toContain('env SLUICE_TASKMANAGERS');
    expect(help.stdout).toContain('sluice-stack up --taskmanagers 2');
  });

  it.each([
    [['0'], 'error STACK_INVALID_OPTION: taskManagers must be an integer from 1 to 16, got 0'],
    [['two'], 'error STACK_INVALID_OPTION: --taskmanagers must be a whole number, got "two"'],
  ])('refuses --taskmanagers %j with exit code 2 before touching anything', async ([count], message) => {
    const result = await run(['status', '--taskmanagers', count ?? '', '--state-dir', stateDir]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(message);
  });

  it('status of a stopped stack with two TaskManagers lists each by name', async () => {
    const result = await run(['status', '--taskmanagers', '2', '--state-dir', stateDir, '--json', '--rest-port', '1', '--kafka-port', '2', '--gateway-port', '3', '--registry-port', '4', '--sasl-port', '5', '--ssl-port', '6', '--controller-port', '7', '--rpc-port', '8']);
    expect(result.code).toBe(1);
    const status = JSON.parse(result.stdout) as { parts: Array<{ part: string; name: string; running: boolean }> };
    expect(status.parts.map((p) => [p.part, p.name, p.running])).toEqual([
      ['kafka', 'kafka', false],
      ['jobmanager', 'jobmanager', false],
      ['taskmanager', 'taskmanager', false],
      ['taskmanager', 'taskmanager-2', false],
      ['sql-gateway', 'sql-gateway', false],
      ['registry', 'registry', false],
    ]);
  });
});
