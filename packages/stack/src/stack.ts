import type { ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { SluiceError } from '@sluice/errors';
import { fetchArtifacts, type StackHomes } from './artifacts/fetch-artifacts';
import { writeFlinkConfig } from './config/flink-config';
import { writeKafkaConfig } from './config/kafka-config';
import { checkKafka, checkPart, type HealthResult } from './health';
import { stackLayout, type StackLayout } from './layout';
import {
  ADDED_KAFKA_LISTENERS,
  endpointsOf,
  partOf,
  resolveStackOptions,
  STACK_PARTS,
  STACK_SASL_USER,
  stackProcesses,
  type RecordedPorts,
  type StackEndpoints,
  type StackOptions,
  type StackOptionsInput,
  type StackPart,
  type StackPorts,
  type StackProcess,
} from './options';
import { assertPortsFree } from './ports';
import { ensureScramUser } from './process/kafka-sasl';
import { ensureKafkaTls } from './process/kafka-tls';
import { formatKafkaStorageIfNeeded, launchPart, newTaskManagerId } from './process/launch-part';
import { isOurProcess, sleep, terminate, type TerminateOutcome } from './process/process-table';
import { lastLines } from './process/run-command';
import { extraTaskManagersOnDisk, readPid, readStackRecord, readTaskManagerId, recordOf, removePid, writePid, writeStackRecord, writeTaskManagerId, type StackRecord } from './state';
import { stackError } from './error-codes';

/** Progress of long work, one line each: fetching, starting, ready. */
export type StackProgress = (message: string) => void;

export interface PartStart {
  part: StackPart;
  /** The process: the part's name, or `taskmanager-2`, `taskmanager-3`, ... for TaskManagers beyond the first. */
  name: StackProcess;
  /** A TaskManager's resource id (`taskmanager.resource-id`), as Flink's /taskmanagers lists it. */
  resourceId?: string;
  pid: number;
  /** `started` by this call, or `already-running` from an earlier one. */
  outcome: 'started' | 'already-running';
  /** Spawn to healthy, for parts this call started. */
  ms?: number;
  logFile: string;
  health: string;
}

export interface StackUpResult {
  endpoints: StackEndpoints;
  parts: PartStart[];
  /** True when every requested part was already running and healthy: nothing was done. */
  alreadyRunning: boolean;
  fetch?: StackHomes;
  logDir: string;
  totalMs: number;
}

const PART_LABEL: Readonly<Record<StackPart, string>> = {
  kafka: 'Kafka broker',
  jobmanager: 'Flink JobManager',
  taskmanager: 'Flink TaskManager',
  'sql-gateway': 'Flink SQL Gateway',
  registry: 'Apicurio Registry',
};

/** `Flink TaskManager` for the first, `Flink TaskManager 2` for `taskmanager-2`. */
function labelOf(name: StackProcess): string {
  const part = partOf(name);
  return name === part ? PART_LABEL[part] : `${PART_LABEL[part]} ${name.slice(part.length + 1)}`;
}

async function runningPids(layout: StackLayout, parts: readonly StackProcess[]): Promise<Map<StackProcess, number>> {
  const running = new Map<StackProcess, number>();
  for (const part of parts) {
    const pid = await readPid(layout, part);
    if (pid !== undefined && (await isOurProcess(pid, layout.stateDir))) running.set(part, pid);
  }
  return running;
}

function assertSameConfiguration(record: StackRecord | undefined, options: StackOptions, running: Map<StackProcess, number>): void {
  if (record === undefined || running.size === 0) return;
  const differences: string[] = [];
  for (const key of ['flinkVersion', 'kafkaConnectorVersion', 'jdbcConnectorVersion', 'kafkaVersion', 'registryVersion', 'host', 'taskSlots'] as const) {
    // A record written before a setting existed says nothing about it.
    if (record[key] === undefined) continue;
    if (record[key] !== options[key]) differences.push(`${key} ${String(record[key])} (wanted ${String(options[key])})`);
  }
  for (const [name, port] of Object.entries(options.ports)) {
    const was = record.ports[name as keyof StackOptions['ports']];
    // A port the record does not name is a listener added since; the running part just lacks it.
    if (was !== undefined && was !== port) differences.push(`ports.${name} ${was} (wanted ${port})`);
  }
  if (differences.length > 0) {
    throw stackError('STACK_CONFLICT', `a stack with another configuration is running from ${options.stateDir}: ${differences.join(', ')}`, {
      details: { stateDir: options.stateDir, differences },
      suggestion: 'stop it first (npm run stack:down), or use another state directory (SLUICE_STACK_DIR)',
    });
  }
}

/** The processes of `options`, plus TaskManagers beyond them that have a pid file, in start order. */
async function allProcesses(layout: StackLayout, options: { parts: readonly StackPart[]; taskManagers: number }): Promise<StackProcess[]> {
  const asked = stackProcesses(options);
  const extra = (await extraTaskManagersOnDisk(layout)).filter((name) => !asked.includes(name));
  if (extra.length === 0) return asked;
  const lastTm = asked.findLastIndex((name) => partOf(name) === 'taskmanager');
  return lastTm < 0 ? [...asked, ...extra] : [...asked.slice(0, lastTm + 1), ...extra, ...asked.slice(lastTm + 1)];
}

/** Adds a TaskManager's recorded resource id. */
async function withResourceId<T extends { part: StackPart; name: StackProcess; resourceId?: string }>(layout: StackLayout, entry: T): Promise<T> {
  if (entry.part !== 'taskmanager') return entry;
  const id = await readTaskManagerId(layout, entry.name);
  return id === undefined ? entry : { ...entry, resourceId: id };
}

async function logTail(layout: StackLayout, part: StackProcess, lines = 25): Promise<string> {
  const text = await readFile(layout.logFile(part), 'utf8').catch(() => '');
  return lastLines(text, lines);
}

/** The ports without those of listeners a running broker lacks, as its record says (it predates them). */
function withoutAddedListeners(ports: StackPorts, recorded: RecordedPorts): RecordedPorts {
  const copy: RecordedPorts = { ...ports };
  for (const listener of ADDED_KAFKA_LISTENERS) if (recorded[listener] === undefined) delete copy[listener];
  return copy;
}

async function waitHealthy(part: StackProcess, options: StackOptions, layout: StackLayout, child: ChildProcess | undefined, deadline: number, probe: () => Promise<HealthResult>): Promise<HealthResult> {
  let last: HealthResult = { healthy: false, detail: 'not probed yet' };
  for (;;) {
    last = await probe();
    if (last.healthy) return last;
    // Read from the child rather than an 'exit' listener, so an exit between two waits is not missed.
    const exited = child === undefined || (child.exitCode === null && child.signalCode === null) ? undefined : (child.signalCode ?? `exit code ${String(child.exitCode)}`);
    if (exited !== undefined) {
      throw stackError('STACK_START_FAILED', `${labelOf(part)} (${part}) exited while starting (${exited}). Last lines of ${layout.logFile(part)}:\n${await logTail(layout, part)}`, {
        details: { part, logFile: layout.logFile(part), exit: exited },
        suggestion: `read ${layout.logFile(part)}; after fixing the cause run npm run stack:up again`,
      });
    }
    if (Date.now() > deadline) {
      throw stackError('STACK_START_TIMEOUT', `${labelOf(part)} (${part}) was not healthy after ${Math.round(options.startTimeoutMs / 1000)} s (${last.detail}). Last lines of ${layout.logFile(part)}:\n${await logTail(layout, part)}`, {
        details: { part, logFile: layout.logFile(part), lastProbe: last.detail },
        retriable: true,
        suggestion: 'give it more time (startTimeoutMs), more memory, or read the log for the cause',
      });
    }
    await sleep(300);
  }
}

/**
 * Starts the local stack (fetching what is missing first) and resolves when every part is healthy.
 * On a running stack it is a no-op. A part that fails is named with the last lines of its log, and
 * the parts this call started are stopped again, so a failed `up` leaves nothing behind.
 *
 * @example
 * ```ts
 * const result = await stackUp({}, console.log)
 * result.endpoints // { kafkaBrokers: ['127.0.0.1:9092'], flinkRestUrl: 'http://127.0.0.1:8081', sqlGatewayUrl: 'http://127.0.0.1:8083' }
 * ```
 */
export async function stackUp(input: StackOptionsInput = {}, onProgress: StackProgress = () => undefined): Promise<StackUpResult> {
  const started = Date.now();
  const options = resolveStackOptions(input);
  const layout = stackLayout(options);
  await mkdir(layout.stateDir, { recursive: true });
  const processes = stackProcesses(options);
  const running = await runningPids(layout, processes);
  const record = await readStackRecord(layout);
  assertSameConfiguration(record, options, running);
  const toStart = processes.filter((part) => !running.has(part));
  // A broker started before the SASL or SSL listener existed runs without it until it is restarted.
  const ports = running.has('kafka') && record !== undefined ? withoutAddedListeners(options.ports, record.ports) : options.ports;
  const target = { host: options.host, ports, stateDir: options.stateDir };

  if (toStart.length === 0) {
    const deadline = Date.now() + options.startTimeoutMs;
    const parts = await Promise.all(
      processes.map(async (name): Promise<PartStart> => {
        const health = await waitHealthy(name, options, layout, undefined, deadline, () => checkPart(name, target, 2000));
        return withResourceId(layout, { part: partOf(name), name, pid: running.get(name) ?? 0, outcome: 'already-running', logFile: layout.logFile(name), health: health.detail });
      }),
    );
    return { endpoints: endpointsOf(target), parts, alreadyRunning: true, logDir: layout.logDir, totalMs: Date.now() - started };
  }

  const fetched = await fetchArtifacts(options, onProgress);
  for (const report of fetched.reports) onProgress(`${report.artifact}: ${report.outcome} in ${(report.ms / 1000).toFixed(1)} s${report.reason === undefined ? '' : ` (${report.reason})`}`);
  await assertPortsFree([...new Set(toStart.map(partOf))], options.ports, options.host);
  // Flink's classpath is fixed at its start: a Flink started from an older home (e.g. without the Avro
  // format jar) keeps it, and the record keeps naming the home it runs from.
  const flinkRunning = [...running.keys()].some((name) => ['jobmanager', 'taskmanager', 'sql-gateway'].includes(partOf(name)));
  const flinkHome = flinkRunning && record !== undefined ? record.flinkHome : fetched.flinkHome;
  if (flinkHome !== fetched.flinkHome) {
    onProgress(`Flink keeps running from ${flinkHome}, without what ${fetched.flinkHome} adds (e.g. the avro-confluent format); restart the stack (npm run stack:down, npm run stack:up) to use it`);
  }
  await writeStackRecord(layout, { ...recordOf(options, { ...fetched, flinkHome }), ports: { ...ports } });
  await writeFlinkConfig(options, layout, flinkHome);
  await writeKafkaConfig(options, layout);

  const children = new Map<StackProcess, { child: ChildProcess; spawnedAt: number }>();
  try {
    // Flink's parts first: formatting Kafka's storage costs a JVM start, which then overlaps theirs.
    for (const part of [...toStart.filter((p) => p !== 'kafka'), ...toStart.filter((p) => p === 'kafka')]) {
      if (part === 'kafka' && (await ensureKafkaTls(options, layout))) onProgress(`made a self-signed certificate for Kafka's SSL listener: ${layout.kafkaCaFile}`);
      if (part === 'kafka' && (await formatKafkaStorageIfNeeded(options, layout, fetched))) onProgress('formatted Kafka storage (KRaft)');
      const taskManagerId = partOf(part) === 'taskmanager' ? newTaskManagerId() : undefined;
      // Recorded before the start, so health never accepts the registration of the one it replaces.
      if (taskManagerId !== undefined) await writeTaskManagerId(layout, taskManagerId, part);
      const child = await launchPart(part, options, layout, { ...fetched, flinkHome }, taskManagerId);
      if (child.pid === undefined) throw stackError('STACK_START_FAILED', `could not start ${labelOf(part)}`, { details: { part } });
      await writePid(layout, part, child.pid);
      children.set(part, { child, spawnedAt: Date.now() });
      onProgress(`starting ${labelOf(part)} (pid ${child.pid}), log: ${layout.logFile(part)}`);
    }
    const deadline = Date.now() + options.startTimeoutMs;
    const results = await Promise.allSettled(
      processes.map(async (part): Promise<PartStart> => {
        const launched = children.get(part);
        if (part === 'kafka' && launched !== undefined) {
          // SCRAM credentials of a log dir formatted before the SASL listener can only be added through a running broker.
          await waitHealthy(part, options, layout, launched.child, deadline, () => checkKafka(endpointsOf(target).kafkaBrokers, 2000));
          const scramStarted = Date.now();
          if ((await ensureScramUser(options, layout, fetched)) === 'created') {
            onProgress(`added the SCRAM credentials of Kafka SASL user ${STACK_SASL_USER} (log dir formatted before the SASL listener) in ${((Date.now() - scramStarted) / 1000).toFixed(1)} s`);
          }
        }
        const health = await waitHealthy(part, options, layout, launched?.child, deadline, () => checkPart(part, target, 2000));
        const result: PartStart = {
          part: partOf(part),
          name: part,
          pid: launched?.child.pid ?? running.get(part) ?? 0,
          outcome: launched === undefined ? 'already-running' : 'started',
          logFile: layout.logFile(part),
          health: health.detail,
        };
        if (launched !== undefined) {
          result.ms = Date.now() - launched.spawnedAt;
          onProgress(`${labelOf(part)} healthy after ${(result.ms / 1000).toFixed(1)} s: ${health.detail}`);
        }
        return withResourceId(layout, result);
      }),
    );
    const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    if (failures.length > 0) {
      const first = failures[0];
      if (failures.length === 1 && first instanceof SluiceError) throw first;
      throw stackError('STACK_START_FAILED', failures.map((failure) => (failure instanceof Error ? failure.message : String(failure))).join('\n\n'), {
        cause: first,
        details: { failed: failures.length },
      });
    }
    const parts = results.map((result) => (result as PromiseFulfilledResult<PartStart>).value);
    return { endpoints: endpointsOf(target), parts, alreadyRunning: false, fetch: fetched, logDir: layout.logDir, totalMs: Date.now() - started };
  } catch (error) {
    for (const part of [...children.keys()].reverse()) {
      const pid = children.get(part)?.child.pid;
      if (pid !== undefined) await terminate(pid, 10_000);
      await removePid(layout, part);
    }
    throw error;
  }
}

export interface PartStop {
  part: StackPart;
  name: StackProcess;
  pid?: number;
  /** `not-running`: no pid file, or the recorded process is gone (e.g. it crashed). */
  outcome: TerminateOutcome | 'not-running';
}

export interface StackDownResult {
  parts: PartStop[];
  totalMs: number;
}

/**
 * Stops exactly the processes this stack started (its pid files, each checked to still be ours), in
 * reverse start order; also after a crash, where it just clears the stale pid files.
 * `purge: true` also deletes the state directory (Kafka data, savepoints, logs).
 *
 * @example
 * ```ts
 * const { parts } = await stackDown()
 * // [{ part: 'sql-gateway', pid: 4242, outcome: 'terminated' }, ...]
 * ```
 */
export async function stackDown(input: StackOptionsInput & { purge?: boolean } = {}, onProgress: StackProgress = () => undefined): Promise<StackDownResult> {
  const started = Date.now();
  const options = resolveStackOptions(input);
  const layout = stackLayout(options);
  const parts: PartStop[] = [];
  // Every TaskManager with a pid file, however many this call was asked for.
  const processes = await allProcesses(layout, { parts: STACK_PARTS, taskManagers: options.taskManagers });
  for (const name of processes.reverse()) {
    const part = partOf(name);
    const pid = await readPid(layout, name);
    if (pid === undefined) continue;
    if (await isOurProcess(pid, layout.stateDir)) {
      // Kafka's controlled shutdown can take a while; Flink stops in a few seconds.
      const outcome = await terminate(pid, part === 'kafka' ? 30_000 : 15_000);
      onProgress(`stopped ${labelOf(name)} (pid ${pid}, ${outcome})`);
      parts.push({ part, name, pid, outcome });
    } else {
      onProgress(`${labelOf(name)} was not running (stale pid ${pid})`);
      parts.push({ part, name, pid, outcome: 'not-running' });
    }
    await removePid(layout, name);
  }
  if (input.purge === true) await rm(layout.stateDir, { recursive: true, force: true });
  return { parts, totalMs: Date.now() - started };
}

export interface PartStatus {
  part: StackPart;
  name: StackProcess;
  /** A TaskManager's resource id, as recorded when the stack started it. */
  resourceId?: string;
  pid?: number;
  running: boolean;
  healthy: boolean;
  detail: string;
  logFile: string;
}

export interface StackStatus {
  endpoints: StackEndpoints;
  parts: PartStatus[];
  stateDir: string;
  record?: StackRecord;
}

/** One look at each part: is our process alive, and does it answer its health probe. */
export async function stackStatus(input: StackOptionsInput = {}): Promise<StackStatus> {
  const options = resolveStackOptions(input);
  const layout = stackLayout(options);
  const record = await readStackRecord(layout);
  const effective = record === undefined ? options : { ...options, host: record.host, ports: record.ports };
  // As many TaskManagers as asked for or recorded at the last up, and any other with a pid file.
  const taskManagers = Math.max(options.taskManagers, record?.taskManagers ?? 1);
  const processes = await allProcesses(layout, { parts: STACK_PARTS, taskManagers });
  const parts = await Promise.all(
    processes.map(async (name): Promise<PartStatus> => {
      const pid = await readPid(layout, name);
      const running = pid !== undefined && (await isOurProcess(pid, layout.stateDir));
      const health = await checkPart(name, effective, 2000);
      const status: PartStatus = { part: partOf(name), name, running, healthy: health.healthy, detail: health.detail, logFile: layout.logFile(name) };
      if (pid !== undefined) status.pid = pid;
      return withResourceId(layout, status);
    }),
  );
  const status: StackStatus = { endpoints: endpointsOf(effective), parts, stateDir: layout.stateDir };
  if (record !== undefined) status.record = record;
  return status;
}
