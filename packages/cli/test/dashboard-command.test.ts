import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CliIo } from '@sluice/cli';
import { main } from '../src/bin/sluice';

const REPO = resolve(__dirname, '..', '..', '..');
const SIGNAL = "import { kafka, schema, signal, t } from '@sluice/dsl';\nconst src = kafka.source('src', schema({ a: t.int() }), { topic: 'in' });\nexport const s = signal('s').from(src).to(kafka.sink('out'));\n";

function status(url: string, headers: Record<string, string> = {}): Promise<number> {
  const u = new URL(url);
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port: u.port, path: `${u.pathname}${u.search}`, headers }, (res) => {
      res.resume();
      done(res.statusCode ?? 0);
    });
    req.on('error', fail);
    req.end();
  });
}

describe('sluice dashboard', () => {
  it('off loopback prints the URL with a fresh token once; requests without it get 401; Ctrl-C stops it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-dashboard-cli-'));
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
    mkdirSync(join(dir, 'signals'));
    writeFileSync(join(dir, 'signals', 's.ts'), SIGNAL);
    // Endpoints nobody listens on: the page is served while the cluster cannot be reached.
    writeFileSync(join(dir, 'sluice.yaml'), 'project: demo\nsignals: [signals]\nkafka:\n  brokers: 127.0.0.1:1\nflink:\n  restUrl: http://127.0.0.1:1\n  sqlGatewayUrl: http://127.0.0.1:1\n');
    let stop: () => void = () => undefined;
    const stdout: string[] = [];
    const stderr: string[] = [];
    const io: CliIo = { out: (t) => stdout.push(t), err: (t) => stderr.push(t), cwd: dir, env: {}, interrupted: new Promise<void>((r) => (stop = r)) };
    const running = main(['dashboard', '--host', '0.0.0.0', '--port', '0'], io);
    while (stdout.length === 0) await new Promise((r) => setTimeout(r, 20));
    const line = stdout[0] ?? '';
    expect(line).toMatch(/^dashboard: http:\/\/0\.0\.0\.0:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    const url = line.slice('dashboard: '.length).replace('0.0.0.0', '127.0.0.1');
    const token = new URL(url).searchParams.get('token') ?? '';
    expect(await status(url.replace(/\?token=.*/, ''))).toBe(401);
    expect(await status(url)).toBe(200);
    expect(await status(url.replace(/\?token=.*/, 'api/state'), { authorization: `Bearer ${token}` })).toBe(200);
    expect(stderr.join('\n')).not.toContain(token);
    stop();
    expect(await running).toBe(0);
    // Printed once: the result does not repeat it.
    expect(stdout.filter((l) => l.includes(token))).toHaveLength(1);
  });
});
