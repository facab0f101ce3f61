import { flinkSettings, shippedJavaOpts } from '../../src/config/flink-config';
import { kafkaServerProperties } from '../../src/config/kafka-config';
import { stackLayout } from '../../src/layout';
import { DEFAULT_PROMETHEUS_PORTS, resolveStackOptions, STACK_SASL_PASSWORD, STACK_SASL_USER } from '../../src/options';

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

  it('keeps checkpoints after a job ends and notices a killed TaskManager within seconds (issue 16)', () => {
    expect(flinkSettings(options, layout, undefined)).toMatchObject({
      'execution.checkpointing.dir': 'file:///state/flink/checkpoints',
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      'restart-strategy.type': 'exponential-delay',
      'heartbeat.interval': 1000,
      'heartbeat.timeout': 10000,
      'heartbeat.rpc-failure-threshold': 2,
    });
  });

  it('serves task metrics at most 1 s old (status, the dashboard and bench:e2e read them)', () => {
    expect(flinkSettings(options, layout, undefined)['metrics.fetcher.update-interval']).toBe(1000);
  });

  it('serves flame graphs of job vertices (bench:e2e cites their on-CPU frames)', () => {
    expect(flinkSettings(options, layout, undefined)['rest.flamegraph.enabled']).toBe(true);
    expect(flinkSettings(options, layout, undefined)['rest.flamegraph.num-samples']).toBe(400);
  });

  it('spreads a job\'s slots over the TaskManagers only when there are several', () => {
    expect(flinkSettings(options, layout, undefined)['taskmanager.load-balance.mode']).toBeUndefined();
    const two = resolveStackOptions({ stateDir: '/state', cacheDir: '/cache', taskManagers: 2 }, {});
    expect(flinkSettings(two, stackLayout(two), undefined)['taskmanager.load-balance.mode']).toBe('SLOTS');
  });

  it('enables Flink\'s Prometheus reporter on a port range when asked (each Flink process takes the first free port); off by default', () => {
    expect(Object.keys(flinkSettings(options, layout, undefined)).filter((k) => k.startsWith('metrics.reporter'))).toEqual([]);
    const on = resolveStackOptions({ stateDir: '/state', cacheDir: '/cache', prometheusPorts: DEFAULT_PROMETHEUS_PORTS }, {});
    expect(flinkSettings(on, stackLayout(on), undefined)).toMatchObject({
      'metrics.reporter.prom.factory.class': 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory',
      'metrics.reporter.prom.port': '9249-9259',
    });
    const off = resolveStackOptions({ stateDir: '/state', cacheDir: '/cache', prometheusPorts: 'none' }, {});
    expect(Object.keys(flinkSettings(off, stackLayout(off), undefined)).filter((k) => k.startsWith('metrics.reporter'))).toEqual([]);
    expect(resolveStackOptions({}, { SLUICE_PROMETHEUS_PORTS: '19249-19250' }).prometheusPorts).toBe('19249-19250');
    expect(() => resolveStackOptions({ prometheusPorts: '9249,9250' }, {})).toThrow(expect.objectContaining({ code: 'STACK_INVALID_OPTION' }));
  });

  it('runs Kafka as one KRaft node listening on loopback only', () => {
    expect(kafkaServerProperties(options, layout)).toMatchObject({
      'process.roles': 'broker,controller',
      'controller.quorum.voters': '1@127.0.0.1:9093',
      listeners: 'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:9093,SASL_PLAINTEXT://127.0.0.1:9094,SSL://127.0.0.1:9095',
      'log.dirs': '/state/kafka/data',
      'transaction.max.timeout.ms': 3_600_000,
    });
  });

  it('adds a SASL_PLAINTEXT listener for PLAIN and SCRAM; the broker and controller stay on PLAINTEXT', () => {
    const properties = kafkaServerProperties(options, layout);
    expect(properties).toMatchObject({
      'advertised.listeners': properties.listeners,
      'inter.broker.listener.name': 'PLAINTEXT',
      'controller.listener.names': 'CONTROLLER',
      'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL',
      'listener.name.sasl_plaintext.sasl.enabled.mechanisms': 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
      'listener.name.sasl_plaintext.plain.sasl.jaas.config': `org.apache.kafka.common.security.plain.PlainLoginModule required user_${STACK_SASL_USER}="${STACK_SASL_PASSWORD}";`,
      'listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    });
    expect(kafkaServerProperties(resolveStackOptions({ stateDir: '/state', ports: { kafkaSasl: 29094 } }, {}), layout).listeners).toContain('SASL_PLAINTEXT://127.0.0.1:29094');
  });

  it('serves TLS on an SSL listener from the keystore under the state dir', () => {
    expect(kafkaServerProperties(options, layout)).toMatchObject({
      'listener.name.ssl.ssl.keystore.type': 'PKCS12',
      'listener.name.ssl.ssl.keystore.location': '/state/kafka/tls/broker.p12',
    });
    expect(layout.kafkaCaFile).toBe('/state/kafka/tls/ca.pem');
  });
});
