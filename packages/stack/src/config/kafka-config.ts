import { chmod, mkdir, writeFile } from 'node:fs/promises';
import type { StackLayout } from '../layout';
import { STACK_SASL_MECHANISMS, STACK_SASL_PASSWORD, STACK_SASL_USER, type StackOptions } from '../options';
import { KEYSTORE_PASSWORD } from '../process/kafka-tls';

/** The JAAS line of a listener's mechanism: PLAIN keeps its users here, SCRAM's live in KRaft metadata. */
function jaas(mechanism: (typeof STACK_SASL_MECHANISMS)[number]): string {
  return mechanism === 'PLAIN'
    ? `org.apache.kafka.common.security.plain.PlainLoginModule required user_${STACK_SASL_USER}="${STACK_SASL_PASSWORD}";`
    : 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
}

/**
 * A single-node KRaft broker+controller bound to `host` only. Clients get PLAINTEXT (the default), and a
 * SASL_PLAINTEXT and an SSL listener for testing authentication and TLS; the broker and controller talk
 * PLAINTEXT.
 */
export function kafkaServerProperties(options: StackOptions, layout: StackLayout): Record<string, string | number | boolean> {
  const { host, ports } = options;
  const listeners = `PLAINTEXT://${host}:${ports.kafka},CONTROLLER://${host}:${ports.kafkaController},SASL_PLAINTEXT://${host}:${ports.kafkaSasl},SSL://${host}:${ports.kafkaSsl}`;
  return {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${host}:${ports.kafkaController}`,
    listeners,
    'advertised.listeners': listeners,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL',
    'listener.name.sasl_plaintext.sasl.enabled.mechanisms': STACK_SASL_MECHANISMS.join(','),
    ...Object.fromEntries(STACK_SASL_MECHANISMS.map((m) => [`listener.name.sasl_plaintext.${m.toLowerCase()}.sasl.jaas.config`, jaas(m)])),
    'listener.name.ssl.ssl.keystore.type': 'PKCS12',
    'listener.name.ssl.ssl.keystore.location': layout.kafkaKeystoreFile,
    'listener.name.ssl.ssl.keystore.password': KEYSTORE_PASSWORD,
    'listener.name.ssl.ssl.key.password': KEYSTORE_PASSWORD,
    'log.dirs': layout.kafkaDataDir,
    'num.partitions': 1,
    'num.network.threads': 2,
    'num.io.threads': 2,
    'offsets.topic.replication.factor': 1,
    'offsets.topic.num.partitions': 1,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'share.coordinator.state.topic.replication.factor': 1,
    'share.coordinator.state.topic.min.isr': 1,
    'group.initial.rebalance.delay.ms': 0,
    'auto.create.topics.enable': true,
    // Flink's exactly-once Kafka sink asks for 1 h transactions; the broker's default cap is 15 min.
    'transaction.max.timeout.ms': 3_600_000,
  };
}

const LOG4J2 = `status = warn
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.stdout.ref = STDOUT
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.ak.name = org.apache.kafka
logger.ak.level = WARN
`;

export async function writeKafkaConfig(options: StackOptions, layout: StackLayout): Promise<void> {
  await mkdir(layout.kafkaDataDir, { recursive: true });
  const lines = Object.entries(kafkaServerProperties(options, layout)).map(([key, value]) => `${key}=${String(value)}`);
  await writeFile(layout.kafkaConfigFile, `# Written by @sluice/stack; rewritten on every start.\n${lines.join('\n')}\n`, { mode: 0o600 });
  // It holds the SASL test and keystore passwords; a file written before them may be world-readable.
  await chmod(layout.kafkaConfigFile, 0o600);
  await writeFile(layout.kafkaLog4jFile, LOG4J2);
}
