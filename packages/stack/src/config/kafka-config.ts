import { mkdir, writeFile } from 'node:fs/promises';
import type { StackLayout } from '../layout';
import type { StackOptions } from '../options';

/** A single-node KRaft broker+controller bound to `host` only. */
export function kafkaServerProperties(options: StackOptions, layout: StackLayout): Record<string, string | number | boolean> {
  const { host, ports } = options;
  return {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@${host}:${ports.kafkaController}`,
    listeners: `PLAINTEXT://${host}:${ports.kafka},CONTROLLER://${host}:${ports.kafkaController}`,
    'advertised.listeners': `PLAINTEXT://${host}:${ports.kafka},CONTROLLER://${host}:${ports.kafkaController}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
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
  await writeFile(layout.kafkaConfigFile, `# Written by @sluice/stack; rewritten on every start.\n${lines.join('\n')}\n`);
  await writeFile(layout.kafkaLog4jFile, LOG4J2);
}
