import { FlinkRestClient, SqlGatewayClient, type FlinkRestClientOptions } from '@sluice/flink-client';
import { createKafkaClient, type SluiceKafka } from '@sluice/kafka';
import type { ResolvedConfig } from './config/config-types';
import type { Project } from './project/load-project';
import { StateStore } from './state/state-store';
import { registryOf } from './plan/schema-plan';

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

/** The two Flink clients of a config. */
export interface FlinkClients {
  readonly flink: FlinkRestClient;
  readonly gateway: SqlGatewayClient;
}

/** Options of {@link createFlinkClients}. */
export interface FlinkClientsOptions {
  /** Time one HTTP attempt may take (default: flink-client's, 30 000 ms). */
  readonly timeoutMs?: number;
  /** Extra attempts of idempotent calls (default: flink-client's). */
  readonly retries?: number;
}

/** Where and how to reach Flink: a resolved config's `flink` section, or only the URL a caller has. */
export type FlinkEndpoint = { readonly headers?: Readonly<Record<string, string>>; readonly auth?: { readonly username: string; readonly password: string } };

function httpOptions(baseUrl: string, endpoint: FlinkEndpoint, options: FlinkClientsOptions): FlinkRestClientOptions {
  const headers = endpoint.headers ?? {};
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(Object.keys(headers).length > 0 ? { headers: { ...headers } } : {}),
    ...(endpoint.auth === undefined ? {} : { auth: { ...endpoint.auth } }),
    ...(options.retries === undefined ? {} : { retry: { retries: options.retries } }),
  };
}

/**
 * The JobManager REST client of a config, with its auth and headers. This file is the one place
 * deploy makes Flink clients, so every path (plan, submit through the gateway or the jar, validate)
 * sends what the config asks for.
 *
 * @example
 * ```ts
 * const flink = flinkRestClientOf({ restUrl: 'http://127.0.0.1:8081', headers: { Authorization: 'Bearer ...' } })
 * ```
 */
export function flinkRestClientOf(endpoint: FlinkEndpoint & { readonly restUrl: string }, options: FlinkClientsOptions = {}): FlinkRestClient {
  return new FlinkRestClient(httpOptions(endpoint.restUrl, endpoint, options));
}

/**
 * The SQL Gateway client of a config, with its auth and headers (see {@link flinkRestClientOf}).
 *
 * @example
 * ```ts
 * const gateway = sqlGatewayClientOf(project.config.flink, { timeoutMs: 60_000 })
 * ```
 */
export function sqlGatewayClientOf(endpoint: FlinkEndpoint & { readonly sqlGatewayUrl: string }, options: FlinkClientsOptions = {}): SqlGatewayClient {
  return new SqlGatewayClient(httpOptions(endpoint.sqlGatewayUrl, endpoint, options));
}

/**
 * Both Flink clients of a config (auth and headers included).
 *
 * @example
 * ```ts
 * const { flink, gateway } = createFlinkClients(project.config.flink)
 * await gateway.getInfo()
 * ```
 */
export function createFlinkClients(settings: ResolvedConfig['flink'], options: FlinkClientsOptions = {}): FlinkClients {
  return { flink: flinkRestClientOf(settings, options), gateway: sqlGatewayClientOf(settings, options) };
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
  const { kafka: k } = project.config;
  // Fail fast: a user waiting on `sluice status` should not sit through long backoffs.
  const { flink, gateway } = createFlinkClients(project.config.flink, { timeoutMs: 30_000, retries: 1 });
  let kafka: SluiceKafka | undefined;
  // Avro topics (consume, tail) read through the config's registry.
  const registry = registryOf(project.config);
  return {
    project,
    flink,
    gateway,
    store: new StateStore(project.config.stateDir),
    kafka() {
      kafka ??= createKafkaClient({
        brokers: k.brokers,
        clientId: k.clientId,
        tls: k.tlsPem === undefined ? k.tls : { ...(k.tlsPem.ca === undefined ? {} : { ca: k.tlsPem.ca }), ...(k.tlsPem.cert === undefined ? {} : { cert: k.tlsPem.cert }), ...(k.tlsPem.key === undefined ? {} : { key: k.tlsPem.key }), ...(k.tlsPem.keyPassword === undefined ? {} : { passphrase: k.tlsPem.keyPassword }) },
        ...(k.sasl === undefined ? {} : { sasl: { ...k.sasl } }),
        connectionTimeoutMs: 3000,
        retries: 2,
      }, registry === undefined ? {} : { schemaRegistry: registry });
      return kafka;
    },
    async close() {
      if (kafka !== undefined) await kafka.close();
    },
  };
}
