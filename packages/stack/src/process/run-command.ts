import { spawn } from 'node:child_process';
import { stackError } from '../error-codes';

export interface CommandResult {
  stdout: string;
  stderr: string;
}

export interface RunCommandOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** What the command does, for the error message ("download Flink 2.2.1 from PyPI"). */
  purpose: string;
  /** Suggestion shown when the command fails. */
  suggestion?: string;
  /** Values (passwords) replaced by `***` wherever a failure would show them: message, args, output. */
  secrets?: readonly string[];
}

function hide(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => (secret === '' ? out : out.split(secret).join('***')), text);
}

/**
 * Runs a short-lived command (pip, mvn, java tools) to completion and returns its output; a non-zero
 * exit becomes a `STACK_COMMAND_FAILED` error carrying the last lines of its output.
 */
export function runCommand(command: string, args: readonly string[], options: RunCommandOptions): Promise<CommandResult> {
  const secrets = options.secrets ?? [];
  const shownArgs = args.map((arg) => hide(arg, secrets));
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      const missing = error.code === 'ENOENT';
      reject(
        stackError(missing ? 'STACK_TOOL_MISSING' : 'STACK_COMMAND_FAILED', missing ? `${command} is not installed (needed to ${options.purpose})` : `could not run ${command} to ${options.purpose}: ${hide(error.message, secrets)}`, {
          cause: error,
          details: { command, args: shownArgs },
          suggestion: missing ? `install ${command} and make sure it is on PATH` : options.suggestion,
        }),
      );
    });
    child.on('close', (code, signal) => {
      const result = { stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
      if (code === 0) {
        resolvePromise(result);
        return;
      }
      const output = hide(`${result.stdout}\n${result.stderr}`.trim(), secrets);
      reject(
        stackError('STACK_COMMAND_FAILED', `${command} failed to ${options.purpose} (${signal ?? `exit code ${String(code)}`}):\n${lastLines(output, 15)}`, {
          details: { command, args: shownArgs, exitCode: code, output },
          suggestion: options.suggestion,
          retriable: true,
        }),
      );
    });
  });
}

/** The last `count` non-empty lines of `text`, with ANSI colour codes removed. */
export function lastLines(text: string, count: number): string {
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\u001b\[[0-9;]*m/g, '').split('\n').filter((line) => line.trim() !== '');
  return lines.slice(-count).join('\n');
}
