import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { writeKafkaConfig } from '../../src/config/kafka-config';
import { KEYSTORE_PASSWORD } from '../../src/process/kafka-tls';
import { javaCommand, kafkaJvmArgs, kraftClusterId } from '../../src/process/launch-part';
import { runCommand } from '../../src/process/run-command';
import {
  fetchArtifacts,
  freeStackPorts,
  resolveStackOptions,
  stackDown,
  stackLayout,
  stackStatus,
  stackUp,
  STACK_SASL_PASSWORD,
  STACK_SASL_USER,
  type StackOptionsInput,
} from '@sluice/stack';

function saslKafka(brokers: string[], mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'): Kafka {
  const sasl = { mechanism, username: STACK_SASL_USER, password: STACK_SASL_PASSWORD } as SASLOptions;
  return new Kafka({ clientId: 'stack-it-sasl', brokers, sasl, logLevel: logLevel.NOTHING });
}

// A Kafka-only stack on free ports whose log dir is formatted the way the stack did before it had SASL and
// SSL listeners (no SCRAM credentials in the initial metadata, no certificate): up must add both without
// re-formatting.
describe('Kafka SASL and SSL listeners on a log dir formatted before they existed', () => {
  let stateDir: string;
  let options: StackOptionsInput;

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'sluice-stack-sasl-'));
    options = { stateDir, parts: ['kafka'], ports: await freeStackPorts(), memory: { kafka: '512m' } };
  });

  afterAll(async () => {
    await stackDown(options).catch(() => undefined);
    await rm(stateDir, { recursive: true, force: true });
  });

  it('adds the SCRAM credentials through the running broker and a certificate, keeps the cluster, its topics and the certificate, and never prints a password', async () => {
    const resolved = resolveStackOptions(options);
    const layout = stackLayout(resolved);
    const homes = await fetchArtifacts(resolved);
    await writeKafkaConfig(resolved, layout);
    const clusterId = kraftClusterId();
    await runCommand(javaCommand(), [...kafkaJvmArgs(resolved, layout, homes), 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId}`, '-c', layout.kafkaConfigFile], { purpose: 'format Kafka storage the old way' });

    const progress: string[] = [];
    const first = await stackUp(options, (message) => progress.push(message));
    process.stdout.write(`${progress.filter((line) => /SCRAM|healthy/.test(line)).join('\n')}\n`);
    expect(progress).not.toContain('formatted Kafka storage (KRaft)');
    expect(progress.some((line) => line.startsWith(`added the SCRAM credentials of Kafka SASL user ${STACK_SASL_USER}`))).toBe(true);
    const saslBrokers = [`127.0.0.1:${resolved.ports.kafkaSasl}`];
    expect(first.endpoints.kafkaSaslBrokers).toEqual(saslBrokers);
    expect(first.parts[0]?.health).toMatch(/; SASL PLAIN\/SCRAM-SHA-256\/SCRAM-SHA-512 as sluice; SSL$/);
    expect(progress).toContain(`made a self-signed certificate for Kafka's SSL listener: ${layout.kafkaCaFile}`);
    const sslBrokers = [`127.0.0.1:${resolved.ports.kafkaSsl}`];
    expect(first.endpoints).toMatchObject({ kafkaSslBrokers: sslBrokers, kafkaSslCaFile: layout.kafkaCaFile });
    const ca = await readFile(layout.kafkaCaFile, 'utf8');
    expect(await readFile(join(layout.kafkaDataDir, 'meta.properties'), 'utf8')).toContain(`cluster.id=${clusterId}`);
    expect((await readdir(layout.kafkaDir)).filter((name) => name.startsWith('scram-credentials'))).toEqual([]);

    // Written through SCRAM-SHA-512, read back after a restart through PLAIN and SCRAM-SHA-256.
    const topic = `stack-it-sasl-${clusterId.slice(0, 6)}`;
    const writer = saslKafka(saslBrokers, 'scram-sha-512');
    const admin = writer.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = writer.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'one' }, { value: 'two' }] });
    await producer.disconnect();

    await stackDown(options);
    const again: string[] = [];
    await stackUp(options, (message) => again.push(message));
    expect(again.some((line) => line.startsWith('added the SCRAM credentials') || line.startsWith('made a self-signed certificate'))).toBe(false);
    // The certificate a client pinned before the restart still works.
    const overTls = new Kafka({ clientId: 'stack-it-tls', brokers: sslBrokers, ssl: { ca: [ca] }, logLevel: logLevel.NOTHING }).admin();
    await overTls.connect();
    expect(await overTls.fetchTopicOffsets(topic)).toEqual([expect.objectContaining({ high: '2' })]);
    await overTls.disconnect();
    for (const mechanism of ['plain', 'scram-sha-256'] as const) {
      const reader = saslKafka(saslBrokers, mechanism).admin();
      await reader.connect();
      expect(await reader.fetchTopicOffsets(topic)).toEqual([expect.objectContaining({ partition: 0, low: '0', high: '2' })]);
      await reader.disconnect();
    }

    const status = await stackStatus(options);
    expect(status.endpoints.kafkaSaslBrokers).toEqual(saslBrokers);
    const printed = [...progress, ...again, JSON.stringify(first), JSON.stringify(status), await readFile(layout.logFile('kafka'), 'utf8')].join('\n');
    expect(printed).not.toContain(STACK_SASL_PASSWORD);
    expect(printed).not.toContain(KEYSTORE_PASSWORD);
  });
});
