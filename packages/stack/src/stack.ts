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
  resolveStackOptions,
  STACK_PARTS,
  STACK_SASL_USER,
  type RecordedPorts,
  type StackEndpoints,
  type StackOptions,
  type StackOptionsInput,
  type StackPart,
  type StackPorts,
} from './options';
import { assertPortsFree } from './ports';
import { ensureScramUser } from './process/kafka-sasl';
import { ensureKafkaTls } from './process/kafka-tls';
import { formatKafkaStorageIfNeeded, launchPart, newTaskManagerId } from './process/launch-part';
import { isOurProcess, sleep, terminate, type TerminateOutcome } from './process/process-table';
import { lastLines } from './process/run-command';
import { readPid, readStackRecord, recordOf, removePid, writePid, writeStackRecord, writeTaskManagerId, type StackRecord } from './state';
import { stackError } from './error-codes';

/** Progress of long work, one line each: fetching, starting, ready. */
export type StackProgress = (message: string) => void;

export interface PartStart {
  part: StackPart;
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

async function runningPids(layout: StackLayout, parts: readonly StackPart[]): Promise<Map<StackPart, number>> {
  const running = new Map<StackPart, number>();
  for (const part of parts) {
    const pid = await readPid(layout, part);
    if (pid !== undefined && (await isOurProcess(pid, layout.stateDir))) running.set(part, pid);
  }
  return running;
}

function assertSameConfiguration(record: StackRecord | undefined, options: StackOptions, running: Map<StackPart, number>): void {
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

async function logTail(layout: StackLayout, part: StackPart, lines = 25): Promise<string> {
  const text = await readFile(layout.logFile(part), 'utf8').catch(() => '');
  return lastLines(text, lines);
}

/** The ports without those of listeners a running broker lacks, as its record says (it predates them). */
function withoutAddedListeners(ports: StackPorts, recorded: RecordedPorts): RecordedPorts {
  const copy: RecordedPorts = { ...ports };
  for (const listener of ADDED_KAFKA_LISTENERS) if (recorded[listener] === undefined) delete copy[listener];
  return copy;
}

async function waitHealthy(part: StackPart, options: StackOptions, layout: StackLayout, child: ChildProcess | undefined, deadline: number, probe: () => Promise<HealthResult>): Promise<HealthResult> {
  let last: HealthResult = { healthy: false, detail: 'not probed yet' };
  for (;;) {
    last = await probe();
    if (last.healthy) return last;
    // Read from the child rather than an 'exit' listener, so an exit between two waits is not missed.
    const exited = child === undefined || (child.exitCode === null && child.signalCode === null) ? undefined : (child.signalCode ?? `exit code ${String(child.exitCode)}`);
    if (exited !== undefined) {
      throw stackError('STACK_START_FAILED', `${PART_LABEL[part]} (${part}) exited while starting (${exited}). Last lines of ${layout.logFile(part)}:\n${await logTail(layout, part)}`, {
        details: { part, logFile: layout.logFile(part), exit: exited },
        suggestion: `read ${layout.logFile(part)}; after fixing the cause run npm run stack:up again`,
      });
    }
    if (Date.now() > deadline) {
      throw stackError('STACK_START_TIMEOUT', `${PART_LABEL[part]} (${part}) was not healthy after ${Math.round(options.startTimeoutMs / 1000)} s (${last.detail}). Last lines of ${layout.logFile(part)}:\n${await logTail(layout, part)}`, {
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
  const running = await runningPids(layout, options.parts);
  const record = await readStackRecord(layout);
  assertSameConfiguration(record, options, running);
  const toStart = options.parts.filter((part) => !running.has(part));
  // A broker started before the SASL or SSL listener existed runs without it until it is restarted.
  const ports = running.has('kafka') && record !== undefined ? withoutAddedListeners(options.ports, record.ports) : options.ports;
  const target = { host: options.host, ports, stateDir: options.stateDir };

  if (toStart.length === 0) {
    const deadline = Date.now() + options.startTimeoutMs;
    const parts = await Promise.all(
      options.parts.map(async (part): Promise<PartStart> => {
        const health = await waitHealthy(part, options, layout, undefined, deadline, () => checkPart(part, target, 2000));
        return { part, pid: running.get(part) ?? 0, outcome: 'already-running', logFile: layout.logFile(part), health: health.detail };
      }),
    );
    return { endpoints: endpointsOf(target), parts, alreadyRunning: true, logDir: layout.logDir, totalMs: Date.now() - started };
  }

  const fetched = await fetchArtifacts(options, onProgress);
  for (const report of fetched.reports) onProgress(`${report.artifact}: ${report.outcome} in ${(report.ms / 1000).toFixed(1)} s${report.reason === undefined ? '' : ` (${report.reason})`}`);
  await assertPortsFree(toStart, options.ports, options.host);
  // Flink's classpath is fixed at its start: a Flink started from an older home (e.g. without the Avro
  // format jar) keeps it, and the record keeps naming the home it runs from.
  const flinkRunning = running.has('jobmanager') || running.has('taskmanager') || running.has('sql-gateway');
  const flinkHome = flinkRunning && record !== undefined ? record.flinkHome : fetched.flinkHome;
  if (flinkHome !== fetched.flinkHome) {
    onProgress(`Flink keeps running from ${flinkHome}, without what ${fetched.flinkHome} adds (e.g. the avro-confluent format); restart the stack (npm run stack:down, npm run stack:up) to use it`);
  }
  await writeStackRecord(layout, { ...recordOf(options, { ...fetched, flinkHome }), ports: { ...ports } });
  await writeFlinkConfig(options, layout, flinkHome);
  await writeKafkaConfig(options, layout);

  const children = new Map<StackPart, { child: ChildProcess; spawnedAt: number }>();
  try {
    // Flink's parts first: formatting Kafka's storage costs a JVM start, which then overlaps theirs.
    for (const part of [...toStart.filter((p) => p !== 'kafka'), ...toStart.filter((p) => p === 'kafka')]) {
      if (part === 'kafka' && (await ensureKafkaTls(options, layout))) onProgress(`made a self-signed certificate for Kafka's SSL listener: ${layout.kafkaCaFile}`);
      if (part === 'kafka' && (await formatKafkaStorageIfNeeded(options, layout, fetched))) onProgress('formatted Kafka storage (KRaft)');
      const taskManagerId = part === 'taskmanager' ? newTaskManagerId() : undefined;
      // Recorded before the start, so health never accepts the registration of the one it replaces.
      if (taskManagerId !== undefined) await writeTaskManagerId(layout, taskManagerId);
      const child = await launchPart(part, options, layout, { ...fetched, flinkHome }, taskManagerId);
      if (child.pid === undefined) throw stackError('STACK_START_FAILED', `could not start ${PART_LABEL[part]}`, { details: { part } });
      await writePid(layout, part, child.pid);
      children.set(part, { child, spawnedAt: Date.now() });
      onProgress(`starting ${PART_LABEL[part]} (pid ${child.pid}), log: ${layout.logFile(part)}`);
    }
    const deadline = Date.now() + options.startTimeoutMs;
    const results = await Promise.allSettled(
      options.parts.map(async (part): Promise<PartStart> => {
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
          part,
          pid: launched?.child.pid ?? running.get(part) ?? 0,
          outcome: launched === undefined ? 'already-running' : 'started',
          logFile: layout.logFile(part),
          health: health.detail,
        };
        if (launched !== undefined) {
          result.ms = Date.now() - launched.spawnedAt;
          onProgress(`${PART_LABEL[part]} healthy after ${(result.ms / 1000).toFixed(1)} s: ${health.detail}`);
        }
        return result;
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
  for (const part of [...STACK_PARTS].reverse()) {
    const pid = await readPid(layout, part);
    if (pid === undefined) continue;
    if (await isOurProcess(pid, layout.stateDir)) {
      // Kafka's controlled shutdown can take a while; Flink stops in a few seconds.
      const outcome = await terminate(pid, part === 'kafka' ? 30_000 : 15_000);
      onProgress(`stopped ${PART_LABEL[part]} (pid ${pid}, ${outcome})`);
      parts.push({ part, pid, outcome });
    } else {
      onProgress(`${PART_LABEL[part]} was not running (stale pid ${pid})`);
      parts.push({ part, pid, outcome: 'not-running' });
    }
    await removePid(layout, part);
  }
  if (input.purge === true) await rm(layout.stateDir, { recursive: true, force: true });
  return { parts, totalMs: Date.now() - started };
}

export interface PartStatus {
  part: StackPart;
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
  const parts = await Promise.all(
    STACK_PARTS.map(async (part): Promise<PartStatus> => {
      const pid = await readPid(layout, part);
      const running = pid !== undefined && (await isOurProcess(pid, layout.stateDir));
      const health = await checkPart(part, effective, 2000);
      const status: PartStatus = { part, running, healthy: health.healthy, detail: health.detail, logFile: layout.logFile(part) };
      if (pid !== undefined) status.pid = pid;
      return status;
    }),
  );
  const status: StackStatus = { endpoints: endpointsOf(effective), parts, stateDir: layout.stateDir };
  if (record !== undefined) status.record = record;
  return status;
}
