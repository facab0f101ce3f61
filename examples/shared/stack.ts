import { stackUp, testStackEndpoints } from '@sluice/stack';
import type { StackEndpoints } from '@sluice/stack';

/**
 * The cluster an example runs on: the one named by SLUICE_KAFKA_BROKERS / SLUICE_FLINK_REST_URL /
 * SLUICE_SQL_GATEWAY_URL when all three are set (nothing is started), else the local stack, started by
 * @sluice/stack or reused when it already runs.
 */
export async function exampleStack(say: (text: string) => void): Promise<{ endpoints: StackEndpoints; local: boolean }> {
  let external: StackEndpoints | undefined;
  try {
    external = testStackEndpoints();
  } catch {
    external = undefined;
  }
  if (external !== undefined) {
    say(`Using the cluster from the environment (Flink ${external.flinkRestUrl}, Kafka ${external.kafkaBrokers.join(',')}).`);
    return { endpoints: external, local: false };
  }
  say('Starting the local stack (Kafka + Flink + SQL Gateway)...');
  const stack = await stackUp({}, (m) => say(`  ${m}`));
  say(stack.alreadyRunning ? 'Stack already running.' : `Stack up in ${(stack.totalMs / 1000).toFixed(1)} s (logs: ${stack.logDir}).`);
  return { endpoints: stack.endpoints, local: true };
}
