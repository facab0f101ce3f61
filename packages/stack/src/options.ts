import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { stackError } from './error-codes';

/** The processes a local stack runs, in start order. */
export const STACK_PARTS = ['kafka', 'jobmanager', 'taskmanager', 'sql-gateway', 'registry'] as const;
export type StackPart = (typeof STACK_PARTS)[number];

/**
 * One process of a stack: a part, or a TaskManager beyond the first (`taskmanager-2`, `taskmanager-3`, ...).
 * The first TaskManager keeps the name `taskmanager` (its pid file, log and resource id as before).
 */
export type StackProcess = StackPart | `taskmanager-${number}`;

/** The process name of TaskManager `index` (0-based): `taskmanager`, then `taskmanager-2`, `taskmanager-3`, ... */
export function taskManagerProcess(index: number): StackProcess {
  return index === 0 ? 'taskmanager' : `taskmanager-${index + 1}`;
}

/** The part a process belongs to (`taskmanager-2` -> `taskmanager`). */
export function partOf(process: StackProcess): StackPart {
  return process.startsWith('taskmanager') ? 'taskmanager' : (process as StackPart);
}

/** The processes of `parts` in start order, the TaskManager part expanded to `taskManagers` processes. */
export function stackProcesses(options: Pick<StackOptions, 'parts' | 'taskManagers'>): StackProcess[] {
  return options.parts.flatMap((part) => (part === 'taskmanager' ? Array.from({ length: options.taskManagers }, (_, i) => taskManagerProcess(i)) : [part]));
}

export interface StackPorts {
  /** Kafka PLAINTEXT listener (clients; the default for everything). */
  kafka: number;
  /** Kafka SASL_PLAINTEXT listener: PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 as {@link STACK_SASL_USER}. */
  kafkaSasl: number;
  /** Kafka SSL listener with a self-signed certificate made at the first start (its PEM: `kafkaSslCaFile`). */
  kafkaSsl: number;
  /** Kafka KRaft controller listener. */
  kafkaController: number;
  /** Flink JobManager REST API and web UI. */
  flinkRest: number;
  /** Flink JobManager RPC (the TaskManager registers here). */
  jobmanagerRpc: number;
  /** Flink SQL Gateway REST endpoint. */
  sqlGateway: number;
  /** Apicurio Registry (its Confluent-compatible API is under `/apis/ccompat/v7`). */
  registry: number;
}

export interface StackMemory {
  /** `jobmanager.memory.process.size` */
  jobmanager: string;
  /** `taskmanager.memory.process.size` */
  taskmanager: string;
  /** SQL Gateway JVM heap (`-Xmx`). */
  sqlGateway: string;
  /** Kafka broker JVM heap (`-Xmx`). */
  kafka: string;
  /** Apicurio Registry JVM heap (`-Xmx`). */
  registry: string;
}

