import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/** The cookie the page keeps the token in after it was opened with `?token=`. */
export const TOKEN_COOKIE = 'sluice_dashboard_token';

/**
 * Whether a host name binds only this machine: `localhost`, 127.0.0.0/8 or `::1`.
 *
 * @example
 * ```ts
 * isLoopbackHost('127.0.0.1') // true
 * isLoopbackHost('0.0.0.0') // false
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * A fresh random token (32 url-safe characters, 192 bits) for a dashboard on a non-loopback host.
 *
 * @example
 * ```ts
 * const d = await dashboard(project, { host: '0.0.0.0', token: generateToken() })
 * ```
 */
export function generateToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return undefined;
}

/** How a request proved it may see the page. */
export type AccessVerdict = { readonly ok: true; readonly fromQuery: boolean } | { readonly ok: false };

/**
 * Checks a request against the dashboard's token: `?token=` (the printed URL), `Authorization: Bearer`,
 * or the cookie the page got when opened with `?token=`. Without a token every request passes.
 *
 * @example
 * ```ts
 * checkAccess(req, url, token).ok // false: answer 401
 * ```
 */
export function checkAccess(req: IncomingMessage, url: URL, token: string | undefined): AccessVerdict {
  if (token === undefined) return { ok: true, fromQuery: false };
  const query = url.searchParams.get('token');
  if (query !== null && sameToken(query, token)) return { ok: true, fromQuery: true };
  const auth = req.headers.authorization;
  if (auth !== undefined && auth.startsWith('Bearer ') && sameToken(auth.slice(7), token)) return { ok: true, fromQuery: false };
  const cookie = cookieToken(req.headers.cookie);
  if (cookie !== undefined && sameToken(cookie, token)) return { ok: true, fromQuery: false };
  return { ok: false };
}

/**
 * Whether the `Host` header names this server: on loopback a page of another site that resolves its own
 * name to 127.0.0.1 (DNS rebinding) must not read the dashboard, so only loopback names are accepted there.
 *
 * @example
 * ```ts
 * hostAllowed('evil.example:4173', '127.0.0.1') // false
 * ```
 */
export function hostAllowed(hostHeader: string | undefined, boundHost: string): boolean {
  if (!isLoopbackHost(boundHost)) return true;
  if (hostHeader === undefined) return false;
  const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : (hostHeader.split(':')[0] ?? '');
  return isLoopbackHost(name);
}
