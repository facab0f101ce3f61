import type { FlinkVersion } from '@sluice/dsl';

/**
 * A secret given by reference: `env:NAME` (an environment variable) or `file:path` (a file's
 * contents, trimmed; relative to the config file). Plain strings are allowed where a secret is not
 * sensitive; references are resolved at load time and their values are masked in every text Sluice
 * shows (SQL, plans, logs, errors).
 */
export type SecretRef = `env:${string}` | `file:${string}` | string;

/** How Sluice reaches Flink. */
export interface FlinkSettings {
  /** JobManager REST, default `http://127.0.0.1:8081`. */
  readonly restUrl?: string;
  /** SQL Gateway REST, default `http://127.0.0.1:8083`. */
  readonly sqlGatewayUrl?: string;
  /** The Flink version the SQL is compiled for, default `2.2`. */
  readonly version?: FlinkVersion;
  /** HTTP basic auth for both endpoints (behind a proxy). */
  readonly auth?: { readonly username: SecretRef; readonly password: SecretRef };
  /**
   * Extra headers sent to both endpoints on every call, deploy (gateway and jar) and validate alike
   * (e.g. `Authorization: 'env:FLINK_TOKEN'` for a proxy). Values are masked like secrets everywhere.
   */
  readonly headers?: Readonly<Record<string, SecretRef>>;
}

/** How Sluice reaches Kafka (for topics, lag and tail; the SQL gets the bootstrap servers). */
export interface KafkaSettings {
  /** `host:port` list or one comma-separated string, default `127.0.0.1:9092`. */
  readonly brokers?: string | readonly string[];
  /** Brokers as Flink's TaskManagers see them, when they differ (containers); default `brokers`. */
  readonly flinkBrokers?: string | readonly string[];
  readonly clientId?: string;
  /**
   * TLS to the brokers: `true` trusts the JVM's / Node's public CAs (Confluent Cloud), an object pins a
   * CA and, for mTLS, gives the client certificate and key. Flink's Kafka tables get the same settings
   * as PEM (`ssl.truststore.type = PEM`), so the TaskManagers need no files.
   */
  readonly tls?: boolean | KafkaTlsSettings;
  /** SASL (PLAIN or SCRAM); with `tls` the protocol is SASL_SSL, else SASL_PLAINTEXT. */
  readonly sasl?: { readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; readonly username: SecretRef; readonly password: SecretRef };
  /** Partitions and replication of topics Sluice creates (default 1 and 1). */
  readonly topicDefaults?: { readonly partitions?: number; readonly replicationFactor?: number };
}

/** TLS files of a Kafka connection (PEM); paths are relative to the config file. */
export interface KafkaTlsSettings {
  /** The CA that signed the brokers' certificates (PEM file), when it is not a public one. */
  readonly caFile?: string;
  /** mTLS: the client certificate chain (PEM file). */
  readonly certFile?: string;
  /** mTLS: the client's private key (PEM), a secret: `file:client.key` or `env:KAFKA_CLIENT_KEY`. */
  readonly key?: SecretRef;
  /** The key's password when the PEM key is encrypted. */
  readonly keyPassword?: SecretRef;
}

/** Deploy defaults. */
export interface DeploySettings {
  /** `gateway` (default) or `jar` (flink-jobs' sql-runner through /jars). */
  readonly via?: 'gateway' | 'jar';
  /** Where savepoints go (`state.savepoints.dir` of the cluster when unset). */
  readonly savepointDir?: string;
  /** How long to wait for a job to run or a savepoint to complete (default 180 000 ms). */
  readonly timeoutMs?: number;
}

/**
 * A Confluent-compatible schema registry, for `format: 'avro-confluent'` topics: Confluent Cloud
 * (`https://psrc-xxxx.<region>.<cloud>.confluent.cloud`, API key and secret as username and password),
 * Apicurio (`http://host:8080/apis/ccompat/v7`), Karapace (`http://host:8081`).
 */
