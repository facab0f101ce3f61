import { FlinkRestClient, SqlGatewayClient, type FlinkRestClientOptions } from '@sluice/flink-client';
import { createKafkaClient, type SluiceKafka } from '@sluice/kafka';
import type { Project } from './project/load-project';
import { StateStore } from './state/state-store';

/** The clients and state an operation on a project needs. Make one per command and close it. */
export interface DeployContext {
  readonly project: Project;
  readonly flink: FlinkRestClient;
  readonly gateway: SqlGatewayClient;
  readonly store: StateStore;
  /** The Kafka client, created on first use. */
  kafka(): SluiceKafka;
  close(): Promise<void>;
}

/**
 * Creates the clients of a project from its config (auth and headers included; secrets stay in
 * memory and are redacted in errors).
 *
 * @example
 * ```ts
 * const ctx = createContext(project)
 * try { console.log(await status(ctx)) } finally { await ctx.close() }
 * ```
 */
export function createContext(project: Project): DeployContext {
  const { flink, kafka: k } = project.config;
  const http = (baseUrl: string): FlinkRestClientOptions => ({
    baseUrl,
    timeoutMs: 30_000,
    ...(Object.keys(flink.headers).length > 0 ? { headers: { ...flink.headers } } : {}),
    ...(flink.auth === undefined ? {} : { auth: { ...flink.auth } }),
    // Fail fast: a user waiting on `sluice status` should not sit through long backoffs.
    retry: { retries: 1 },
  });
  let kafka: SluiceKafka | undefined;
  return {
    project,
    flink: new FlinkRestClient(http(flink.restUrl)),
    gateway: new SqlGatewayClient(http(flink.sqlGatewayUrl)),
    store: new StateStore(project.config.stateDir),
    kafka() {
      kafka ??= createKafkaClient({
        brokers: k.brokers,
        clientId: k.clientId,
        tls: k.tls,
        ...(k.sasl === undefined ? {} : { sasl: { ...k.sasl } }),
        connectionTimeoutMs: 3000,
        retries: 2,
      });
      return kafka;
    },
    async close() {
      if (kafka !== undefined) await kafka.close();
    },
  };
}
