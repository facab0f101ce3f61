import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { centralUrl, PINNED_SHA256 } from '../../src/artifacts/central-download';
import { flinkLibJars } from '../../src/artifacts/flink-distribution';
import { flinkSettings } from '../../src/config/flink-config';
import { kafkaServerProperties } from '../../src/config/kafka-config';
import { stackLayout } from '../../src/layout';
import { DEFAULT_FLINK_VERSION, DEFAULT_KAFKA_VERSION, DEFAULT_REGISTRY_VERSION, DEFAULT_MEMORY, DEFAULT_PORTS, resolveStackOptions, STACK_SASL_MECHANISMS, STACK_SASL_PASSWORD, STACK_SASL_USER } from '../../src/options';
import { KEYSTORE_PASSWORD } from '../../src/process/kafka-tls';

// No Docker engine runs here, so nothing starts docker/compose.yaml: this test is what keeps it in step
// with the stack's defaults (images and versions, published ports, Kafka listeners and SASL user, the
// Flink settings and the jars in Flink's lib/).

interface Service {
  image?: string;
  ports?: string[];
  network_mode?: string;
  environment?: Record<string, string | number>;
  entrypoint?: string[];
  command?: string | string[];
  volumes?: string[];
}
interface Compose {
  services: Record<string, Service>;
  configs: Record<string, { content: string }>;
}

const compose = parse(readFileSync(resolve(__dirname, '../../../../docker/compose.yaml'), 'utf8'), { merge: true }) as Compose;
const options = resolveStackOptions({}, {});
const layout = stackLayout(options);
const service = (name: string): Service => {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`docker/compose.yaml has no service ${name}`);
  return found;
};
const script = (s: Service): string => [...(s.entrypoint ?? []), ...(Array.isArray(s.command) ? s.command : [s.command ?? ''])].join('\n');
const FLINK_SERVICES = ['jobmanager', 'taskmanager', 'sql-gateway'];

