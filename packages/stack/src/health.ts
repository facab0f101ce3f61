import { Kafka, logLevel } from 'kafkajs';
import { endpointsOf, type StackOptions, type StackPart } from './options';

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

/** Kafka is healthy when a client can fetch cluster metadata from it. */
export async function checkKafka(brokers: string[], timeoutMs = 3000): Promise<HealthResult> {
  const kafka = new Kafka({ clientId: 'sluice-stack-health', brokers, logLevel: logLevel.NOTHING, connectionTimeout: timeoutMs, requestTimeout: timeoutMs, retry: { retries: 0 } });
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

/**
 * One health probe of a part. The TaskManager counts as healthy when the JobManager reports at least
 * one TaskManager with a free slot (what a test needs before it submits a job).
 */
export async function checkPart(part: StackPart, options: Pick<StackOptions, 'host' | 'ports'>, timeoutMs = 3000): Promise<HealthResult> {
  const endpoints = endpointsOf(options);
  try {
    switch (part) {
      case 'kafka':
        return await checkKafka(endpoints.kafkaBrokers, timeoutMs);
      case 'jobmanager': {
        const overview = await flinkOverview(endpoints.flinkRestUrl, timeoutMs);
        return { healthy: true, detail: `Flink ${overview['flink-version'] ?? '?'} REST answers` };
      }
      case 'taskmanager': {
        const overview = await flinkOverview(endpoints.flinkRestUrl, timeoutMs);
        const detail = `${overview.taskmanagers} TaskManager(s), ${overview['slots-available']}/${overview['slots-total']} slots free`;
        return { healthy: overview.taskmanagers >= 1 && overview['slots-available'] >= 1, detail };
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
