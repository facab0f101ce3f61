import { dirname, isAbsolute, join } from 'node:path';
import { SluiceError } from '@sluice/errors';
import type { FlinkVersion } from '@sluice/dsl';
import type { ResolvedConfig } from './config-types';
import { SecretStore, resolveSecret } from './secrets';
import { deployError } from '../error-codes';

const FLINK_VERSIONS: readonly FlinkVersion[] = ['2.2', '2.1', '2.0', '1.20'];
const TOP_KEYS = ['project', 'signals', 'flink', 'kafka', 'deploy', 'schemaRegistry', 'environments', 'stateDir'];
const SECTION_KEYS: Record<string, readonly string[]> = {
  flink: ['restUrl', 'sqlGatewayUrl', 'version', 'auth', 'headers'],
  kafka: ['brokers', 'flinkBrokers', 'clientId', 'tls', 'sasl', 'topicDefaults'],
  deploy: ['via', 'savepointDir', 'timeoutMs'],
  schemaRegistry: ['url', 'username', 'password', 'compatibility'],
};
const COMPATIBILITY_LEVELS = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'] as const;
const PROJECT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

type Obj = Record<string, unknown>;

/** Options of {@link resolveConfig}. */
export interface ResolveConfigOptions {
  /** The config file the value came from (absolute). */
  readonly configFile: string;
  /** Environment name, default `dev`. */
  readonly environment?: string;
  /** Where `env:` references are read, default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

function invalid(key: string, message: string, suggestion: string): SluiceError {
  return deployError('DEPLOY_CONFIG_INVALID', `${key}: ${message}`, { details: { key }, suggestion });
}

/**
 * The key of the first value that contains itself. Found by the fuzz (issue 16): `project: &a [*a]` in
 * sluice.yaml made the messages that quote a value throw a raw TypeError (circular JSON).
 */
function cyclicKey(value: unknown, key: string, open: Set<unknown>): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  if (open.has(value)) return key === '' ? '(root)' : key;
  open.add(value);
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [k, v] of entries) {
    const found = cyclicKey(v, key === '' ? k : `${key}.${k}`, open);
    if (found !== undefined) return found;
  }
  open.delete(value);
  return undefined;
}

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function checkKeys(value: Obj, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw invalid(`${prefix}${key}`, 'unknown key', `use one of: ${allowed.join(', ')}`);
  }
}

function section(raw: Obj, name: string, prefix: string): Obj {
  const value = raw[name];
  if (value === undefined) return {};
  if (!isObj(value)) throw invalid(`${prefix}${name}`, `must be an object, got ${JSON.stringify(value)}`, `write ${name}: { ... }`);
  checkKeys(value, SECTION_KEYS[name] ?? [], `${prefix}${name}.`);
  return value;
}

/** Deep merge where `over` wins key by key (arrays are replaced). */
function merge(base: Obj, over: Obj): Obj {
  const out: Obj = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isObj(prev) && isObj(value) ? merge(prev, value) : value;
  }
  return out;
}

function str(value: unknown, key: string, fallback?: string): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') throw invalid(key, `must be a non-empty string, got ${JSON.stringify(value)}`, `set ${key} to a string`);
  return value;
}

function url(value: unknown, key: string, fallback: string): string {
  const text = str(value, key, fallback);
  try {
    const parsed = new URL(text);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw invalid(key, `must be an http(s) URL, got ${JSON.stringify(text)}`, `e.g. ${fallback}`);
  }
  return text.replace(/\/+$/, '');
}

function positiveInt(value: unknown, key: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw invalid(key, `must be an integer >= 1, got ${JSON.stringify(value)}`, `e.g. ${fallback}`);
  return value;
}

function brokerList(value: unknown, key: string, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  const list = typeof value === 'string' ? value.split(',').map((b) => b.trim()) : Array.isArray(value) ? value : undefined;
  if (list === undefined || list.length === 0 || !list.every((b) => typeof b === 'string' && /^[^\s:]+:\d+$/.test(b))) {
    throw invalid(key, `must be host:port brokers, got ${JSON.stringify(value)}`, 'e.g. 127.0.0.1:9092 or [kafka-1:9092, kafka-2:9092]');
  }
  return list as string[];
}

