/** Where a test run finds Kafka and Flink. */
export interface TestEndpoints {
  /** Brokers this process connects to (topics, events, results). */
  readonly kafkaBrokers: readonly string[];
  /** Brokers as Flink's TaskManagers reach them (written into the job's tables); default `kafkaBrokers`. */
  readonly flinkKafkaBrokers?: readonly string[];
  readonly flinkRestUrl: string;
  readonly sqlGatewayUrl: string;
}

// The local stack's defaults (`@sluice/stack`): 127.0.0.1 only.
const DEFAULTS: TestEndpoints = { kafkaBrokers: ['127.0.0.1:9092'], flinkRestUrl: 'http://127.0.0.1:8081', sqlGatewayUrl: 'http://127.0.0.1:8083' };

/**
 * The endpoints of the current environment: `SLUICE_KAFKA_BROKERS`, `SLUICE_FLINK_REST_URL` and
 * `SLUICE_SQL_GATEWAY_URL` (what `npm test`'s stack setup exports, or an existing cluster), each
 * falling back to the local stack's default (`npx sluice stack up` starts that stack).
 *
 * @example
 * ```ts
 * testEndpoints({ SLUICE_KAFKA_BROKERS: 'kafka:9092' }).kafkaBrokers // ['kafka:9092']
 * testEndpoints({}).flinkRestUrl // 'http://127.0.0.1:8081'
 * ```
 */
export function testEndpoints(env: NodeJS.ProcessEnv = process.env): TestEndpoints {
  const brokers = env.SLUICE_KAFKA_BROKERS?.trim();
  const rest = env.SLUICE_FLINK_REST_URL?.trim();
  const gateway = env.SLUICE_SQL_GATEWAY_URL?.trim();
  return {
    kafkaBrokers: brokers ? brokers.split(',').map((b) => b.trim()) : DEFAULTS.kafkaBrokers,
    flinkRestUrl: (rest || DEFAULTS.flinkRestUrl).replace(/\/+$/, ''),
    sqlGatewayUrl: (gateway || DEFAULTS.sqlGatewayUrl).replace(/\/+$/, ''),
  };
}
