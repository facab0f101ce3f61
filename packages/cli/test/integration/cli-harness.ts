import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repository root (tests run from source; the CLI binary is the built one). */
export const REPO = resolve(__dirname, '..', '..', '..', '..');
export const BIN = join(REPO, 'packages', 'cli', 'dist', 'bin', 'sluice.js');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Spawns `node packages/cli/dist/bin/sluice.js <args>` in `cwd`. */
export function sluice(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * A copy of examples/cli-demo in a temp directory with unique topic, group and project names
 * (the stack is shared), and a node_modules link to the repository's so `@sluice/*` resolve as in
 * a user's project.
 */
export function demoProject(id: string, endpoints: { kafkaBrokers: readonly string[]; flinkRestUrl: string; sqlGatewayUrl: string }): { dir: string; project: string; topic: (name: string) => string } {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-'));
  const project = `clidemo_${id}`;
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  cpSync(join(REPO, 'examples', 'cli-demo', 'signals'), join(dir, 'signals'), { recursive: true });
  for (const file of readdirSync(join(dir, 'signals'))) {
    const path = join(dir, 'signals', file);
    writeFileSync(path, readFileSync(path, 'utf8').replace(/cli-demo\./g, `cli-demo-${id}.`).replace(/sluice\.cli_demo\./g, `sluice.${project}.`));
  }
  writeFileSync(
    join(dir, 'sluice.config.ts'),
    `import { defineConfig } from '@sluice/cli';\nexport default defineConfig({\n  project: '${project}',\n  signals: ['signals'],\n  flink: { restUrl: '${endpoints.flinkRestUrl}', sqlGatewayUrl: '${endpoints.sqlGatewayUrl}' },\n  kafka: { brokers: ${JSON.stringify(endpoints.kafkaBrokers)} },\n  deploy: { timeoutMs: 120000 },\n});\n`,
  );
  return { dir, project, topic: (name) => `cli-demo-${id}.${name}` };
}

/**
 * Makes `dir` a user's project for a test: a node_modules link to the repository's (so `@sluice/*` resolve as
 * in a user's project) and a `sluice.config.ts` for `project` on the stack's endpoints, with `signals.ts` as
 * its signal module (the test writes that). `kafka` replaces the brokers-only Kafka section, `deploy` adds
 * entries to the deploy section, `extra` adds top-level entries.
 */
export function writeUserProject(
  dir: string,
  o: { project: string; endpoints: { kafkaBrokers: readonly string[]; flinkRestUrl: string; sqlGatewayUrl: string }; kafka?: string; deploy?: string; extra?: string },
): void {
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(
    join(dir, 'sluice.config.ts'),
    `import { defineConfig } from '@sluice/cli';\nexport default defineConfig({\n  project: '${o.project}',\n  signals: ['signals.ts'],\n  flink: { restUrl: '${o.endpoints.flinkRestUrl}', sqlGatewayUrl: '${o.endpoints.sqlGatewayUrl}' },\n  kafka: ${o.kafka ?? `{ brokers: ${JSON.stringify(o.endpoints.kafkaBrokers)} }`},\n${o.extra ?? ''}  deploy: { timeoutMs: 120000${o.deploy ?? ''} },\n});\n`,
  );
}
