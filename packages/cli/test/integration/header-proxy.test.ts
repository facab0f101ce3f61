import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { testStackEndpoints } from '@sluice/stack';
import { FlinkRestClient } from '@sluice/flink-client';
import { demoProject, sluice } from './cli-harness';

jest.setTimeout(240_000);

// A proxy in front of the stack's Flink REST and SQL Gateway that answers 401 to every request without
// the right X-Sluice-Tenant header (and echoes what it got, as some proxies do) and forwards the rest.
// `sluice validate` (gateway) and `sluice deploy --via jar` must send the header the config names, and
// fail clearly, without the value, when it is missing or wrong. The header's name is not credential-like
// on purpose: its value must be masked anyway.

const HEADER = 'X-Sluice-Tenant';

interface HeaderProxy {
  readonly url: string;
  readonly forwarded: string[];
  readonly rejected: string[];
  close(): Promise<void>;
}

async function headerProxy(target: string, value: string): Promise<HeaderProxy> {
  const forwarded: string[] = [];
  const rejected: string[] = [];
  const to = new URL(target);
  const server: Server = createServer((req, res) => {
    const got = req.headers[HEADER.toLowerCase()];
    const call = `${req.method ?? ''} ${req.url ?? ''}`;
    if (got !== value) {
      rejected.push(call);
      req.resume();
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [`${HEADER} '${String(got ?? '')}' is not accepted here`] }));
      return;
    }
    forwarded.push(call);
    const upstream = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    forwarded,
    rejected,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('sluice behind a Flink proxy that requires a header', () => {
  const endpoints = testStackEndpoints();
  const id = randomBytes(4).toString('hex');
  const tenant = `tenant-${randomBytes(6).toString('hex')}`;
  const wrong = `wrong-${randomBytes(6).toString('hex')}`;
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  let rest: HeaderProxy;
  let gateway: HeaderProxy;
  let demo: ReturnType<typeof demoProject>;

  beforeAll(async () => {
    rest = await headerProxy(endpoints.flinkRestUrl, tenant);
    gateway = await headerProxy(endpoints.sqlGatewayUrl, tenant);
    demo = demoProject(id, { kafkaBrokers: endpoints.kafkaBrokers, flinkRestUrl: rest.url, sqlGatewayUrl: gateway.url });
    // dev (the default) sends no header; the `proxied` environment sends the one the proxy wants.
    writeFileSync(
      join(demo.dir, 'sluice.config.ts'),
      `import { defineConfig } from '@sluice/cli';
export default defineConfig({
  project: '${demo.project}',
  signals: ['signals'],
  flink: { restUrl: '${rest.url}', sqlGatewayUrl: '${gateway.url}' },
  kafka: { brokers: ${JSON.stringify(endpoints.kafkaBrokers)} },
  deploy: { timeoutMs: 120000 },
  environments: { proxied: { flink: { headers: { '${HEADER}': 'env:SLUICE_IT_TENANT' } } } },
});
`,
    );
  });

  afterAll(async () => {
    // Slots are shared: cancel every job of this project, whatever state the test left.
    const { jobs } = await flink.getJobsOverview();
    for (const job of jobs.filter((j) => j.name.startsWith(`sluice.${demo.project}.`) && !['CANCELED', 'FINISHED', 'FAILED'].includes(j.state))) {
      await flink.cancelJob(job.jid).catch(() => undefined);
    }
    await rest.close();
    await gateway.close();
    rmSync(demo.dir, { recursive: true, force: true });
  });

  function expectUnauthorized(run: { code: number; stderr: string; stdout: string }, secret?: string): void {
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 2 });
    expect(run.stderr).toMatch(/^error FLINK_UNAUTHORIZED: HTTP 401 from (GET|POST) http:\/\/127\.0\.0\.1:\d+\/\S+: /);
    expect(run.stderr).toContain('set flink.headers or flink.auth in the config');
    if (secret !== undefined) expect(run.stderr + run.stdout).not.toContain(secret);
  }

  it('validate (gateway): 401 without the header, and with a wrong value (never shown); every signal valid with it', async () => {
    expectUnauthorized(await sluice(['validate'], demo.dir));
    expect(gateway.rejected.length).toBeGreaterThan(0);
    expect(gateway.forwarded).toEqual([]);

    const wrongRun = await sluice(['validate', '--env', 'proxied'], demo.dir, { SLUICE_IT_TENANT: wrong });
    expectUnauthorized(wrongRun, wrong);
    // The proxy echoed the wrong value; sluice masked it.
    expect(wrongRun.stderr).toContain(`${HEADER} '***' is not accepted here`);

    const run = await sluice(['validate', '--env', 'proxied'], demo.dir, { SLUICE_IT_TENANT: tenant });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('ok    clicks_per_user');
    expect(run.stdout).toContain('ok    pages_per_minute');
    expect(gateway.forwarded.filter((c) => c.includes('/statements')).length).toBeGreaterThan(0);
  });

  it('deploy --via jar: 401 without the header and no job; with it the sql-runner jar is uploaded and run through the proxy and the job runs', async () => {
    expectUnauthorized(await sluice(['deploy', 'pages_per_minute', '--via', 'jar'], demo.dir));
    const name = `sluice.${demo.project}.pages_per_minute`;
    expect((await flink.getJobsOverview()).jobs.filter((j) => j.name === name)).toEqual([]);

    const env = { SLUICE_IT_TENANT: tenant };
    const gatewayCalls = gateway.forwarded.length;
    const run = await sluice(['deploy', 'pages_per_minute', '--via', 'jar', '--env', 'proxied', '--json'], demo.dir, env);
    expect(run.code).toBe(0);
    const job = (JSON.parse(run.stdout) as { result: { jobs: { action: string; jobId?: string }[] } }).result.jobs[0];
    expect(job?.action).toBe('create');
    const details = await flink.getJobDetails(job?.jobId ?? '');
    expect(details.name).toBe(name);
    expect(details.state).toBe('RUNNING');
    expect(rest.forwarded).toContain('POST /jars/upload');
    expect(rest.forwarded.some((c) => /^POST \/jars\/[^/]+\/run/.test(c))).toBe(true);
    // The jar path: no statement went through the SQL Gateway.
    expect(gateway.forwarded.slice(gatewayCalls).filter((c) => c.includes('/statements'))).toEqual([]);
    expect((await sluice(['cancel', 'pages_per_minute', '--env', 'proxied'], demo.dir, env)).code).toBe(0);
  });
});
