import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkAccess, hostAllowed, isLoopbackHost, TOKEN_COOKIE } from './access';
import { dashboardError } from './error-codes';
import { sseFrame, SseHub } from './sse';
import { staticFile } from './static-files';

/** Options of {@link startDashboardServer}. */
export interface DashboardServerOptions {
  /** Default `127.0.0.1`. Any other (non-loopback) host needs `token`. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Required off loopback: every request must carry it (`?token=`, `Authorization: Bearer`, or the page's cookie). */
  readonly token?: string;
  /** The whole state a page starts from (sent as the `snapshot` event and at `/api/state`). */
  readonly snapshot: () => unknown;
}

/** A running dashboard HTTP server. */
export interface DashboardServer {
  /** The page's address; with `?token=` when a token is required. */
  readonly url: string;
  readonly port: number;
  /** The open event streams: broadcast live data to every page. */
  readonly hub: SseHub;
  close(): Promise<void>;
}

/**
 * Refuses a host other than loopback without a token, and a port or token that cannot work.
 *
 * @throws SluiceError `DASHBOARD_TOKEN_REQUIRED`, `DASHBOARD_INVALID_OPTION`
 * @example
 * ```ts
 * checkServerOptions({ host: '0.0.0.0' }) // throws DASHBOARD_TOKEN_REQUIRED
 * ```
 */
export function checkServerOptions(options: { readonly host?: string; readonly port?: number; readonly token?: string }): void {
  const host = options.host ?? '127.0.0.1';
  if (options.port !== undefined && (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535)) {
    throw dashboardError('DASHBOARD_INVALID_OPTION', `port ${options.port} is not a port number`, { details: { option: 'port' }, suggestion: 'pass a whole number from 0 (any free port) to 65535' });
  }
  if (options.token !== undefined && options.token.length < 16) {
    throw dashboardError('DASHBOARD_INVALID_OPTION', 'the dashboard token is shorter than 16 characters', { details: { option: 'token' }, suggestion: 'use generateToken() (the CLI makes one for you)' });
  }
  if (!isLoopbackHost(host) && options.token === undefined) {
    throw dashboardError('DASHBOARD_TOKEN_REQUIRED', `the dashboard would listen on ${host}, beyond this machine, without a token`, {
      details: { host },
      suggestion: 'bind 127.0.0.1 (the default), or pass a token (generateToken(); `sluice dashboard --host` makes and prints one)',
    });
  }
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the dashboard's HTTP server: the page and its files, `/events` (Server-Sent Events: a `snapshot`
 * first, then whatever the caller broadcasts on `hub`) and `/api/state`. Every request is checked: the
 * `Host` header on loopback (no DNS rebinding), the token when there is one (401 without it).
 *
 * @throws SluiceError `DASHBOARD_TOKEN_REQUIRED`, `DASHBOARD_INVALID_OPTION`, `DASHBOARD_PORT_BUSY`
 * @example
 * ```ts
 * const server = await startDashboardServer({ snapshot: () => ({ signals: [] }) })
 * server.hub.broadcast('jobs', [])
 * await server.close()
 * ```
 */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  checkServerOptions(options);
  const host = options.host ?? '127.0.0.1';
  const token = options.token;
  const hub = new SseHub();
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    if (!hostAllowed(req.headers.host, host)) return send(res, 403, 'text/plain; charset=utf-8', 'forbidden host\n');
    const access = checkAccess(req, url, token);
    if (!access.ok) return send(res, 401, 'text/plain; charset=utf-8', 'unauthorized: open the URL with ?token= that `sluice dashboard` printed\n', { 'www-authenticate': 'Bearer' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'read-only\n', { allow: 'GET, HEAD' });
    // The page keeps the token in a cookie, so its script, styles and event stream need no token in their URLs.
    const cookie: Record<string, string> = access.fromQuery && token !== undefined ? { 'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {};
    if (url.pathname === '/events') {
      hub.open(res, [sseFrame('snapshot', options.snapshot())]);
      return;
    }
    if (url.pathname === '/api/state') return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(options.snapshot()), cookie);
    const file = staticFile(url.pathname);
    if (file === undefined) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    send(res, 200, file.type, file.body, { ...cookie, 'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:" });
  };
  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `${error instanceof Error ? error.message : String(error)}\n`);
      else res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? dashboardError('DASHBOARD_PORT_BUSY', `port ${options.port ?? 0} on ${host} is already in use`, { cause: error, details: { host, port: options.port ?? 0 }, suggestion: 'pass another --port, or 0 for any free port' })
          : error,
      ),
    );
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const ping = setInterval(() => hub.ping(), 15_000);
  ping.unref();
  return {
    url: `http://${urlHost(host)}:${port}/${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`,
    port,
    hub,
    close: async () => {
      clearInterval(ping);
      hub.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
