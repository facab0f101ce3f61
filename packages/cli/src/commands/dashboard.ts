import { dashboard, generateToken, isLoopbackHost } from '@sluice/dashboard';
import type { CliIo, CommandResult, GlobalOptions } from '../io';
import { loadCliProject } from '../load';

/** Options of {@link dashboardCommand}. */
export interface DashboardCommandOptions extends GlobalOptions {
  /** Default 4180 (0: any free port). */
  readonly port?: number;
  /** Default 127.0.0.1. Another host gets a fresh token, printed once with the URL. */
  readonly host?: string;
  /** Only these signals. */
  readonly signals?: readonly string[];
  /** Where the charts start: `latest` (default, rows from now on) or `earliest` (the topics' retained rows). */
  readonly from?: 'earliest' | 'latest';
}

/**
 * `sluice dashboard`: serves the live page of the project's signals and jobs until Ctrl-C, and prints its URL.
 * Off loopback it makes a token, prints it once inside the URL, and every request must carry it.
 *
 * @example
 * ```ts
 * await dashboardCommand(io, { port: 4180 }) // prints "dashboard: http://127.0.0.1:4180/", serves until io.interrupted
 * ```
 */
export async function dashboardCommand(io: CliIo, options: DashboardCommandOptions): Promise<CommandResult> {
  const host = options.host ?? '127.0.0.1';
  const token = isLoopbackHost(host) ? undefined : generateToken();
  const project = await loadCliProject(io, options);
  const board = await dashboard(project, {
    host,
    port: options.port ?? 4180,
    ...(token === undefined ? {} : { token }),
    ...(options.signals === undefined ? {} : { signals: options.signals }),
    ...(options.from === undefined ? {} : { from: options.from }),
  });
  try {
    io.out(`dashboard: ${board.url}`);
    if (token !== undefined) io.err(`The URL carries a token (shown only now): anyone with it can read the page. Requests without it get 401.`);
    io.err('Ctrl-C to stop.');
    await (io.interrupted ?? new Promise<void>(() => undefined));
  } finally {
    await board.close();
  }
  // The token is not repeated in the result: it was printed once.
  return { exitCode: 0, json: { host, port: board.port, tokenRequired: token !== undefined }, text: '' };
}