/** Everything that decides what is fetched and how the stack runs. All fields have defaults. */
export interface StackOptions {
  /** Flink release, e.g. `2.2.1` (default) or `1.20.3`. */
  flinkVersion: string;
  /** `flink-sql-connector-kafka` version; derived from the Flink line when not given. */
  kafkaConnectorVersion: string;
  /**
   * Flink's JDBC connector (with its PostgreSQL dialect and driver) for lookup joins against a
   * database; derived from the Flink line when not given, `none` to leave it out.
   */
  jdbcConnectorVersion: string;
  /** Kafka broker release (`org.apache.kafka:kafka_2.13`). */
  kafkaVersion: string;
  /**
   * `flink-sql-avro-confluent-registry` in Flink's `lib/` (the `avro-confluent` format); derived from the
   * Flink line when not given, `none` to leave it out.
   */
  avroFormatVersion: string;
  /** Apicurio Registry release (`io.apicurio:apicurio-registry-app`, the `all` zip). */
  registryVersion: string;
  /** Every server binds to this address only. */
  host: string;
  ports: StackPorts;
  /** Slots of each TaskManager. */
  taskSlots: number;
  /**
   * TaskManager processes to run (`--taskmanagers`, `SLUICE_TASKMANAGERS`; default 1), each with its own
   * resource id, log (`taskmanager.log`, `taskmanager-2.log`, ...) and pid file; their RPC and data ports
   * are picked free by Flink. Several TaskManagers on one machine let a job spread over JVMs (issue 17's
   * scale runs); each takes `memory.taskmanager`.
   */
  taskManagers: number;
  /**
   * Ports of Flink's Prometheus reporter (`plugins/metrics-prometheus`), a range such as `9249-9259`
   * (`SLUICE_PROMETHEUS_PORTS`): each Flink process takes the first free one, so a second stack beside the
   * first takes the next. Off (`none`) by default: Flink's reporter has no bind address and listens on every
   * interface, and the stack binds nothing beyond 127.0.0.1 unless asked.
   */
  prometheusPorts: string;
  memory: StackMemory;
  /** Downloaded and assembled distributions (shared between stacks). */
  cacheDir: string;
  /** This stack's configs, logs, data and pid records. */
  stateDir: string;
  /** The parts to run; the default is all of them. */
  parts: readonly StackPart[];
  /** How long each part may take to become healthy. */
  startTimeoutMs: number;
  /** Python used for `pip download` (PyPI is where Flink's binary distribution is published). */
  python: string;
  /** Maven used to fetch jars from Maven Central (honours the user's settings.xml mirrors). */
  maven: string;
}

export type StackOptionsInput = Partial<Omit<StackOptions, 'ports' | 'memory'>> & {
  ports?: Partial<StackPorts>;
  memory?: Partial<StackMemory>;
};

export const DEFAULT_FLINK_VERSION = '2.2.1';
export const DEFAULT_KAFKA_VERSION = '4.3.1';
export const DEFAULT_REGISTRY_VERSION = '3.0.9';
/** The port range the README suggests for `--prometheus-ports` (the reporter is off by default). */
export const DEFAULT_PROMETHEUS_PORTS = '9249-9259';

export const DEFAULT_PORTS: Readonly<StackPorts> = Object.freeze({
  kafka: 9092,
  kafkaController: 9093,
  kafkaSasl: 9094,
  kafkaSsl: 9095,
  flinkRest: 8081,
  jobmanagerRpc: 6123,
  sqlGateway: 8083,
  registry: 8085,
});

export const DEFAULT_MEMORY: Readonly<StackMemory> = Object.freeze({
  jobmanager: '1600m',
  taskmanager: '4096m',
  sqlGateway: '1g',
  kafka: '768m',
  registry: '256m',
});

// Connector releases built for each Flink line (flink-connector-kafka's pom and Maven Central).
const CONNECTOR_BY_FLINK_LINE: Readonly<Record<string, string>> = {
  '2.2': '5.0.0-2.2',
  '2.1': '5.0.0-2.1',
  '2.0': '4.0.1-2.0',
  '1.20': '3.4.0-1.20',
};

// JDBC connector releases per Flink line (Maven Central); 2.1 and 2.2 have none of their own yet,
// and the 2.0 build runs on them.
const JDBC_BY_FLINK_LINE: Readonly<Record<string, string>> = {
  '2.2': '4.0.0-2.0',
  '2.1': '4.0.0-2.0',
  '2.0': '4.0.0-2.0',
  '1.20': '3.3.0-1.20',
};

// flink-sql-avro-confluent-registry per Flink line: released with Flink itself, but not every patch
// release is on Maven Central (2.2.1's is not); the line's first one runs on its later patches.
const AVRO_BY_FLINK_LINE: Readonly<Record<string, string>> = {
  '2.2': '2.2.0',
  '2.1': '2.1.0',
  '2.0': '2.0.0',
  '1.20': '1.20.0',
};

/** The `flink-sql-avro-confluent-registry` release for a Flink version, or `none` where we know of none. */
export function avroFormatFor(flinkVersion: string): string {
  const line = /^(\d+\.\d+)\./.exec(flinkVersion)?.[1];
  return (line === undefined ? undefined : AVRO_BY_FLINK_LINE[line]) ?? 'none';
}

