import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** True when a process with this pid exists (signal 0 checks without touching it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live process, or undefined when it is gone. */
export async function commandLineOf(pid: number): Promise<string | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').join(' ').trim();
  } catch {
    // No /proc (macOS): ask ps.
    try {
      const { stdout } = await execFileAsync('ps', ['-o', 'command=', '-p', String(pid)]);
      const line = stdout.trim();
      return line === '' ? undefined : line;
    } catch {
      return undefined;
    }
  }
}

/** Environment variable every part is started with; its value is the stack's state directory. */
export const STACK_MARKER_ENV = 'SLUICE_STACK_MARKER';

/**
 * True when `pid` is alive and was started by the stack in `stateDir`: a pid recorded before a reboot
 * or a crash may now belong to an unrelated process, which we must never signal. Linux shows the
 * marker in /proc/<pid>/environ (it survives the start scripts' exec); elsewhere the JVM's command
 * line names the state directory.
 */
export async function isOurProcess(pid: number, stateDir: string): Promise<boolean> {
  if (!isAlive(pid)) return false;
  try {
    const environ = await readFile(`/proc/${pid}/environ`, 'utf8');
    return environ.split('\0').includes(`${STACK_MARKER_ENV}=${stateDir}`);
  } catch {
    const commandLine = await commandLineOf(pid);
    return commandLine !== undefined && commandLine.includes(stateDir);
  }
}

function signalGroupOrProcess(pid: number, signal: NodeJS.Signals): void {
  try {
    // Parts are started as process-group leaders, so this also reaches helper processes of the start scripts.
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

export type TerminateOutcome = 'terminated' | 'killed';

/** SIGTERM (a clean shutdown: Kafka flushes, Flink deregisters), then SIGKILL after `graceMs`. */
export async function terminate(pid: number, graceMs: number): Promise<TerminateOutcome> {
  signalGroupOrProcess(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'terminated';
    await sleep(100);
  }
  signalGroupOrProcess(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(50);
  return 'killed';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
