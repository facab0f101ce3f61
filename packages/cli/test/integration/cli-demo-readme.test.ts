import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schema, t } from '@sluice/dsl';
import { FlinkRestClient } from '@sluice/flink-client';
import { createKafkaClient } from '@sluice/kafka';
import { testStackEndpoints } from '@sluice/stack';
import { REPO, type CliRun } from './cli-harness';

// Must-show: `npx sluice --help` and every command of examples/cli-demo/README.md work as written, through
// npx (the bin npm linked), from the directory the README says. The README's own project is used as is
// (project cli_demo, topics cli-demo.*), so its fixed names and endpoints are what is tested.
jest.setTimeout(300_000);

const README = join(REPO, 'examples', 'cli-demo', 'README.md');
const Click = schema({ user_id: t.string(), page: t.string(), ts: t.timestampLtz(3) });

/** The shell lines of the README's code block that holds the `npx sluice` commands. */
function readmeCommands(): string[] {
  const blocks = [...readFileSync(README, 'utf8').matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const block = blocks.find((b) => b.includes('npx sluice'));
  if (block === undefined) throw new Error('no code block with npx sluice in examples/cli-demo/README.md');
  return block.split('\n').map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => line !== '');
}

/** Runs one README line with `sh -c` in `cwd`; `untilOutput` ends it with Ctrl-C (SIGINT to its process group) once seen. */
function shell(line: string, cwd: string, untilOutput?: RegExp): Promise<CliRun & { signal: NodeJS.Signals | null }> {
  return new Promise((done, fail) => {
    const child = spawn('sh', ['-c', line], { cwd, env: process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: untilOutput !== undefined });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (untilOutput !== undefined && !interrupted && untilOutput.test(stdout) && child.pid !== undefined) {
        interrupted = true;
        process.kill(-child.pid, 'SIGINT'); // what a terminal's Ctrl-C does
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code, signal) => done({ code: code ?? -1, signal, stdout, stderr }));
  });
}

const endpoints = testStackEndpoints();
// The README's config names the default local endpoints; against another cluster its commands cannot work as written.
const defaults = endpoints.flinkRestUrl === 'http://127.0.0.1:8081' && endpoints.sqlGatewayUrl === 'http://127.0.0.1:8083' && endpoints.kafkaBrokers.join(',') === '127.0.0.1:9092';
const describeOnDefaults = defaults ? describe : describe.skip;

describeOnDefaults('examples/cli-demo/README.md as written, through npx', () => {
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  const user = `readme-${randomBytes(4).toString('hex')}`;

  async function cancelDemoJobs(): Promise<void> {
    const { jobs } = await flink.getJobsOverview();
    for (const job of jobs.filter((j) => j.name.startsWith('sluice.cli_demo.') && !['CANCELED', 'FINISHED', 'FAILED'].includes(j.state))) {
      await flink.cancelJob(job.jid).catch(() => undefined);
    }
  }

  // A demo left running by a person or an aborted run would turn `plan`'s "create" into "unchanged".
  beforeAll(cancelDemoJobs);
  afterAll(cancelDemoJobs);

  it('npx sluice --help, --version and npx sluice-stack --version from the repository root', async () => {
    const help = await shell('npx sluice --help', REPO);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: sluice [options] [command]');
    const version = (JSON.parse(readFileSync(join(REPO, 'packages', 'cli', 'package.json'), 'utf8')) as { version: string }).version;
    const v = await shell('npx sluice --version', REPO);
    expect([v.code, v.stdout.trim()]).toEqual([0, version]);
    const stackVersion = (JSON.parse(readFileSync(join(REPO, 'packages', 'stack', 'package.json'), 'utf8')) as { version: string }).version;
    const sv = await shell('npx sluice-stack --version', REPO);
    expect([sv.code, sv.stdout.trim()]).toEqual([0, stackVersion]);
  });

  it('every command of the README, in order, from the directory it names', async () => {
    const lines = readmeCommands();
    expect(lines[0]).toBe('cd examples/cli-demo');
    const cwd = join(REPO, 'examples', 'cli-demo');
    const seen: string[] = [];
    for (const line of lines.slice(1)) {
      const command = /^npx sluice (\w+)/.exec(line)?.[1];
      seen.push(command ?? line);
      switch (command) {
        case 'validate': {
          const run = await shell(line, cwd);
          expect(run.code).toBe(0);
          expect(run.stdout).toContain('ok    clicks_per_user');
          expect(run.stdout).toContain('ok    pages_per_minute');
          break;
        }
        case 'plan': {
          const run = await shell(line, cwd);
          expect(run.code).toBe(3);
          expect(run.stdout).toMatch(/create\s+clicks_per_user/);
          expect(run.stdout).toMatch(/create\s+pages_per_minute/);
          break;
        }
        case 'deploy': {
          const run = await shell(line, cwd);
          expect(run.code).toBe(0);
          expect(run.stdout).toMatch(/clicks_per_user job [0-9a-f]{32}/);
          expect(run.stdout).toMatch(/pages_per_minute job [0-9a-f]{32}/);
          break;
        }
        case 'status': {
          const run = await shell(line, cwd);
          expect(run.code).toBe(0);
          expect(run.stdout).toMatch(/clicks_per_user\s+RUNNING/);
          expect(run.stdout).toMatch(/pages_per_minute\s+RUNNING/);
          break;
        }
        case 'tail': {
          // Three clicks of a user of our own: the running count reaches 3; then Ctrl-C, as a person would.
          const kafka = createKafkaClient({ brokers: endpoints.kafkaBrokers, clientId: `cli-readme-${user}` });
          try {
            const producer = await kafka.producer({ topic: 'cli-demo.clicks', schema: Click, key: ['user_id'] });
            await producer.send([1, 2, 3].map(() => ({ user_id: user, page: 'home', ts: new Date() })));
            await producer.close();
          } finally {
            await kafka.close();
          }
          const run = await shell(line, cwd, new RegExp(`${user}\\s+3\\b`));
          expect(run.stdout).toMatch(new RegExp(`${user}\\s+1\\b[\\s\\S]*${user}\\s+2\\b[\\s\\S]*${user}\\s+3\\b`));
          // sluice exits 0 on Ctrl-C; npm exec (npx) passes the SIGINT on as its own end.
          expect(run.code === 0 || run.signal === 'SIGINT').toBe(true);
          expect(run.stderr).not.toMatch(/error/i);
          break;
        }
        case 'cancel': {
          const run = await shell(line, cwd);
          expect(run.code).toBe(0);
          const { jobs } = await flink.getJobsOverview();
          expect(jobs.filter((j) => j.name.startsWith('sluice.cli_demo.') && j.state === 'RUNNING')).toEqual([]);
          break;
        }
        default:
          throw new Error(`the README has a command this test does not know: ${line}`);
      }
    }
    expect(seen).toEqual(['validate', 'plan', 'deploy', 'status', 'tail', 'cancel']);
  });
});
