import type { StackEndpoints } from '../options';
import { stackError } from '../error-codes';

/** Environment variables that point tests (and the demo) at an existing Kafka / Flink instead of the local stack. */
export const ENDPOINT_ENV = {
  kafkaBrokers: 'SLUICE_KAFKA_BROKERS',
  flinkRestUrl: 'SLUICE_FLINK_REST_URL',
  sqlGatewayUrl: 'SLUICE_SQL_GATEWAY_URL',
} as const;

/**
 * Optional beside {@link ENDPOINT_ENV}: brokers of a SASL_PLAINTEXT listener where the stack's test user
 * (`STACK_SASL_USER` / `STACK_SASL_PASSWORD`) logs in with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, and of
 * an SSL listener whose certificate is trusted through the PEM file `SLUICE_KAFKA_SSL_CA_FILE`, and a
 * schema registry's Confluent-compatible API (`SLUICE_SCHEMA_REGISTRY_URL`, e.g. `http://127.0.0.1:8085/apis/ccompat/v7`).
 */
export const OPTIONAL_ENDPOINT_ENV = {
  kafkaSaslBrokers: 'SLUICE_KAFKA_SASL_BROKERS',
  kafkaSslBrokers: 'SLUICE_KAFKA_SSL_BROKERS',
  kafkaSslCaFile: 'SLUICE_KAFKA_SSL_CA_FILE',
  schemaRegistryUrl: 'SLUICE_SCHEMA_REGISTRY_URL',
} as const;

const brokerList = (value: string): string[] => value.split(',').map((b) => b.trim());

/** The endpoints given by the environment, when all three are set (those of {@link OPTIONAL_ENDPOINT_ENV} are optional). */
export function externalEndpoints(env: NodeJS.ProcessEnv = process.env): StackEndpoints | undefined {
  const brokers = env[ENDPOINT_ENV.kafkaBrokers];
  const rest = env[ENDPOINT_ENV.flinkRestUrl];
  const gateway = env[ENDPOINT_ENV.sqlGatewayUrl];
  if (brokers === undefined && rest === undefined && gateway === undefined) return undefined;
  if (brokers === undefined || rest === undefined || gateway === undefined) {
    throw stackError('STACK_INVALID_OPTION', `set all of ${Object.values(ENDPOINT_ENV).join(', ')} to use an existing cluster, or none of them`, {
      suggestion: 'e.g. SLUICE_KAFKA_BROKERS=kafka:9092 SLUICE_FLINK_REST_URL=http://flink:8081 SLUICE_SQL_GATEWAY_URL=http://flink:8083',
    });
  }
  const sasl = env[OPTIONAL_ENDPOINT_ENV.kafkaSaslBrokers];
  const ssl = env[OPTIONAL_ENDPOINT_ENV.kafkaSslBrokers];
  const caFile = env[OPTIONAL_ENDPOINT_ENV.kafkaSslCaFile];
  const registry = env[OPTIONAL_ENDPOINT_ENV.schemaRegistryUrl];
  return {
    kafkaBrokers: brokerList(brokers),
    ...(sasl === undefined || sasl === '' ? {} : { kafkaSaslBrokers: brokerList(sasl) }),
    ...(ssl === undefined || ssl === '' ? {} : { kafkaSslBrokers: brokerList(ssl) }),
    ...(caFile === undefined || caFile === '' ? {} : { kafkaSslCaFile: caFile }),
    flinkRestUrl: rest.replace(/\/$/, ''),
    sqlGatewayUrl: gateway.replace(/\/$/, ''),
    ...(registry === undefined || registry === '' ? {} : { schemaRegistryUrl: registry.replace(/\/$/, '') }),
  };
}

/**
 * The endpoints integration tests run against: what jest's globalSetup exported (the local stack, or
 * the existing cluster named by SLUICE_KAFKA_BROKERS / SLUICE_FLINK_REST_URL / SLUICE_SQL_GATEWAY_URL).
 *
 * @example
 * ```ts
 * const { kafkaBrokers, kafkaSaslBrokers, flinkRestUrl, sqlGatewayUrl } = testStackEndpoints()
 * ```
 */
export function testStackEndpoints(env: NodeJS.ProcessEnv = process.env): StackEndpoints {
  const endpoints = externalEndpoints(env);
  if (endpoints === undefined) {
    throw stackError('STACK_NOT_RUNNING', 'no stack endpoints in the environment: integration tests need the jest globalSetup of @sluice/stack', {
      suggestion: 'run the tests with npm test (or jest --selectProjects integration) from the repository root',
    });
  }
  return endpoints;
}
