import { inspect } from 'node:util';
import { externalEndpoints } from '../../src/jest/test-endpoints';
import { runCommand } from '../../src/process/run-command';
import { endpointsOf, freeStackPorts, resolveStackOptions, STACK_SASL_PASSWORD } from '@sluice/stack';

describe('the SASL and SSL listeners in options and endpoints', () => {
  it('are reported where a stack has them, and absent for a record written before they existed', () => {
    const options = resolveStackOptions({ stateDir: '/state', ports: { kafkaSasl: 19094, kafkaSsl: 19095 } }, {});
    expect(endpointsOf(options)).toMatchObject({ kafkaSaslBrokers: ['127.0.0.1:19094'], kafkaSslBrokers: ['127.0.0.1:19095'], kafkaSslCaFile: '/state/kafka/tls/ca.pem' });
    const { kafkaSasl: _sasl, kafkaSsl: _ssl, registry: _registry, ...olderPorts } = options.ports;
    expect(endpointsOf({ host: options.host, ports: olderPorts, stateDir: '/state' })).toEqual({ kafkaBrokers: ['127.0.0.1:9092'], flinkRestUrl: 'http://127.0.0.1:8081', sqlGatewayUrl: 'http://127.0.0.1:8083' });
    // Without the state dir that holds its certificate, the SSL listener is not named.
    expect(endpointsOf({ host: options.host, ports: options.ports }).kafkaSslBrokers).toBeUndefined();
  });

  it('needs a port of its own', () => {
    expect(() => resolveStackOptions({}, { SLUICE_KAFKA_SASL_PORT: '9092' })).toThrow('ports.kafkaSasl and ports.kafka are both 9092');
    expect(() => resolveStackOptions({}, { SLUICE_KAFKA_SASL_PORT: 'x' })).toThrow('SLUICE_KAFKA_SASL_PORT must be a TCP port (1-65535), got "x"');
  });

  it('is among the free ports of a second stack', async () => {
    const ports = await freeStackPorts();
    expect(new Set(Object.values(ports)).size).toBe(8);
    expect(ports.kafkaSasl).toBeGreaterThan(0);
    expect(ports.kafkaSsl).toBeGreaterThan(0);
  });

  it('can be named for an external cluster, optionally', () => {
    const env = { SLUICE_KAFKA_BROKERS: 'k:9092', SLUICE_FLINK_REST_URL: 'http://f:8081', SLUICE_SQL_GATEWAY_URL: 'http://g:8083/' };
    expect(externalEndpoints(env)).toEqual({ kafkaBrokers: ['k:9092'], flinkRestUrl: 'http://f:8081', sqlGatewayUrl: 'http://g:8083' });
    expect(externalEndpoints({ ...env, SLUICE_KAFKA_SASL_BROKERS: 'k:9094, k2:9094' })?.kafkaSaslBrokers).toEqual(['k:9094', 'k2:9094']);
    expect(externalEndpoints({ ...env, SLUICE_KAFKA_SSL_BROKERS: 'k:9095', SLUICE_KAFKA_SSL_CA_FILE: '/ca.pem' })).toMatchObject({ kafkaSslBrokers: ['k:9095'], kafkaSslCaFile: '/ca.pem' });
  });
});

describe('a failed command that was given the SASL password', () => {
  it('never shows it: message, args, output and JSON have *** instead', async () => {
    const script = `console.log(process.argv[1]); process.exit(3)`;
    const error: unknown = await runCommand(process.execPath, ['-e', script, `SCRAM-SHA-256=[name=sluice,password=${STACK_SASL_PASSWORD}]`], {
      purpose: 'add a credential',
      secrets: [STACK_SASL_PASSWORD],
    }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'STACK_COMMAND_FAILED', details: { exitCode: 3, args: ['-e', script, 'SCRAM-SHA-256=[name=sluice,password=***]'] } });
    expect((error as Error).message).toContain('SCRAM-SHA-256=[name=sluice,password=***]');
    expect(`${String(error)}${JSON.stringify(error)}${inspect((error as { details: unknown }).details, { depth: null })}`).not.toContain(STACK_SASL_PASSWORD);
  });
});
