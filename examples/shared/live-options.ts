import { parseArgs } from 'node:util';

/** The options of the live examples (the demo and the quickstart). */
export interface LiveOptions {
  /** Stop after this many milliseconds; undefined runs until Ctrl-C. */
  readonly durationMs: number | undefined;
  /** Events produced per second. */
  readonly rate: number;
}

/**
 * Parses `--duration <seconds>` and `--rate <per second>` (and `--help`, which prints `usage` and
 * resolves to undefined). A value that is not a positive number is refused with what to type instead,
 * rather than running with NaN.
 */
export function liveOptions(usage: string, argv: readonly string[] = process.argv.slice(2)): LiveOptions | undefined {
  const { values } = parseArgs({ args: [...argv], options: { duration: { type: 'string' }, rate: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help === true) {
    process.stdout.write(`${usage}\n`);
    return undefined;
  }
  const duration = positive('--duration', values.duration, usage);
  return { durationMs: duration === undefined ? undefined : duration * 1000, rate: positive('--rate', values.rate, usage) ?? 20 };
}

function positive(flag: string, text: string | undefined, usage: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${flag} must be a positive number, got '${text}' (usage: ${usage})`);
  return value;
}

/** Calls `stop` once: on Ctrl-C, or after `durationMs` when given. */
export function stopOnCtrlCOrAfter(durationMs: number | undefined, stop: () => Promise<void>): void {
  process.once('SIGINT', () => void stop());
  if (durationMs !== undefined) setTimeout(() => void stop(), durationMs);
}

/** Runs a live example's main; a failure prints its code, message and suggestion and sets exit code 1. */
export function runLive(name: string, main: () => Promise<void>): void {
  main().catch((error: { code?: string; message?: string; suggestion?: string }) => {
    process.stderr.write(`${name} failed: ${error.code === undefined ? '' : `${error.code}: `}${error.message ?? String(error)}\n`);
    if (error.suggestion !== undefined) process.stderr.write(`  what to do: ${error.suggestion}\n`);
    process.exitCode = 1;
  });
}