/** The JDBC connector release for a Flink version, or `none` where we know of none. */
export function jdbcConnectorFor(flinkVersion: string): string {
  const line = /^(\d+\.\d+)\./.exec(flinkVersion)?.[1];
  return (line === undefined ? undefined : JDBC_BY_FLINK_LINE[line]) ?? 'none';
}

/** The Kafka SQL connector release for a Flink version, e.g. `2.2.1` -> `5.0.0-2.2`. */
export function kafkaConnectorFor(flinkVersion: string): string {
  const line = /^(\d+\.\d+)\./.exec(flinkVersion)?.[1];
  const connector = line === undefined ? undefined : CONNECTOR_BY_FLINK_LINE[line];
  if (connector === undefined) {
    throw stackError('STACK_UNSUPPORTED_VERSION', `no known Kafka SQL connector for Flink ${flinkVersion}`, {
      details: { flinkVersion, supportedLines: Object.keys(CONNECTOR_BY_FLINK_LINE) },
      suggestion: `use Flink ${Object.keys(CONNECTOR_BY_FLINK_LINE).join(', ')}.x, or pass kafkaConnectorVersion explicitly`,
    });
  }
  return connector;
}

/** `~/.cache/sluice`, or `$SLUICE_CACHE_DIR`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SLUICE_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'sluice');
}

/** `./.sluice/stack` under the current directory, or `$SLUICE_STACK_DIR`. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.SLUICE_STACK_DIR ?? join('.sluice', 'stack'));
}

/**
 * Fills in defaults; environment variables (`SLUICE_FLINK_VERSION`, `SLUICE_KAFKA_CONNECTOR_VERSION`, `SLUICE_KAFKA_VERSION`,
 * `SLUICE_CACHE_DIR`, `SLUICE_STACK_DIR`, `SLUICE_PROMETHEUS_PORTS`, `SLUICE_TASKMANAGERS`, the `SLUICE_*_PORT` names in {@link PORT_ENV}) take the place
 * of defaults, explicit input wins over both.
 *
 * @example
 * ```ts
 * resolveStackOptions({ flinkVersion: '1.20.3', ports: { flinkRest: 18081 } })
 * // => { flinkVersion: '1.20.3', kafkaConnectorVersion: '3.4.0-1.20', ports: { flinkRest: 18081, kafka: 9092, ... }, ... }
 * ```
 */
export function resolveStackOptions(input: StackOptionsInput = {}, env: NodeJS.ProcessEnv = process.env): StackOptions {
  const flinkVersion = input.flinkVersion ?? env.SLUICE_FLINK_VERSION ?? DEFAULT_FLINK_VERSION;
  const options: StackOptions = {
    flinkVersion,
    kafkaConnectorVersion: input.kafkaConnectorVersion ?? env.SLUICE_KAFKA_CONNECTOR_VERSION ?? kafkaConnectorFor(flinkVersion),
    jdbcConnectorVersion: input.jdbcConnectorVersion ?? env.SLUICE_JDBC_CONNECTOR_VERSION ?? jdbcConnectorFor(flinkVersion),
    kafkaVersion: input.kafkaVersion ?? env.SLUICE_KAFKA_VERSION ?? DEFAULT_KAFKA_VERSION,
    avroFormatVersion: input.avroFormatVersion ?? env.SLUICE_AVRO_FORMAT_VERSION ?? avroFormatFor(flinkVersion),
    registryVersion: input.registryVersion ?? env.SLUICE_REGISTRY_VERSION ?? DEFAULT_REGISTRY_VERSION,
    host: input.host ?? '127.0.0.1',
    ports: { ...DEFAULT_PORTS, ...portsFromEnv(env), ...input.ports },
    taskSlots: input.taskSlots ?? 4,
    taskManagers: input.taskManagers ?? taskManagersFromEnv(env) ?? 1,
    prometheusPorts: input.prometheusPorts ?? env.SLUICE_PROMETHEUS_PORTS ?? 'none',
    memory: { ...DEFAULT_MEMORY, ...input.memory },
    cacheDir: resolve(input.cacheDir ?? defaultCacheDir(env)),
    stateDir: resolve(input.stateDir ?? defaultStateDir(env)),
    parts: input.parts ?? STACK_PARTS,
    startTimeoutMs: input.startTimeoutMs ?? 180_000,
    python: input.python ?? env.SLUICE_PYTHON ?? 'python3',
    maven: input.maven ?? env.SLUICE_MAVEN ?? 'mvn',
  };
  validateOptions(options);
  return options;
}

