import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, jdbc, kafka, schema, secret, signal, t } from '@sluice/dsl';
import { isSluiceError } from '@sluice/errors';
import { kafkaSecurity, resolveConfig, secretValues, withSecrets } from '@sluice/deploy';

const PASSWORD = 'pa"ss\\w0rd-secret';

function config(kafkaSection: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, files: Record<string, string> = {}): ReturnType<typeof resolveConfig> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-sec-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return resolveConfig({ project: 'p', signals: 'x', kafka: kafkaSection }, { configFile: join(dir, 'sluice.yaml'), env });
}

describe('kafkaSecurity: the properties Flink\'s Kafka tables get from the deploy config', () => {
  it('nothing for a plaintext cluster', () => {
    expect(kafkaSecurity(config({}).kafka)).toEqual({ properties: {}, values: {} });
  });

  it.each([
    ['plain', 'PLAIN', 'plain.PlainLoginModule'],
    ['scram-sha-256', 'SCRAM-SHA-256', 'scram.ScramLoginModule'],
    ['scram-sha-512', 'SCRAM-SHA-512', 'scram.ScramLoginModule'],
  ] as const)('SASL %s: protocol, mechanism, and the JAAS text (the connector\'s shaded class) only as a value', (mechanism, name, module) => {
    const c = config({ sasl: { mechanism, username: 'app', password: 'env:KAFKA_PW' } }, { KAFKA_PW: PASSWORD });
    const { properties, values } = kafkaSecurity(c.kafka);
    expect(properties).toEqual({ 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': name, 'sasl.jaas.config': '${secret:kafka.sasl.jaas}' });
    expect(values['kafka.sasl.jaas']).toBe(`org.apache.flink.kafka.shaded.org.apache.kafka.common.security.${module} required username="app" password="pa\\"ss\\\\w0rd-secret";`);
  });

  it('TLS with a pinned CA and mTLS: PEM texts, the key a secret; SASL over TLS is SASL_SSL', () => {
    const c = config(
      { tls: { caFile: 'ca.pem', certFile: 'client.pem', key: 'file:client.key' }, sasl: { mechanism: 'plain', username: 'u', password: 'pw-secret' } },
      {},
      { 'ca.pem': 'CA-PEM\n', 'client.pem': 'CERT-PEM', 'client.key': 'KEY-PEM-secret' },
    );
    expect(c.kafka.tls).toBe(true);
    const { properties, values } = kafkaSecurity(c.kafka);
    expect(properties).toEqual({
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'PLAIN',
      'sasl.jaas.config': '${secret:kafka.sasl.jaas}',
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.certificates': '${secret:kafka.ssl.ca}',
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.certificate.chain': '${secret:kafka.ssl.cert}',
      'ssl.keystore.key': '${secret:kafka.ssl.key}',
    });
    expect(values).toMatchObject({ 'kafka.ssl.ca': 'CA-PEM', 'kafka.ssl.cert': 'CERT-PEM', 'kafka.ssl.key': 'KEY-PEM-secret' });
    expect(c.secrets.mask('KEY-PEM-secret')).toBe('***');
  });

  it('tls: true (public CAs, e.g. Confluent Cloud) is SSL without a truststore', () => {
    expect(kafkaSecurity(config({ tls: true }).kafka).properties).toEqual({ 'security.protocol': 'SSL' });
  });

  it('refuses a half mTLS setting and unknown tls keys', () => {
    expect(() => config({ tls: { certFile: 'c.pem' } }, {}, { 'c.pem': 'x' })).toThrow(/kafka\.tls: certFile and key go together/);
    expect(() => config({ tls: { ca: 'x' } })).toThrow(/kafka\.tls\.ca: unknown key/);
  });
});

describe('secretValues / withSecrets: placeholders filled only for Flink', () => {
  const Row = schema({ id: t.bigint().notNull(), name: t.string() });
  const Order = schema({ id: t.bigint(), amount: t.double() });
  const orders = kafka.source('orders', Order, { topic: 'orders' });
  const script = compile([signal('o').from(orders).select((r) => ({ id: r.id, amount: r.amount })).to(kafka.sink('out'))], {
    flinkVersion: '2.2',
    kafkaProperties: { 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'PLAIN', 'sasl.jaas.config': '${secret:kafka.sasl.jaas}' },
  });

  it('fills the config\'s JAAS text into every Kafka table, SQL-escaped; the script itself never holds it', () => {
    const c = config({ sasl: { mechanism: 'plain', username: 'app', password: "it's-secret" } });
    expect(script.text).not.toContain("it's-secret");
    const filled = withSecrets(c, script.statements);
    const tables = filled.filter((s) => s.sql.startsWith('CREATE TABLE'));
    expect(tables).toHaveLength(2);
    for (const s of tables) expect(s.sql).toContain(`password="it''s-secret";'`);
  });

  it('resolves an env: reference (a JDBC password) at deploy time; a missing one is DEPLOY_CONFIG_INVALID naming the variable', () => {
    const dim = jdbc.source('dim', Row, { url: 'jdbc:postgresql://db/shop', password: secret('env:PG_PW'), primaryKey: ['id'] });
    expect(dim.options.password).toBe('${secret:env:PG_PW}');
    const c = config({});
    expect(secretValues(c, [`'password' = '${dim.options.password ?? ''}'`], { PG_PW: 'pg-secret' })).toEqual({ 'env:PG_PW': 'pg-secret' });
    let error: unknown;
    try {
      secretValues(c, ["'password' = '${secret:env:PG_PW}'"], {});
    } catch (e) {
      error = e;
    }
    expect(isSluiceError(error, 'DEPLOY_CONFIG_INVALID') && error.message).toMatch(/PG_PW is not set/);
  });

  it('a placeholder the config does not define is DEPLOY_CONFIG_INVALID', () => {
    expect(() => withSecrets(config({}), script.statements)).toThrow(expect.objectContaining({ code: 'DEPLOY_CONFIG_INVALID', message: expect.stringContaining("'kafka.sasl.jaas'") as unknown }) as Error);
  });
});
