import { join } from 'node:path';
import { isSluiceError } from '@sluice/errors';
import { jdbcConnectorJars } from '../../src/artifacts/flink-distribution';
import { endpointsOf, kafkaConnectorFor, partOf, resolveStackOptions, stackProcesses, taskManagerProcess, type StackProcess } from '@sluice/stack';

describe('resolveStackOptions', () => {
  it('defaults to Flink 2.2.1, connector 5.0.0-2.2, Kafka 4.3.1 on the documented ports', () => {
    const options = resolveStackOptions({ cacheDir: 'cache', stateDir: 'state' }, {});
    expect(options).toMatchObject({
      flinkVersion: '2.2.1',
      kafkaConnectorVersion: '5.0.0-2.2',
      kafkaVersion: '4.3.1',
      host: '127.0.0.1',
      ports: { kafka: 9092, kafkaController: 9093, kafkaSasl: 9094, kafkaSsl: 9095, flinkRest: 8081, jobmanagerRpc: 6123, sqlGateway: 8083, registry: 8085 },
      taskSlots: 4,
      taskManagers: 1,
      memory: { jobmanager: '1600m', taskmanager: '4096m', sqlGateway: '1g', kafka: '768m', registry: '256m' },
      parts: ['kafka', 'jobmanager', 'taskmanager', 'sql-gateway', 'registry'],
      avroFormatVersion: '2.2.0',
      registryVersion: '3.0.9',
    });
    expect(endpointsOf(options)).toEqual({
      kafkaBrokers: ['127.0.0.1:9092'],
      kafkaSaslBrokers: ['127.0.0.1:9094'],
      kafkaSslBrokers: ['127.0.0.1:9095'],
      kafkaSslCaFile: join(options.stateDir, 'kafka', 'tls', 'ca.pem'),
      flinkRestUrl: 'http://127.0.0.1:8081',
      sqlGatewayUrl: 'http://127.0.0.1:8083',
      schemaRegistryUrl: 'http://127.0.0.1:8085/apis/ccompat/v7',
    });
  });

  it('takes versions from the environment, and explicit input over both', () => {
    expect(resolveStackOptions({}, { SLUICE_FLINK_VERSION: '1.20.3' })).toMatchObject({ flinkVersion: '1.20.3', kafkaConnectorVersion: '3.4.0-1.20' });
    expect(resolveStackOptions({ flinkVersion: '2.1.1' }, { SLUICE_FLINK_VERSION: '1.20.3' })).toMatchObject({ flinkVersion: '2.1.1', kafkaConnectorVersion: '5.0.0-2.1' });
    expect(resolveStackOptions({ ports: { flinkRest: 18081 } }, {}).ports).toEqual({ kafka: 9092, kafkaController: 9093, kafkaSasl: 9094, kafkaSsl: 9095, flinkRest: 18081, jobmanagerRpc: 6123, sqlGateway: 8083, registry: 8085 });
  });

  it.each([
    [{ ports: { kafka: 70000 } }, 'ports.kafka must be a TCP port (1-65535), got 70000'],
    [{ ports: { sqlGateway: 8081 } }, 'ports.sqlGateway and ports.flinkRest are both 8081'],
    [{ taskSlots: 0 }, 'taskSlots must be a positive integer, got 0'],
    [{ taskManagers: 0 }, 'taskManagers must be an integer from 1 to 16, got 0'],
    [{ taskManagers: 1.5 }, 'taskManagers must be an integer from 1 to 16, got 1.5'],
    [{ taskManagers: 17 }, 'taskManagers must be an integer from 1 to 16, got 17'],
    [{ memory: { taskmanager: 'lots' } }, 'memory.taskmanager must look like 512m or 4g, got "lots"'],
  ])('refuses %j', (input, message) => {
    let caught: unknown;
    try {
      resolveStackOptions(input, {});
    } catch (error) {
      caught = error;
    }
    expect(isSluiceError(caught, 'STACK_INVALID_OPTION')).toBe(true);
    expect((caught as Error).message).toBe(message);
  });

  it('names the supported Flink lines for an unknown one', () => {
    expect(kafkaConnectorFor('2.2.1')).toBe('5.0.0-2.2');
    expect(() => kafkaConnectorFor('1.17.2')).toThrow('no known Kafka SQL connector for Flink 1.17.2');
  });
});

