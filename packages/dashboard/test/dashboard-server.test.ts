import { request } from 'node:http';
import { isSluiceError } from '@sluice/errors';
import { checkServerOptions, generateToken, isLoopbackHost, sseFrame, startDashboardServer, type DashboardServer } from '@sluice/dashboard';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Reads an event stream until `count` frames (blank-line separated) arrived, then closes it. */
function frames(port: number, path: string, count: number, headers: Record<string, string> = {}): Promise<{ type: string | undefined; frames: string[] }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
        const parts = text.split('\n\n');
        if (parts.length > count) {
          req.destroy();
          resolve({ type: res.headers['content-type'], frames: parts.slice(0, count).map((p) => `${p}\n\n`) });
        }
      });
    });
    req.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
    req.end();
  });
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isSluiceError(e) ? e.code : `not a SluiceError: ${String(e)}`;
  }
  return undefined;
}

describe('dashboard server', () => {
  const open: DashboardServer[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('refuses a non-loopback host without a token, before binding anything', async () => {
    expect(codeOf(() => checkServerOptions({ host: '0.0.0.0' }))).toBe('DASHBOARD_TOKEN_REQUIRED');
    expect(codeOf(() => checkServerOptions({ host: '192.168.1.20' }))).toBe('DASHBOARD_TOKEN_REQUIRED');
    expect(codeOf(() => checkServerOptions({ host: '::' }))).toBe('DASHBOARD_TOKEN_REQUIRED');
    expect(codeOf(() => checkServerOptions({ host: '127.0.0.1' }))).toBeUndefined();
    expect(codeOf(() => checkServerOptions({ host: 'localhost' }))).toBeUndefined();
    expect(codeOf(() => checkServerOptions({ host: '0.0.0.0', token: generateToken() }))).toBeUndefined();
    expect(codeOf(() => checkServerOptions({ host: '0.0.0.0', token: 'short' }))).toBe('DASHBOARD_INVALID_OPTION');
    expect(codeOf(() => checkServerOptions({ port: 70000 }))).toBe('DASHBOARD_INVALID_OPTION');
    await expect(startDashboardServer({ host: '0.0.0.0', snapshot: () => ({}) })).rejects.toMatchObject({ code: 'DASHBOARD_TOKEN_REQUIRED', suggestion: expect.stringContaining('token') });
    expect([isLoopbackHost('127.0.0.1'), isLoopbackHost('127.1.2.3'), isLoopbackHost('::1'), isLoopbackHost('[::1]'), isLoopbackHost('0.0.0.0'), isLoopbackHost('10.0.0.1')]).toEqual([true, true, true, true, false, false]);
  });

  it('answers 401 to every request without the token, and serves the page with it (query, cookie, bearer)', async () => {
    const token = generateToken();
    // Bound beyond loopback (every interface), reached here through 127.0.0.1.
    const server = await startDashboardServer({ host: '0.0.0.0', token, snapshot: () => ({ secret: false }) });
    open.push(server);
    expect(server.url).toBe(`http://0.0.0.0:${server.port}/?token=${token}`);
    for (const path of ['/', '/dashboard.js', '/vendor/uplot.js', '/events', '/api/state', '/nothing']) {
      const a = await get(server.port, path);
      expect({ path, status: a.status }).toEqual({ path, status: 401 });
      expect(a.body).not.toContain(token);
    }
    expect((await get(server.port, `/?token=${generateToken()}`)).status).toBe(401);
    expect((await get(server.port, '/', { authorization: 'Bearer wrong-token-wrong-token' })).status).toBe(401);

    const page = await get(server.port, `/?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<pre id="state" hidden>');
    const cookie = String(page.headers['set-cookie']).split(';')[0] ?? '';
    expect(cookie).toBe(`sluice_dashboard_token=${token}`);
    expect(String(page.headers['set-cookie'])).toContain('HttpOnly');
    expect((await get(server.port, '/dashboard.js', { cookie })).status).toBe(200);
    expect((await get(server.port, '/api/state', { authorization: `Bearer ${token}` })).body).toBe('{"secret":false}');
  });

  it('serves the page, its script and the chart libraries from installed packages on loopback without a token', async () => {
    const server = await startDashboardServer({ snapshot: () => ({}) });
    open.push(server);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const uplot = await get(server.port, '/vendor/uplot.js');
    expect([uplot.status, uplot.headers['content-type']]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect(uplot.body).toContain('uPlot');
    const charts = await get(server.port, '/vendor/lightweight-charts.js');
    expect(charts.body).toContain('createChart');
    expect((await get(server.port, '/vendor/uplot.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(server.port, '/../package.json')).status).toBe(404);
    // A page of another site whose name resolves to 127.0.0.1 (DNS rebinding) is refused.
    expect((await get(server.port, '/api/state', { host: `evil.example:${server.port}` })).status).toBe(403);
    expect((await get(server.port, '/api/state', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('frames Server-Sent Events: the snapshot first, then broadcasts, each as event + one data line', async () => {
    expect(sseFrame('jobs', [{ signal: 'vwap', n: 10n }])).toBe('event: jobs\ndata: [{"signal":"vwap","n":10}]\n\n');
    expect(sseFrame('rows', { text: 'two\nlines' })).toBe('event: rows\ndata: {"text":"two\\nlines"}\n\n');
    expect(() => sseFrame('bad name', 1)).toThrow('not an SSE event name');
    const server = await startDashboardServer({ snapshot: () => ({ signals: ['a'] }) });
    open.push(server);
    const reading = frames(server.port, '/events', 3);
    while (server.hub.size === 0) await new Promise((r) => setTimeout(r, 10));
    server.hub.broadcast('jobs', [{ signal: 'a', state: 'RUNNING' }]);
    const got = await reading;
    expect(got.type).toBe('text/event-stream; charset=utf-8');
    expect(got.frames).toEqual(['retry: 1000\n\n', 'event: snapshot\ndata: {"signals":["a"]}\n\n', 'event: jobs\ndata: [{"signal":"a","state":"RUNNING"}]\n\n']);
  });

  it('reports a busy port by its code', async () => {
    const server = await startDashboardServer({ snapshot: () => ({}) });
    open.push(server);
    await expect(startDashboardServer({ port: server.port, snapshot: () => ({}) })).rejects.toMatchObject({ code: 'DASHBOARD_PORT_BUSY' });
  });
});
