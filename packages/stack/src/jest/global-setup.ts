import { isSluiceError } from '@sluice/errors';
import { checkPart } from '../health';
import { ADDED_KAFKA_LISTENERS, endpointsOf, resolveStackOptions, STACK_PARTS, type RecordedPorts, type StackEndpoints } from '../options';
import { stackUp } from '../stack';
import { flinkHomeFor } from '../artifacts/cache-layout';
import { stackLayout } from '../layout';
import { readStackRecord } from '../state';
import { ENDPOINT_ENV, externalEndpoints, OPTIONAL_ENDPOINT_ENV } from './test-endpoints';

const log = (message: string) => process.stdout.write(`[sluice stack] ${message}\n`);

/**
 * A healthy stack on our ports that another directory started (e.g. a developer's `npm run stack:up`
 * in another checkout) is reused rather than reported as a port conflict.
 */
async function healthyStackOnOurPorts(): Promise<StackEndpoints | undefined> {
  const options = resolveStackOptions();
  // Such a stack may predate the SASL and SSL listeners: it is reused without them rather than refused.
  const plain: RecordedPorts = { ...options.ports };
  for (const listener of ADDED_KAFKA_LISTENERS) delete plain[listener];
  delete plain.registry;
  const health = await Promise.all(STACK_PARTS.filter((part) => part !== 'registry').map((part) => checkPart(part, { host: options.host, ports: plain })));
  if (!health.every((result) => result.healthy)) return undefined;
  const withSasl = await checkPart('kafka', options);
  const withRegistry = await checkPart('registry', options);
  const ports: RecordedPorts = { ...(withSasl.healthy ? options.ports : plain), ...(withRegistry.healthy ? { registry: options.ports.registry } : {}) };
  if (!withRegistry.healthy) delete ports.registry;
  return endpointsOf({ host: options.host, ports });
}

/** A Flink started from an older home (e.g. before the avro-confluent jar) keeps that classpath until restarted. */
async function warnIfOlderFlinkHome(): Promise<void> {
  const options = resolveStackOptions();
  const record = await readStackRecord(stackLayout(options));
  const wanted = flinkHomeFor(options.flinkVersion, options);
  if (record !== undefined && record.flinkHome !== wanted) {
    log(`the running Flink was started from ${record.flinkHome}, not ${wanted} (which adds e.g. the avro-confluent format); restart the stack (npm run stack:down, npm run stack:up) for the Avro tests`);
  }
}

async function startOrReuse(): Promise<{ endpoints: StackEndpoints; startedHere: boolean }> {
  try {
    const result = await stackUp({}, log);
    if (result.alreadyRunning) log('reusing the running local stack');
    else log(`local stack up in ${(result.totalMs / 1000).toFixed(1)} s; logs in ${result.logDir}`);
    await warnIfOlderFlinkHome();
    return { endpoints: result.endpoints, startedHere: !result.alreadyRunning };
  } catch (error) {
    if (!isSluiceError(error, 'STACK_PORT_BUSY')) throw error;
    const endpoints = await healthyStackOnOurPorts();
    if (endpoints === undefined) throw error;
    log('reusing a healthy stack on the configured ports that another directory started');
    return { endpoints, startedHere: false };
  }
}

/**
 * jest globalSetup: uses the cluster named by SLUICE_KAFKA_BROKERS / SLUICE_FLINK_REST_URL /
 * SLUICE_SQL_GATEWAY_URL when set; otherwise reuses the running local stack or starts one, and exports
 * its endpoints to the test workers through those same variables.
 */
export default async function globalSetup(): Promise<void> {
  process.stdout.write('\n');
  if (externalEndpoints() !== undefined) {
    log('integration tests use the cluster named by the SLUICE_* endpoint variables');
    return;
  }
  const { endpoints, startedHere } = await startOrReuse();
  process.env[ENDPOINT_ENV.kafkaBrokers] = endpoints.kafkaBrokers.join(',');
  if (endpoints.kafkaSaslBrokers === undefined || endpoints.kafkaSslBrokers === undefined) {
    log('this Kafka broker lacks the SASL or SSL listener (started before they existed; restart the stack to get them); the SASL and TLS tests need them');
  }
  if (endpoints.kafkaSaslBrokers !== undefined) process.env[OPTIONAL_ENDPOINT_ENV.kafkaSaslBrokers] = endpoints.kafkaSaslBrokers.join(',');
  if (endpoints.kafkaSslBrokers !== undefined) process.env[OPTIONAL_ENDPOINT_ENV.kafkaSslBrokers] = endpoints.kafkaSslBrokers.join(',');
  if (endpoints.kafkaSslCaFile !== undefined) process.env[OPTIONAL_ENDPOINT_ENV.kafkaSslCaFile] = endpoints.kafkaSslCaFile;
  if (endpoints.schemaRegistryUrl !== undefined) process.env[OPTIONAL_ENDPOINT_ENV.schemaRegistryUrl] = endpoints.schemaRegistryUrl;
  process.env[ENDPOINT_ENV.flinkRestUrl] = endpoints.flinkRestUrl;
  process.env[ENDPOINT_ENV.sqlGatewayUrl] = endpoints.sqlGatewayUrl;
  // Only a stack this run started is stopped by globalTeardown.
  process.env.SLUICE_STACK_STARTED_BY_TESTS = startedHere ? '1' : '0';
}