/** More TaskManagers than this on one machine is a typo rather than a plan (each is a JVM of `memory.taskmanager`). */
export const MAX_TASKMANAGERS = 16;

/** Environment variables that move a part to another port (explicit options still win). */
export const PORT_ENV: Readonly<Record<keyof StackPorts, string>> = {
  kafka: 'SLUICE_KAFKA_PORT',
  kafkaController: 'SLUICE_KAFKA_CONTROLLER_PORT',
  kafkaSasl: 'SLUICE_KAFKA_SASL_PORT',
  kafkaSsl: 'SLUICE_KAFKA_SSL_PORT',
  flinkRest: 'SLUICE_FLINK_REST_PORT',
  jobmanagerRpc: 'SLUICE_JOBMANAGER_RPC_PORT',
  sqlGateway: 'SLUICE_SQL_GATEWAY_PORT',
  registry: 'SLUICE_REGISTRY_PORT',
};

function taskManagersFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const value = env.SLUICE_TASKMANAGERS;
  if (value === undefined || value === '') return undefined;
  const count = Number(value);
  if (!Number.isInteger(count) || count < 1) {
    throw stackError('STACK_INVALID_OPTION', `SLUICE_TASKMANAGERS must be a positive integer, got "${value}"`, {
      details: { option: 'SLUICE_TASKMANAGERS', value },
      suggestion: 'e.g. SLUICE_TASKMANAGERS=2',
    });
  }
  return count;
}

function portsFromEnv(env: NodeJS.ProcessEnv): Partial<StackPorts> {
  const ports: Partial<StackPorts> = {};
  for (const [key, name] of Object.entries(PORT_ENV) as Array<[keyof StackPorts, string]>) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw stackError('STACK_INVALID_OPTION', `${name} must be a TCP port (1-65535), got "${value}"`, { details: { option: name, value } });
    }
    ports[key] = port;
  }
  return ports;
}

function validateOptions(options: StackOptions): void {
  for (const [name, port] of Object.entries(options.ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw stackError('STACK_INVALID_OPTION', `ports.${name} must be a TCP port (1-65535), got ${String(port)}`, {
        details: { option: `ports.${name}`, value: port },
      });
    }
  }
  const seen = new Map<number, string>();
  for (const [name, port] of Object.entries(options.ports)) {
    const other = seen.get(port);
    if (other !== undefined) {
      throw stackError('STACK_INVALID_OPTION', `ports.${name} and ports.${other} are both ${port}`, {
        details: { option: `ports.${name}`, value: port },
        suggestion: 'give every part its own port',
      });
    }
    seen.set(port, name);
  }
  if (options.prometheusPorts !== 'none' && !/^\d{1,5}(-\d{1,5})?$/.test(options.prometheusPorts)) {
    throw stackError('STACK_INVALID_OPTION', `prometheusPorts must be a port or a range like 9249-9259, or none; got ${options.prometheusPorts}`, {
      details: { option: 'prometheusPorts', value: options.prometheusPorts },
      suggestion: 'e.g. --prometheus-ports 9249-9259, or --prometheus-ports none to turn the reporter off',
    });
  }
  if (!Number.isInteger(options.taskSlots) || options.taskSlots < 1) {
    throw stackError('STACK_INVALID_OPTION', `taskSlots must be a positive integer, got ${options.taskSlots}`, {
      details: { option: 'taskSlots', value: options.taskSlots },
    });
  }
  if (!Number.isInteger(options.taskManagers) || options.taskManagers < 1 || options.taskManagers > MAX_TASKMANAGERS) {
    throw stackError('STACK_INVALID_OPTION', `taskManagers must be an integer from 1 to ${MAX_TASKMANAGERS}, got ${options.taskManagers}`, {
      details: { option: 'taskManagers', value: options.taskManagers },
      suggestion: `e.g. --taskmanagers 2; each takes memory.taskmanager (${options.memory.taskmanager})`,
    });
  }
  for (const [name, size] of Object.entries(options.memory)) {
    if (!/^\d+[kmg]$/i.test(size)) {
      throw stackError('STACK_INVALID_OPTION', `memory.${name} must look like 512m or 4g, got "${size}"`, {
        details: { option: `memory.${name}`, value: size },
      });
    }
  }
  for (const part of options.parts) {
    if (!(STACK_PARTS as readonly string[]).includes(part)) {
      throw stackError('STACK_INVALID_OPTION', `unknown stack part "${part}"`, {
        details: { option: 'parts', value: part },
        suggestion: `parts are: ${STACK_PARTS.join(', ')}`,
      });
    }
  }
}

