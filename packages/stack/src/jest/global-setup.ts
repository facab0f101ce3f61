import { stackUp } from '../stack';
import { ENDPOINT_ENV, externalEndpoints } from './test-endpoints';

/**
 * jest globalSetup: uses the cluster named by SLUICE_KAFKA_BROKERS / SLUICE_FLINK_REST_URL /
 * SLUICE_SQL_GATEWAY_URL when set; otherwise reuses the running local stack or starts one, and exports
 * its endpoints to the test workers through those same variables.
 */
export default async function globalSetup(): Promise<void> {
  if (externalEndpoints() !== undefined) {
    process.stdout.write('\n[sluice] integration tests use the cluster named by SLUICE_* endpoint variables\n');
    return;
  }
  const log = (message: string) => process.stdout.write(`[sluice stack] ${message}\n`);
  process.stdout.write('\n');
  const result = await stackUp({}, log);
  if (result.alreadyRunning) log('reusing the running local stack');
  else log(`local stack up in ${(result.totalMs / 1000).toFixed(1)} s; logs in ${result.logDir}`);
  process.env[ENDPOINT_ENV.kafkaBrokers] = result.endpoints.kafkaBrokers.join(',');
  process.env[ENDPOINT_ENV.flinkRestUrl] = result.endpoints.flinkRestUrl;
  process.env[ENDPOINT_ENV.sqlGatewayUrl] = result.endpoints.sqlGatewayUrl;
  // Only a stack this run started is stopped by globalTeardown.
  process.env.SLUICE_STACK_STARTED_BY_TESTS = result.alreadyRunning ? '0' : '1';
}