describe('docker/compose.yaml is in step with the local stack', () => {
  it('runs the stack\'s Kafka and Flink versions from the official images', () => {
    expect(service('kafka').image).toBe(`apache/kafka:${DEFAULT_KAFKA_VERSION}`);
    for (const name of [...FLINK_SERVICES, 'flink-jars']) expect({ name, image: service(name).image }).toEqual({ name, image: `flink:${DEFAULT_FLINK_VERSION}-java17` });
    expect(Object.keys(compose.services).sort()).toEqual(['flink-jars', 'jobmanager', 'kafka', 'registry', 'sql-gateway', 'taskmanager']);
  });

  it('publishes the stack\'s default ports on 127.0.0.1 only, from the one network namespace all parts share', () => {
    const { kafka, kafkaSasl, kafkaSsl, flinkRest, sqlGateway, registry } = DEFAULT_PORTS;
    expect(service('kafka').ports).toEqual([kafka, kafkaSasl, kafkaSsl, flinkRest, sqlGateway, registry].map((p) => `127.0.0.1:${p}:${p}`));
    for (const name of FLINK_SERVICES) {
      expect({ name, network_mode: service(name).network_mode, ports: service(name).ports }).toEqual({ name, network_mode: 'service:kafka', ports: undefined });
    }
  });

  it('runs the stack\'s Apicurio Registry release in the shared network namespace, on its port', () => {
    const registry = service('registry');
    expect(registry.image).toBe(`apicurio/apicurio-registry:${DEFAULT_REGISTRY_VERSION}`);
    expect(registry.network_mode).toBe('service:kafka');
    expect(registry.environment?.QUARKUS_HTTP_PORT).toBe(DEFAULT_PORTS.registry);
  });

  it('gives Kafka the stack\'s broker config: every key and value, client listeners bound inside the container', () => {
    const lines = (compose.configs['kafka-server-properties']?.content ?? '').split('\n').filter((l) => l.trim() !== '');
    const actual = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
    const expected = Object.fromEntries(Object.entries(kafkaServerProperties(options, layout)).map(([k, v]) => [k, String(v)]));
    // Docker publishes a container's port from its network interface, so client listeners bind 0.0.0.0
    // there (the host side is 127.0.0.1); files live in the data volume.
    expected.listeners = (expected.listeners ?? '').replace(/(PLAINTEXT|SASL_PLAINTEXT|SSL):\/\/127\.0\.0\.1:/g, '$1://0.0.0.0:');
    expected['log.dirs'] = '/var/lib/kafka/data/logs';
    expected['listener.name.ssl.ssl.keystore.location'] = '/var/lib/kafka/data/tls/broker.p12';
    expect(actual).toEqual(expected);
    expect(actual['listener.name.sasl_plaintext.sasl.enabled.mechanisms']).toBe(STACK_SASL_MECHANISMS.join(','));
  });

  it('adds the stack\'s SCRAM user at format time and makes the SSL certificate for the same names', () => {
    const kafka = service('kafka');
    const text = script(kafka);
    for (const mechanism of STACK_SASL_MECHANISMS.filter((m) => m !== 'PLAIN')) {
      expect(text).toContain(`--add-scram '${mechanism}=[name=${STACK_SASL_USER},password=${STACK_SASL_PASSWORD}]'`);
    }
    expect(text).toContain('-ext SAN=IP:127.0.0.1,DNS:localhost');
    expect(text).toContain('-storepass:env KEYSTORE_PASSWORD');
    expect(kafka.environment?.KEYSTORE_PASSWORD).toBe(KEYSTORE_PASSWORD);
    expect(kafka.environment?.KAFKA_HEAP_OPTS).toBe(`-Xmx${DEFAULT_MEMORY.kafka}`);
  });

  it('gives Flink the stack\'s settings: slots, memory, ports, addresses; binds inside the container, state in a shared volume', () => {
    // Paths of the stack's state dir that the image keeps at its own defaults; pre-2.0 names of two settings.
    // The Prometheus reporter is the local stack's (its port range on the host); the compose file does not publish it.
    const notInImage = ['env.pid.dir', 'env.log.dir', 'io.tmp.dirs', 'web.upload.dir', 'state.checkpoints.dir', 'state.savepoints.dir', 'metrics.reporter.prom.factory.class', 'metrics.reporter.prom.port'];
    const expected: Record<string, string> = {};
    for (const [key, value] of Object.entries(flinkSettings(options, layout, undefined))) {
      if (!notInImage.includes(key)) expected[key] = String(value);
    }
    for (const key of ['jobmanager.bind-host', 'taskmanager.bind-host', 'rest.bind-address', 'sql-gateway.endpoint.rest.bind-address']) expected[key] = '0.0.0.0';
    expected['execution.checkpointing.dir'] = 'file:///opt/sluice/state/checkpoints';
    expected['execution.checkpointing.savepoint-dir'] = 'file:///opt/sluice/state/savepoints';
    for (const name of FLINK_SERVICES) {
      const env = service(name).environment ?? {};
      const properties = parse(String(env.FLINK_PROPERTIES)) as Record<string, unknown>;
      const actual = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, String(v)]));
      expect({ name, settings: actual }).toEqual({ name, settings: expected });
      expect({ name, slots: String(env.TASK_MANAGER_NUMBER_OF_TASK_SLOTS), rpc: env.JOB_MANAGER_RPC_ADDRESS }).toEqual({ name, slots: String(options.taskSlots), rpc: options.host });
      expect(service(name).volumes).toEqual(expect.arrayContaining(['flink-jars:/opt/sluice/jars:ro', 'flink-state:/opt/sluice/state']));
      expect(script(service(name))).toContain('cp /opt/sluice/jars/*.jar /opt/flink/lib/');
    }
  });

  it('fetches exactly the jars the stack puts into Flink\'s lib/', () => {
    const jars = String(service('flink-jars').environment?.JARS).trim().split(/\s+/);
    expect(jars).toEqual(flinkLibJars(options));
    expect(jars).toEqual([
      'org.apache.flink:flink-sql-connector-kafka:5.0.0-2.2',
      'org.apache.flink:flink-connector-jdbc-core:4.0.0-2.0',
      'org.apache.flink:flink-connector-jdbc-postgres:4.0.0-2.0',
      'org.postgresql:postgresql:42.7.4',
      'org.apache.flink:flink-sql-avro-confluent-registry:2.2.0',
    ]);
    // Jars Central serves without a .sha1 are checked against the same sha256 the stack pins.
    const pins = String(service('flink-jars').environment?.PINNED_SHA256).trim().split(/\s+/);
    expect(pins).toEqual(Object.entries(PINNED_SHA256).map(([coordinates, sha]) => `${centralUrl(coordinates).file}=${sha}`));
  });
});