/**
 * Checks a raw config (from `sluice.config.ts` or `sluice.yaml`), picks an environment, applies
 * defaults and resolves secret references. Every problem is a `DEPLOY_CONFIG_INVALID` error whose
 * message starts with the key, e.g. `kafka.brokers: must be host:port brokers, got 42`.
 *
 * @example
 * ```ts
 * const config = resolveConfig({ project: 'demo', signals: 'signals' }, { configFile: '/repo/sluice.yaml', environment: 'dev' })
 * config.flink.restUrl // 'http://127.0.0.1:8081'
 * ```
 */
export function resolveConfig(raw: unknown, options: ResolveConfigOptions): ResolvedConfig {
  if (!isObj(raw)) throw invalid('(root)', 'the config must be an object', 'export default defineConfig({ project, signals }) or write project: and signals: in sluice.yaml');
  const cycle = cyclicKey(raw, '', new Set());
  if (cycle !== undefined) throw invalid(cycle, 'refers to itself (a YAML alias inside its own anchor, or an object that contains itself)', 'write the value out instead of referring back to it');
  checkKeys(raw, TOP_KEYS, '');
  const project = str(raw.project, 'project');
  if (!PROJECT_NAME.test(project)) throw invalid('project', `'${project}' is not a valid name`, 'use letters, digits, _ and - (it names jobs sluice.<project>.<signal>)');
  const root = dirname(options.configFile);
  const signalsRaw = raw.signals;
  const signalList = typeof signalsRaw === 'string' ? [signalsRaw] : Array.isArray(signalsRaw) ? signalsRaw : undefined;
  if (signalList === undefined || signalList.length === 0 || !signalList.every((s) => typeof s === 'string' && s !== '')) {
    throw invalid('signals', `must be a path or a list of paths, got ${JSON.stringify(signalsRaw)}`, "e.g. signals: ['signals'] (a directory) or ['signals/vwap.ts']");
  }
  const environment = options.environment ?? 'dev';
  const environments = raw.environments;
  if (environments !== undefined && !isObj(environments)) throw invalid('environments', 'must be an object of named environments', 'e.g. environments: { prod: { flink: { restUrl: ... } } }');
  const envOverride = environments?.[environment];
  if (envOverride === undefined && environment !== 'dev') {
    throw invalid(`environments.${environment}`, 'no such environment', `use one of: ${['dev', ...Object.keys(environments ?? {})].filter((v, i, a) => a.indexOf(v) === i).join(', ')}`);
  }
  if (envOverride !== undefined && !isObj(envOverride)) throw invalid(`environments.${environment}`, 'must be an object', 'e.g. { flink: { restUrl: ... } }');
  if (envOverride !== undefined) checkKeys(envOverride, ['flink', 'kafka', 'deploy', 'schemaRegistry'], `environments.${environment}.`);
  const prefixOf = (name: string): string => (envOverride !== undefined && name in envOverride ? `environments.${environment}.` : '');
  const flinkRaw = merge(section(raw, 'flink', ''), envOverride === undefined ? {} : section(envOverride, 'flink', `environments.${environment}.`));
  const kafkaRaw = merge(section(raw, 'kafka', ''), envOverride === undefined ? {} : section(envOverride, 'kafka', `environments.${environment}.`));
  const deployRaw = merge(section(raw, 'deploy', ''), envOverride === undefined ? {} : section(envOverride, 'deploy', `environments.${environment}.`));
  const registryRaw = merge(section(raw, 'schemaRegistry', ''), envOverride === undefined ? {} : section(envOverride, 'schemaRegistry', `environments.${environment}.`));

  const store = new SecretStore();
  const ctx = { root, env: options.env ?? process.env, store };
  const fk = `${prefixOf('flink')}flink.`;
  const kk = `${prefixOf('kafka')}kafka.`;
  const dk = `${prefixOf('deploy')}deploy.`;

  const version = flinkRaw.version ?? '2.2';
  if (typeof version !== 'string' || !FLINK_VERSIONS.includes(version as FlinkVersion)) throw invalid(`${fk}version`, `must be one of ${FLINK_VERSIONS.join(', ')}, got ${JSON.stringify(version)}`, "e.g. version: '2.2'");
  let auth: { username: string; password: string } | undefined;
  if (flinkRaw.auth !== undefined) {
    if (!isObj(flinkRaw.auth)) throw invalid(`${fk}auth`, 'must be { username, password }', "e.g. auth: { username: 'app', password: 'env:FLINK_PASSWORD' }");
    auth = { username: resolveSecret(str(flinkRaw.auth.username, `${fk}auth.username`), `${fk}auth.username`, ctx), password: resolveSecret(str(flinkRaw.auth.password, `${fk}auth.password`), `${fk}auth.password`, ctx) };
  }
  const headers: Record<string, string> = {};
  if (flinkRaw.headers !== undefined) {
    if (!isObj(flinkRaw.headers)) throw invalid(`${fk}headers`, 'must be an object of header values', "e.g. headers: { Authorization: 'env:FLINK_TOKEN' }");
    for (const [name, value] of Object.entries(flinkRaw.headers)) {
      const resolved = resolveSecret(str(value, `${fk}headers.${name}`), `${fk}headers.${name}`, ctx);
      // A header sent to Flink is usually a credential even when written in the config as it is: mask it too.
      store.add(resolved);
      headers[name] = resolved;
    }
  }

  const brokers = brokerList(kafkaRaw.brokers === undefined ? undefined : typeof kafkaRaw.brokers === 'string' ? resolveSecret(kafkaRaw.brokers, `${kk}brokers`, ctx) : kafkaRaw.brokers, `${kk}brokers`, ['127.0.0.1:9092']);
  const flinkBrokers = brokerList(kafkaRaw.flinkBrokers, `${kk}flinkBrokers`, brokers);
  let sasl: ResolvedConfig['kafka']['sasl'];
  if (kafkaRaw.sasl !== undefined) {
    const s = kafkaRaw.sasl;
    if (!isObj(s)) throw invalid(`${kk}sasl`, 'must be { mechanism, username, password }', "e.g. sasl: { mechanism: 'scram-sha-512', username: 'app', password: 'env:KAFKA_PASSWORD' }");
    if (s.mechanism !== 'plain' && s.mechanism !== 'scram-sha-256' && s.mechanism !== 'scram-sha-512') throw invalid(`${kk}sasl.mechanism`, `must be plain, scram-sha-256 or scram-sha-512, got ${JSON.stringify(s.mechanism)}`, "e.g. mechanism: 'scram-sha-512'");
    sasl = { mechanism: s.mechanism, username: resolveSecret(str(s.username, `${kk}sasl.username`), `${kk}sasl.username`, ctx), password: resolveSecret(str(s.password, `${kk}sasl.password`), `${kk}sasl.password`, ctx) };
  }
  let tlsPem: NonNullable<ResolvedConfig['kafka']['tlsPem']> | undefined;
  if (isObj(kafkaRaw.tls)) {
    const t = kafkaRaw.tls;
    checkKeys(t, ['caFile', 'certFile', 'key', 'keyPassword'], `${kk}tls.`);
    const pem = (path: unknown, key: string): string => resolveSecret(`file:${str(path, key)}`, key, ctx);
    const out: { ca?: string; cert?: string; key?: string; keyPassword?: string } = {};
    if (t.caFile !== undefined) out.ca = pem(t.caFile, `${kk}tls.caFile`);
    if (t.certFile !== undefined) out.cert = pem(t.certFile, `${kk}tls.certFile`);
    if (t.key !== undefined) out.key = resolveSecret(str(t.key, `${kk}tls.key`), `${kk}tls.key`, ctx);
    if (t.keyPassword !== undefined) out.keyPassword = resolveSecret(str(t.keyPassword, `${kk}tls.keyPassword`), `${kk}tls.keyPassword`, ctx);
    if ((out.cert === undefined) !== (out.key === undefined)) throw invalid(`${kk}tls`, 'certFile and key go together (mTLS)', "e.g. tls: { caFile: 'ca.pem', certFile: 'client.pem', key: 'file:client.key' }");
    tlsPem = out;
  } else if (kafkaRaw.tls !== undefined && typeof kafkaRaw.tls !== 'boolean') {
    throw invalid(`${kk}tls`, 'must be true, false or { caFile, certFile, key, keyPassword }', "e.g. tls: true or tls: { caFile: 'ca.pem' }");
  }
  const td = kafkaRaw.topicDefaults;
  if (td !== undefined && !isObj(td)) throw invalid(`${kk}topicDefaults`, 'must be { partitions, replicationFactor }', 'e.g. topicDefaults: { partitions: 3 }');
  const viaRaw: unknown = deployRaw.via ?? 'gateway';
  const via: 'gateway' | 'jar' = viaRaw === 'jar' ? 'jar' : 'gateway';
  if (viaRaw !== 'gateway' && viaRaw !== 'jar') throw invalid(`${dk}via`, `must be gateway or jar, got ${JSON.stringify(viaRaw)}`, 'e.g. via: gateway');
  if (deployRaw.savepointDir !== undefined) str(deployRaw.savepointDir, `${dk}savepointDir`);
  const stateDir = raw.stateDir === undefined ? join(root, '.sluice') : str(raw.stateDir, 'stateDir');
  const rk = `${prefixOf('schemaRegistry')}schemaRegistry.`;
  let schemaRegistry: ResolvedConfig['schemaRegistry'];
  if (Object.keys(registryRaw).length > 0) {
    const level: unknown = registryRaw.compatibility ?? 'BACKWARD';
    if (!COMPATIBILITY_LEVELS.includes(level as (typeof COMPATIBILITY_LEVELS)[number])) throw invalid(`${rk}compatibility`, `must be one of ${COMPATIBILITY_LEVELS.join(', ')}, got ${JSON.stringify(level)}`, "e.g. compatibility: 'BACKWARD'");
    if ((registryRaw.username === undefined) !== (registryRaw.password === undefined)) throw invalid(`${rk}username`, 'username and password go together (basic auth)', "e.g. username: 'env:SR_API_KEY', password: 'env:SR_API_SECRET'");
    schemaRegistry = {
      // A URL may carry credentials too, so it may be a reference.
      url: url(typeof registryRaw.url === 'string' ? resolveSecret(registryRaw.url, `${rk}url`, ctx) : registryRaw.url, `${rk}url`, 'http://127.0.0.1:8085/apis/ccompat/v7'),
      ...(registryRaw.username === undefined ? {} : { username: resolveSecret(str(registryRaw.username, `${rk}username`), `${rk}username`, ctx), password: resolveSecret(str(registryRaw.password, `${rk}password`), `${rk}password`, ctx) }),
      compatibility: level as (typeof COMPATIBILITY_LEVELS)[number],
    };
  }

  return Object.freeze({
    project,
    environment,
    configFile: options.configFile,
    root,
    signals: (signalList as string[]).map((s) => (isAbsolute(s) ? s : join(root, s))),
    stateDir: isAbsolute(stateDir) ? stateDir : join(root, stateDir),
    flink: {
      // URLs may carry credentials (user:password@host or a token path), so they may be references too.
      restUrl: url(typeof flinkRaw.restUrl === 'string' ? resolveSecret(flinkRaw.restUrl, `${fk}restUrl`, ctx) : flinkRaw.restUrl, `${fk}restUrl`, 'http://127.0.0.1:8081'),
      sqlGatewayUrl: url(typeof flinkRaw.sqlGatewayUrl === 'string' ? resolveSecret(flinkRaw.sqlGatewayUrl, `${fk}sqlGatewayUrl`, ctx) : flinkRaw.sqlGatewayUrl, `${fk}sqlGatewayUrl`, 'http://127.0.0.1:8083'),
      version: version as FlinkVersion,
      ...(auth === undefined ? {} : { auth }),
      headers,
    },
    kafka: {
      brokers,
      flinkBrokers,
      clientId: str(kafkaRaw.clientId, `${kk}clientId`, `sluice-${project}`),
      tls: kafkaRaw.tls === true || tlsPem !== undefined,
      ...(tlsPem === undefined ? {} : { tlsPem }),
      ...(sasl === undefined ? {} : { sasl }),
      topicDefaults: { partitions: positiveInt(td?.partitions, `${kk}topicDefaults.partitions`, 1), replicationFactor: positiveInt(td?.replicationFactor, `${kk}topicDefaults.replicationFactor`, 1) },
    },
    deploy: {
      via,
      ...(typeof deployRaw.savepointDir === 'string' ? { savepointDir: deployRaw.savepointDir } : {}),
      timeoutMs: positiveInt(deployRaw.timeoutMs, `${dk}timeoutMs`, 180_000),
    },
    ...(schemaRegistry === undefined ? {} : { schemaRegistry }),
    secrets: store,
  });
}
