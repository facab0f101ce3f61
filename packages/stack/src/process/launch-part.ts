import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { registryRunnerJar } from '../artifacts/registry-distribution';
import type { StackLayout } from '../layout';
import { partOf, STACK_SASL_MECHANISMS, STACK_SASL_PASSWORD, STACK_SASL_USER, type StackOptions, type StackPart, type StackProcess } from '../options';
import { STACK_MARKER_ENV } from './process-table';
import { runCommand } from './run-command';

export interface StackHomesRef {
  flinkHome: string;
  kafkaHome: string;
  registryHome: string;
}

/**
 * The `java` the stack runs its JVMs with: `$JAVA_HOME/bin/java`, else `java` on the PATH.
 *
 * @example
 * ```ts
 * spawn(javaCommand(), [...kafkaToolJvmArgs(stackLayout(options), homes), 'kafka.tools.StorageTool', 'random-uuid'])
 * ```
 */
export function javaCommand(): string {
  return process.env.JAVA_HOME === undefined ? 'java' : join(process.env.JAVA_HOME, 'bin', 'java');
}

export function kafkaJvmArgs(options: StackOptions, layout: StackLayout, homes: StackHomesRef): string[] {
  return [
    '-Xms256m',
    `-Xmx${options.memory.kafka}`,
    '-XX:+UseG1GC',
    `-Dlog4j2.configurationFile=file:${layout.kafkaLog4jFile}`,
    `-Dkafka.logs.dir=${layout.logDir}`,
    '-cp',
    // The JVM expands this wildcard itself; no shell is involved.
    join(homes.kafkaHome, 'libs', '*'),
  ];
}

/** Apicurio Registry (Quarkus): bound to the stack's host and port, its storage an H2 file under the state dir. */
export function registryJvmArgs(options: StackOptions, layout: StackLayout, homes: Pick<StackHomesRef, 'registryHome'>): string[] {
  return [
    `-Xmx${options.memory.registry}`,
    `-Dquarkus.http.host=${options.host}`,
    `-Dquarkus.http.port=${options.ports.registry}`,
    `-Dapicurio.datasource.url=jdbc:h2:file:${join(layout.registryDir, 'db')}`,
    '-jar',
    registryRunnerJar(homes.registryHome, options.registryVersion),
  ];
}

/**
 * A short-lived Kafka tool: small heap, and C1 only (about half the start-up time of a full JIT); the classpath
 * is the stack's Kafka `libs/` (broker and clients, no kafka-tools jar).
 *
 * @example
 * ```ts
 * spawn(javaCommand(), [...kafkaToolJvmArgs(stackLayout(options), homes), 'kafka.Kafka', '--version'])
 * ```
 */
export function kafkaToolJvmArgs(layout: StackLayout, homes: StackHomesRef): string[] {
  return ['-Xmx256m', '-XX:TieredStopAtLevel=1', `-Dlog4j2.configurationFile=file:${layout.kafkaLog4jFile}`, '-cp', join(homes.kafkaHome, 'libs', '*')];
}

/**
 * A KRaft cluster id: 16 random bytes, base64url without padding (what `StorageTool random-uuid` prints).
 * Like Kafka's own `Uuid.randomUuid`, it never starts with `-`: the storage tool's argument parser would read
 * such an id as an option (one start in 64 failed that way).
 */
export function kraftClusterId(random: (size: number) => Buffer = randomBytes): string {
  for (;;) {
    const id = random(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** The SCRAM mechanisms of the SASL listener, whose credentials live in KRaft metadata. */
export const SCRAM_MECHANISMS = STACK_SASL_MECHANISMS.filter((m) => m.startsWith('SCRAM-'));

/**
 * Formats Kafka's log dir once; a formatted dir keeps its cluster id and data across restarts. The SASL
 * test user's SCRAM credentials go into the initial metadata, so they exist from the broker's first start
 * (a dir formatted before the SASL listener existed gets them later, see `ensureScramUser`).
 */
export async function formatKafkaStorageIfNeeded(options: StackOptions, layout: StackLayout, homes: StackHomesRef): Promise<boolean> {
  const formatted = await access(join(layout.kafkaDataDir, 'meta.properties')).then(() => true, () => false);
  if (formatted) return false;
  const scram = SCRAM_MECHANISMS.flatMap((m) => ['--add-scram', `${m}=[name=${STACK_SASL_USER},password=${STACK_SASL_PASSWORD}]`]);
  await runCommand(javaCommand(), [...kafkaJvmArgs(options, layout, homes), 'kafka.tools.StorageTool', 'format', `--cluster-id=${kraftClusterId()}`, '-c', layout.kafkaConfigFile, '--ignore-formatted', ...scram], {
    purpose: 'format Kafka storage',
    suggestion: `delete ${layout.kafkaDataDir} and start again`,
    secrets: [STACK_SASL_PASSWORD],
  });
  return true;
}

/**
 * A fresh resource id for a TaskManager start: health then looks for this TaskManager, not for any
 * registration (a killed one stays registered until its heartbeat times out).
 */
export function newTaskManagerId(random: (size: number) => Buffer = randomBytes): string {
  return `sluice-tm-${random(4).toString('hex')}`;
}

function commandFor(part: StackPart, options: StackOptions, layout: StackLayout, homes: StackHomesRef, taskManagerId?: string): { command: string; args: string[] } {
  const script = (name: string, extra: string[] = []) => ({ command: 'bash', args: [join(homes.flinkHome, 'bin', name), 'start-foreground', ...extra] });
  switch (part) {
    case 'kafka':
      return { command: javaCommand(), args: [...kafkaJvmArgs(options, layout, homes), 'kafka.Kafka', layout.kafkaConfigFile] };
    case 'jobmanager':
      return script('jobmanager.sh');
    case 'taskmanager':
      // Flink's TaskManager takes dynamic properties after the mode; the id names it in /taskmanagers.
      return script('taskmanager.sh', taskManagerId === undefined ? [] : ['-D', `taskmanager.resource-id=${taskManagerId}`]);
    case 'sql-gateway':
      return script('sql-gateway.sh');
    case 'registry':
      return { command: javaCommand(), args: registryJvmArgs(options, layout, homes) };
  }
}

/**
 * Starts one part in the foreground of its own process group, detached from this Node process so it
 * outlives it; stdout and stderr go to the part's log file. Flink's `start-foreground` scripts `exec`
 * the JVM, so the returned pid is the JVM's.
 */
export async function launchPart(name: StackProcess, options: StackOptions, layout: StackLayout, homes: StackHomesRef, taskManagerId?: string): Promise<ChildProcess> {
  await mkdir(layout.logDir, { recursive: true });
  const log = await open(layout.logFile(name), 'a');
  try {
    const { command, args } = commandFor(partOf(name), options, layout, homes, taskManagerId);
    await log.write(`\n===== ${new Date().toISOString()} starting ${name}: ${command} ${args.join(' ')}\n`);
    const child = spawn(command, args, {
      cwd: layout.stateDir,
      detached: true,
      stdio: ['ignore', log.fd, log.fd],
      env: { ...process.env, FLINK_CONF_DIR: layout.flinkConfDir, FLINK_LOG_DIR: layout.logDir, [STACK_MARKER_ENV]: layout.stateDir },
    });
    child.unref();
    return child;
  } finally {
    await log.close();
  }
}
