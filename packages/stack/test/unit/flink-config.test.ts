import { flinkSettings, shippedJavaOpts } from '../../src/config/flink-config';
import { kafkaServerProperties } from '../../src/config/kafka-config';
import { stackLayout } from '../../src/layout';
import { resolveStackOptions } from '../../src/options';

describe('generated configuration', () => {
  const options = resolveStackOptions({ stateDir: '/state', cacheDir: '/cache', ports: { flinkRest: 18081, kafka: 19092 } }, {});
  const layout = stackLayout(options);

  it('reads the shipped --add-opens list, nested (2.x file) or flat', () => {
    expect(shippedJavaOpts('env:\n  java:\n    opts:\n      all: --add-opens=java.base/java.lang=ALL-UNNAMED\n')).toBe('--add-opens=java.base/java.lang=ALL-UNNAMED');
    expect(shippedJavaOpts('env.java.opts.all: "-Dx=1"\n')).toBe('-Dx=1');
    expect(shippedJavaOpts('jobmanager.rpc.port: 6123\n')).toBeUndefined();
  });

  it('binds Flink to loopback on the chosen ports, with state under the state dir', () => {
    expect(flinkSettings(options, layout, '--opens')).toMatchObject({
      'env.java.opts.all': '--opens',
      'rest.bind-address': '127.0.0.1',
      'rest.port': 18081,
      'jobmanager.rpc.port': 6123,
      'taskmanager.numberOfTaskSlots': 4,
      'taskmanager.memory.process.size': '4096m',
      'sql-gateway.endpoint.rest.bind-address': '127.0.0.1',
      'sql-gateway.endpoint.rest.port': 8083,
      'execution.target': 'remote',
      'execution.checkpointing.savepoint-dir': 'file:///state/flink/savepoints',
      'io.tmp.dirs': '/state/flink/tmp',
    });
  });

  it('runs Kafka as one KRaft node listening on loopback only', () => {
    expect(kafkaServerProperties(options, layout)).toMatchObject({
      'process.roles': 'broker,controller',
      'controller.quorum.voters': '1@127.0.0.1:9093',
      listeners: 'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:9093',
      'log.dirs': '/state/kafka/data',
      'transaction.max.timeout.ms': 3_600_000,
    });
  });
});
