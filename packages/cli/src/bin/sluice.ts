#!/usr/bin/env node
import { CommanderError } from 'commander';
import { isSluiceError, redact as redactCredentials, type ErrorCategory } from '@sluice/errors';
import { maskResolvedSecrets } from '@sluice/deploy';
import { buildProgram, type ProgramRun } from '../program';
import type { CliIo } from '../io';
import { toJson } from '../format';
// Declares the CLI_ codes' categories; the other packages' tables load with the packages themselves.
import '../error-codes';

/** Credentials by pattern, and every secret the config resolved, by value. */
function redact(text: string): string {
  return maskResolvedSecrets(redactCredentials(text));
}

// "The input (flags, config, project, endpoints) is wrong" is 2, "a problem happened" is 1; every category
// is listed so a new one must be given its exit code here.
const EXIT_CODE_BY_CATEGORY: Readonly<Record<ErrorCategory, 1 | 2>> = {
  usage: 2,
  config: 2,
  unreachable: 2,
  auth: 1,
  invalid: 1,
  conflict: 1,
  'not-found': 1,
  environment: 1,
  timeout: 1,
  cancelled: 1,
  failed: 1,
  internal: 1,
};

/**
 * The exit code of an error: 2 for usage, config and unreachable endpoints, 1 otherwise, by the
 * category each package gives its codes (the CLI knows no other package's codes).
 *
 * @example
 * ```ts
 * exitCodeOf(new SluiceError('DEPLOY_CONFIG_INVALID', 'flink.restUrl: not a URL')) // 2
 * ```
 */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0 ? 0 : 2;
  if (isSluiceError(error)) return EXIT_CODE_BY_CATEGORY[error.category];
  return 1;
}

function suggestionFor(error: unknown): string | undefined {
  if (isSluiceError(error)) {
    if (error.code === 'FLINK_UNAVAILABLE') return 'is the cluster running? `sluice stack status` (or npm run stack:up); check flink.restUrl / flink.sqlGatewayUrl in the config';
    if (error.code === 'FLINK_UNAUTHORIZED') return 'the Flink endpoint (or a proxy in front of it) wants credentials: set flink.headers or flink.auth in the config, for this --env (values as env:NAME references)';
    if (error.code === 'KAFKA_CONNECTION') return 'is Kafka running? `sluice stack status`; check kafka.brokers in the config';
    return error.suggestion;
  }
  return 'this is a bug in sluice: rerun with --verbose and report the output';
}

/**
 * Runs the CLI and returns its exit code (the only place errors become exit codes).
 *
 * @example
 * ```ts
 * const code = await main(['plan', '--json'], { out: console.log, err: console.error, cwd: process.cwd(), env: process.env })
 * ```
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const run: ProgramRun = { globals: { json: argv.includes('--json'), verbose: argv.includes('--verbose') } };
  try {
    await buildProgram(io, run).parseAsync([...argv], { from: 'user' });
    const result = run.result;
    if (result === undefined) return 0;
    if (run.globals.json === true) io.out(maskResolvedSecrets(toJson(result.json)));
    else if (result.text !== '') io.out(maskResolvedSecrets(result.text));
    return result.exitCode;
  } catch (error) {
    const code = exitCodeOf(error);
    if (error instanceof CommanderError) return code; // commander already printed the message
    const message = redact(error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    const suggestion = suggestionFor(error);
    if (run.globals.json === true) {
      io.out(redact(toJson({ error: isSluiceError(error) ? { ...error.toJSON(), ...(suggestion === undefined ? {} : { suggestion }) } : { message } })));
    } else {
      io.err(redact(`error${isSluiceError(error) ? ` ${error.code}` : ''}: ${message}${suggestion === undefined ? '' : ` (${suggestion})`}`));
      if (run.globals.verbose === true) {
        if (error instanceof Error && error.stack !== undefined) io.err(redact(error.stack));
        if (isSluiceError(error) && error.details !== undefined) io.err(redact(toJson(error.toJSON().details)));
      }
    }
    return code;
  }
}

/**
 * Runs `sluice` with this process's arguments, streams and exit code (the bin entry's whole job).
 *
 * @example
 * ```ts
 * runFromProcess() // as `sluice ...` would
 * ```
 */
export function runFromProcess(): void {
  // `sluice --help | head`, `sluice tail ... | head`: the reader is gone, so is the point of going on.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  let interrupt: () => void = () => undefined;
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  process.once('SIGINT', () => interrupt());
  const io: CliIo = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`), cwd: process.cwd(), env: process.env, interrupted };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
    // Kafka and HTTP keep-alive sockets are closed by the commands; this only guards against a stray timer.
    setTimeout(() => process.exit(code), 2000).unref();
  });
}

// Run directly (node dist/bin/sluice.js) or through the committed bin/sluice.js, which calls runFromProcess.
if (require.main === module) runFromProcess();
