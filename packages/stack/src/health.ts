import { readFile } from 'node:fs/promises';
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { stackLayout } from './layout';
import { readTaskManagerId } from './state';
import { endpointsOf, STACK_SASL_MECHANISMS, STACK_SASL_PASSWORD, STACK_SASL_USER, partOf, type RecordedPorts, type StackProcess } from './options';

export interface HealthResult {
  healthy: boolean;
  /** What was seen, e.g. `1 TaskManager, 4/4 slots free` or the connection error. */
  detail: string;
}

async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
  return response.json();
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}

/** Kafka is healthy when a client can fetch cluster metadata from it (with `security`'s SASL or TLS settings). */
export async function checkKafka(brokers: string[], timeoutMs = 3000, security: Pick<KafkaConfig, 'sasl' | 'ssl'> = {}): Promise<HealthResult> {
  const kafka = new Kafka({ clientId: 'sluice-stack-health', brokers, logLevel: logLevel.NOTHING, connectionTimeout: timeoutMs, requestTimeout: timeoutMs, retry: { retries: 0 }, ...security });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return { healthy: true, detail: `${cluster.brokers.length} broker(s), controller ${cluster.controller ?? 'unknown'}` };
  } catch (error) {
    return { healthy: false, detail: describe(error) };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

interface Overview {
  taskmanagers: number;
  'slots-total': number;
  'slots-available': number;
  'flink-version'?: string;
}

export async function flinkOverview(restUrl: string, timeoutMs = 3000): Promise<Overview> {
  return (await getJson(`${restUrl}/overview`, timeoutMs)) as Overview;
}

export type SaslMechanismName = (typeof STACK_SASL_MECHANISMS)[number];

/** Whether the stack's SASL test user can log in with `mechanism` and read metadata. */
export async function checkKafkaSasl(brokers: string[], mechanism: SaslMechanismName, timeoutMs = 3000): Promise<HealthResult> {
  const sasl = { mechanism: mechanism.toLowerCase(), username: STACK_SASL_USER, password: STACK_SASL_PASSWORD } as SASLOptions;
  const result = await checkKafka(brokers, timeoutMs, { sasl });
  return result.healthy ? result : { healthy: false, detail: `SASL ${mechanism} as ${STACK_SASL_USER}: ${result.detail}` };
}

/** Whether a client that trusts only the stack's certificate (`caFile`) reaches the SSL listener. */
export async function checkKafkaSsl(brokers: string[], caFile: string, timeoutMs = 3000): Promise<HealthResult> {
  const ca = await readFile(caFile, 'utf8').catch(() => undefined);
  if (ca === undefined) return { healthy: false, detail: `SSL: no certificate at ${caFile}` };
  const result = await checkKafka(brokers, timeoutMs, { ssl: { ca: [ca], rejectUnauthorized: true } });
  return result.healthy ? result : { healthy: false, detail: `SSL: ${result.detail}` };
}

interface TaskManagerInfo {
  id: string;
  dataPort?: number;
  slotsNumber: number;
  freeSlots: number;
}

/**
 * The TaskManager probe. With `taskManagerId` (the resource id the stack started it with), healthy means
 * that very TaskManager is registered with a free slot: after a crash the JobManager still lists the dead
 * one until its heartbeat times out, and counting it would call a TaskManager healthy that is still
 * starting. Without an id (a stack started before ids were recorded), any TaskManager with a free slot.
 */
export async function checkTaskManager(restUrl: string, taskManagerId: string | undefined, timeoutMs = 3000): Promise<HealthResult> {
  if (taskManagerId === undefined) {
    const overview = await flinkOverview(restUrl, timeoutMs);
    return { healthy: overview.taskmanagers >= 1 && overview['slots-available'] >= 1, detail: `${overview.taskmanagers} TaskManager(s), ${overview['slots-available']}/${overview['slots-total']} slots free` };
  }
  const listed = ((await getJson(`${restUrl}/taskmanagers`, timeoutMs)) as { taskmanagers?: TaskManagerInfo[] }).taskmanagers ?? [];
  // The counts from the same list as our TaskManager: /overview, asked a moment earlier, could still show
  // it registered without its slots (seen: "2/2 slots free; 1 TaskManager(s), 0/0 slots free").
  const listedCounts = `${listed.length} TaskManager(s), ${listed.reduce((n, tm) => n + tm.freeSlots, 0)}/${listed.reduce((n, tm) => n + tm.slotsNumber, 0)} slots free`;
  const ours = listed.find((tm) => tm.id === taskManagerId);
  if (ours === undefined) return { healthy: false, detail: `TaskManager ${taskManagerId} not registered yet (${listedCounts})` };
  return { healthy: ours.freeSlots >= 1, detail: `TaskManager ${taskManagerId} (data port ${String(ours.dataPort ?? '?')}): ${ours.freeSlots}/${ours.slotsNumber} slots free; ${listedCounts}` };
}

/**
 * One health probe of a part or process. A TaskManager process (`taskmanager`, `taskmanager-2`, ...)
 * counts as healthy when the JobManager reports the TaskManager this stack started under that name (its
 * recorded resource id) with a free slot (what a test needs before it submits a job); see `checkTaskManager`.
 */
export async function checkPart(name: StackProcess, options: { host: string; ports: RecordedPorts; stateDir?: string }, timeoutMs = 3000): Promise<HealthResult> {
  const endpoints = endpointsOf(options);
  try {
    switch (partOf(name)) {
      case 'kafka': {
        const plain = await checkKafka(endpoints.kafkaBrokers, timeoutMs);
        if (!plain.healthy) return plain;
        const { kafkaSaslBrokers: saslBrokers, kafkaSslBrokers: sslBrokers, kafkaSslCaFile: caFile } = endpoints;
        // Every mechanism, so a missing SCRAM credential shows as unhealthy rather than as a test failure.
        const probes = await Promise.all([
          ...(saslBrokers === undefined ? [] : STACK_SASL_MECHANISMS.map((mechanism) => checkKafkaSasl(saslBrokers, mechanism, timeoutMs))),
          ...(sslBrokers === undefined || caFile === undefined ? [] : [checkKafkaSsl(sslBrokers, caFile, timeoutMs)]),
        ]);
        const failed = probes.find((result) => !result.healthy);
        if (failed !== undefined) return failed;
        const extras = [saslBrokers === undefined ? '' : `; SASL ${STACK_SASL_MECHANISMS.join('/')} as ${STACK_SASL_USER}`, sslBrokers === undefined || caFile === undefined ? '' : '; SSL'];
        return { healthy: true, detail: `${plain.detail}${extras.join('')}` };
      }
      case 'jobmanager': {
        const overview = await flinkOverview(endpoints.flinkRestUrl, timeoutMs);
        return { healthy: true, detail: `Flink ${overview['flink-version'] ?? '?'} REST answers` };
      }
      case 'taskmanager': {
        const id = options.stateDir === undefined ? undefined : await readTaskManagerId(stackLayout({ stateDir: options.stateDir }), name);
        return await checkTaskManager(endpoints.flinkRestUrl, id, timeoutMs);
      }
      case 'registry': {
        if (endpoints.schemaRegistryUrl === undefined) return { healthy: false, detail: 'no registry port recorded (stack started before it had a registry)' };
        const subjects = (await getJson(`${endpoints.schemaRegistryUrl}/subjects`, timeoutMs)) as unknown[];
        return { healthy: true, detail: `schema registry answers (${subjects.length} subject(s))` };
      }
      case 'sql-gateway': {
        const info = (await getJson(`${endpoints.sqlGatewayUrl}/v1/info`, timeoutMs)) as { version?: string };
        return { healthy: true, detail: `SQL Gateway ${info.version ?? '?'} answers` };
      }
    }
  } catch (error) {
    return { healthy: false, detail: describe(error) };
  }
}