export interface SchemaRegistrySettings {
  readonly url: SecretRef;
  readonly username?: SecretRef;
  readonly password?: SecretRef;
  /** What `sluice plan` and deploy require of a changed schema (the subject's level). Default `BACKWARD`. */
  readonly compatibility?: 'BACKWARD' | 'BACKWARD_TRANSITIVE' | 'FORWARD' | 'FORWARD_TRANSITIVE' | 'FULL' | 'FULL_TRANSITIVE' | 'NONE';
}

/** What an environment may override. */
export interface EnvironmentSettings {
  readonly flink?: FlinkSettings;
  readonly kafka?: KafkaSettings;
  readonly deploy?: DeploySettings;
  readonly schemaRegistry?: SchemaRegistrySettings;
}

/**
 * The project config (`sluice.config.ts` default export, or `sluice.yaml`).
 *
 * @example
 * ```ts
 * export default defineConfig({
 *   project: 'finance',
 *   signals: ['signals'],
 *   kafka: { brokers: ['127.0.0.1:9092'] },
 *   environments: { prod: { kafka: { brokers: 'kafka-1:9093', sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'env:KAFKA_PASSWORD' } } } },
 * })
 * ```
 */
export interface SluiceConfig extends EnvironmentSettings {
  /** Project name: jobs are named `sluice.<project>.<signal>`. `[A-Za-z_][A-Za-z0-9_-]*`. */
  readonly project: string;
  /** Signal modules: files or directories (every .ts/.js file inside), relative to the config file. */
  readonly signals: string | readonly string[];
  /** Named environments (`--env prod`); each overrides the top-level settings key by key. */
  readonly environments?: Readonly<Record<string, EnvironmentSettings>>;
  /** Where the savepoint catalog and deploy records live, default `.sluice` beside the config file. */
  readonly stateDir?: string;
}

/** The config of one environment, with defaults applied and secret references resolved. */
export interface ResolvedConfig {
  readonly project: string;
  readonly environment: string;
  /** The config file (absolute). */
  readonly configFile: string;
  /** The directory of the config file. */
  readonly root: string;
  /** Absolute signal module paths or directories. */
  readonly signals: readonly string[];
  readonly stateDir: string;
  readonly flink: {
    readonly restUrl: string;
    readonly sqlGatewayUrl: string;
    readonly version: FlinkVersion;
    readonly auth?: { readonly username: string; readonly password: string };
    readonly headers: Readonly<Record<string, string>>;
  };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly flinkBrokers: readonly string[];
    readonly clientId: string;
    readonly tls: boolean;
    /** The PEM texts of `kafka.tls` when it pins a CA or gives a client certificate. */
    readonly tlsPem?: { readonly ca?: string; readonly cert?: string; readonly key?: string; readonly keyPassword?: string };
    readonly sasl?: { readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; readonly username: string; readonly password: string };
    readonly topicDefaults: { readonly partitions: number; readonly replicationFactor: number };
  };
  readonly deploy: { readonly via: 'gateway' | 'jar'; readonly savepointDir?: string; readonly timeoutMs: number };
  /** The schema registry of avro-confluent topics (credentials resolved; masked like every secret). */
  readonly schemaRegistry?: {
    readonly url: string;
    readonly username?: string;
    readonly password?: string;
    readonly compatibility: NonNullable<SchemaRegistrySettings['compatibility']>;
  };
  /** Masks resolved secret values in text shown to people. */
  readonly secrets: SecretMask;
}

/** Replaces resolved secret values by `***` in any text. */
export interface SecretMask {
  mask(text: string): string;
  /** How many secret values are known (never the values). */
  readonly size: number;
}

/**
 * Types a `sluice.config.ts` (an identity function: the value is checked when loaded).
 *
 * @example
 * ```ts
 * import { defineConfig } from '@sluice/deploy'
 * export default defineConfig({ project: 'demo', signals: ['signals'] })
 * ```
 */
export function defineConfig(config: SluiceConfig): SluiceConfig {
  return config;
}