/**
 * The broker's test user on the SASL listener, for every mechanism there. A fixed local credential
 * (the stack binds to 127.0.0.1 only), exported for tests; the stack never prints the password.
 */
export const STACK_SASL_USER = 'sluice';
export const STACK_SASL_PASSWORD = 'sluice-local-sasl-secret';
/** The mechanisms the SASL listener enables (Kafka's names). */
export const STACK_SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

/** Kafka listeners added after the first stacks ran: a record written before one existed lacks its port. */
export const ADDED_KAFKA_LISTENERS = ['kafkaSasl', 'kafkaSsl'] as const;

/** Ports added after the first stacks ran: a record written before then lacks them. */
type AddedPort = (typeof ADDED_KAFKA_LISTENERS)[number] | 'registry';

/** Ports as a stack record has them (see {@link ADDED_KAFKA_LISTENERS}; the registry came later too). */
export type RecordedPorts = Omit<StackPorts, AddedPort> & Partial<Pick<StackPorts, AddedPort>>;

/** Where clients reach the stack. */
export interface StackEndpoints {
  kafkaBrokers: string[];
  /**
   * The SASL_PLAINTEXT listener ({@link STACK_SASL_USER}, {@link STACK_SASL_MECHANISMS}); absent for a
   * broker started before the stack had that listener, and for an external cluster that names none.
   */
  kafkaSaslBrokers?: string[];
  /** The SSL listener; absent like {@link kafkaSaslBrokers}. */
  kafkaSslBrokers?: string[];
  /** PEM of the SSL listener's self-signed certificate, to pin as `tls.ca` (with `kafkaSslBrokers`). */
  kafkaSslCaFile?: string;
  flinkRestUrl: string;
  sqlGatewayUrl: string;
  /** The schema registry's Confluent-compatible API (`.../apis/ccompat/v7`); absent for a stack started before it had one. */
  schemaRegistryUrl?: string;
}

/** Where Apicurio Registry serves the Confluent-compatible API, under its base URL. */
export const CCOMPAT_PATH = '/apis/ccompat/v7';

/** Where the SSL listener's certificate (PEM) is, under a state dir. */
export function kafkaSslCaFileOf(stateDir: string): string {
  return join(stateDir, 'kafka', 'tls', 'ca.pem');
}

/** The endpoints of a stack; the SSL listener is named only with the `stateDir` that holds its certificate. */
export function endpointsOf(options: { host: string; ports: RecordedPorts; stateDir?: string }): StackEndpoints {
  const { host, ports, stateDir } = options;
  return {
    kafkaBrokers: [`${host}:${ports.kafka}`],
    ...(ports.kafkaSasl === undefined ? {} : { kafkaSaslBrokers: [`${host}:${ports.kafkaSasl}`] }),
    ...(ports.kafkaSsl === undefined || stateDir === undefined ? {} : { kafkaSslBrokers: [`${host}:${ports.kafkaSsl}`], kafkaSslCaFile: kafkaSslCaFileOf(stateDir) }),
    flinkRestUrl: `http://${host}:${ports.flinkRest}`,
    sqlGatewayUrl: `http://${host}:${ports.sqlGateway}`,
    ...(ports.registry === undefined ? {} : { schemaRegistryUrl: `http://${host}:${ports.registry}${CCOMPAT_PATH}` }),
  };
}