describe('ports from the environment', () => {
  it('moves parts to the ports named by SLUICE_*_PORT', () => {
    const env = { SLUICE_KAFKA_PORT: '19092', SLUICE_KAFKA_CONTROLLER_PORT: '19093', SLUICE_KAFKA_SASL_PORT: '19094', SLUICE_KAFKA_SSL_PORT: '19095', SLUICE_FLINK_REST_PORT: '18081', SLUICE_JOBMANAGER_RPC_PORT: '16123', SLUICE_SQL_GATEWAY_PORT: '18083', SLUICE_REGISTRY_PORT: '18085' };
    expect(resolveStackOptions({}, env).ports).toEqual({ kafka: 19092, kafkaController: 19093, kafkaSasl: 19094, kafkaSsl: 19095, flinkRest: 18081, jobmanagerRpc: 16123, sqlGateway: 18083, registry: 18085 });
    expect(() => resolveStackOptions({}, { SLUICE_FLINK_REST_PORT: 'eighty' })).toThrow('SLUICE_FLINK_REST_PORT must be a TCP port (1-65535), got "eighty"');
  });
});

describe('TaskManagers (--taskmanagers, SLUICE_TASKMANAGERS)', () => {
  it('defaults to one; the environment sets the count, explicit input wins', () => {
    expect(resolveStackOptions({}, {}).taskManagers).toBe(1);
    expect(resolveStackOptions({}, { SLUICE_TASKMANAGERS: '2' }).taskManagers).toBe(2);
    expect(resolveStackOptions({ taskManagers: 3 }, { SLUICE_TASKMANAGERS: '2' }).taskManagers).toBe(3);
    expect(() => resolveStackOptions({}, { SLUICE_TASKMANAGERS: 'two' })).toThrow('SLUICE_TASKMANAGERS must be a positive integer, got "two"');
  });

  it('expands the TaskManager part to one process each, the first keeping the name taskmanager', () => {
    expect(stackProcesses(resolveStackOptions({}, {}))).toEqual(['kafka', 'jobmanager', 'taskmanager', 'sql-gateway', 'registry']);
    expect(stackProcesses(resolveStackOptions({ taskManagers: 3 }, {}))).toEqual(['kafka', 'jobmanager', 'taskmanager', 'taskmanager-2', 'taskmanager-3', 'sql-gateway', 'registry']);
    expect(stackProcesses(resolveStackOptions({ taskManagers: 2, parts: ['jobmanager', 'taskmanager'] }, {}))).toEqual(['jobmanager', 'taskmanager', 'taskmanager-2']);
    expect(stackProcesses(resolveStackOptions({ taskManagers: 2, parts: ['kafka'] }, {}))).toEqual(['kafka']);
    expect([0, 1, 9].map(taskManagerProcess)).toEqual(['taskmanager', 'taskmanager-2', 'taskmanager-10']);
    expect(['taskmanager-2', 'taskmanager', 'sql-gateway'].map((name) => partOf(name as StackProcess))).toEqual(['taskmanager', 'taskmanager', 'sql-gateway']);
  });
});

describe('JDBC connector for lookup joins', () => {
  it('is derived from the Flink line, can be overridden or left out, and names its jars', () => {
    expect(resolveStackOptions({}, {}).jdbcConnectorVersion).toBe('4.0.0-2.0');
    expect(resolveStackOptions({ flinkVersion: '1.20.3' }, {}).jdbcConnectorVersion).toBe('3.3.0-1.20');
    expect(resolveStackOptions({}, { SLUICE_JDBC_CONNECTOR_VERSION: 'none' }).jdbcConnectorVersion).toBe('none');
    expect(jdbcConnectorJars('4.0.0-2.0')).toEqual([
      'org.apache.flink:flink-connector-jdbc-core:4.0.0-2.0',
      'org.apache.flink:flink-connector-jdbc-postgres:4.0.0-2.0',
      'org.postgresql:postgresql:42.7.4',
    ]);
    expect(jdbcConnectorJars('3.3.0-1.20')).toEqual(['org.apache.flink:flink-connector-jdbc:3.3.0-1.20', 'org.postgresql:postgresql:42.7.4']);
    expect(jdbcConnectorJars('none')).toEqual([]);
  });
});
