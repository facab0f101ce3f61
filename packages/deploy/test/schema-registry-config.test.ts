import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { avroSchemaOf, schema, t } from '@sluice/dsl';
import { isSluiceError } from '@sluice/errors';
import { incompatibleFields, resolveConfig, secretValues, withSecrets } from '@sluice/deploy';

// The registry section of the deploy config (secrets masked, handed to Flink only as placeholders) and
// the compatibility rules plan applies to a changed Avro schema.

const configFile = join(tmpdir(), 'sluice.yaml');

describe('schemaRegistry in the deploy config', () => {
  it('resolves url, credentials (env: references, masked) and the compatibility level, BACKWARD by default, per environment', () => {
    const env = { SR_KEY: 'key-1', SR_SECRET: 's3cr3t-registry' };
    const config = resolveConfig(
      {
        project: 'p',
        signals: 'x',
        schemaRegistry: { url: 'http://127.0.0.1:8085/apis/ccompat/v7' },
        environments: { prod: { schemaRegistry: { url: 'https://psrc-abc.eu-west-1.aws.confluent.cloud', username: 'env:SR_KEY', password: 'env:SR_SECRET', compatibility: 'FULL' } } },
      },
      { configFile, env },
    );
    expect(config.schemaRegistry).toEqual({ url: 'http://127.0.0.1:8085/apis/ccompat/v7', compatibility: 'BACKWARD' });
    const prod = resolveConfig(
      { project: 'p', signals: 'x', environments: { prod: { schemaRegistry: { url: 'https://psrc-abc.eu-west-1.aws.confluent.cloud', username: 'env:SR_KEY', password: 'env:SR_SECRET', compatibility: 'FULL' } } } },
      { configFile, env, environment: 'prod' },
    );
    expect(prod.schemaRegistry).toEqual({ url: 'https://psrc-abc.eu-west-1.aws.confluent.cloud', username: 'key-1', password: 's3cr3t-registry', compatibility: 'FULL' });
    expect(prod.secrets.mask('auth s3cr3t-registry')).toBe('auth ***');
    // Flink gets user:password only where the placeholder stands, in what is sent to it.
    const sql = "'value.avro-confluent.basic-auth.user-info' = '${secret:schema-registry.user-info}'";
    expect(secretValues(prod, [sql])).toEqual({ 'schema-registry.user-info': 'key-1:s3cr3t-registry' });
    expect(withSecrets(prod, [{ sql }])[0]?.sql).toBe("'value.avro-confluent.basic-auth.user-info' = 'key-1:s3cr3t-registry'");
  });

  it('refuses an unknown level and a username without a password, naming the key', () => {
    const codeAndKey = (raw: Record<string, unknown>): unknown => {
      try {
        resolveConfig({ project: 'p', signals: 'x', schemaRegistry: raw }, { configFile, env: {} });
        return 'no error';
      } catch (error) {
        return isSluiceError(error) ? [error.code, (error.details as { key?: string }).key] : error;
      }
    };
    expect(codeAndKey({ url: 'http://r:8081', compatibility: 'SOMETIMES' })).toEqual(['DEPLOY_CONFIG_INVALID', 'schemaRegistry.compatibility']);
    expect(codeAndKey({ url: 'http://r:8081', username: 'u' })).toEqual(['DEPLOY_CONFIG_INVALID', 'schemaRegistry.username']);
    expect(codeAndKey({ url: 'ftp://r' })).toEqual(['DEPLOY_CONFIG_INVALID', 'schemaRegistry.url']);
  });
});

describe('incompatibleFields: Avro resolution rules per compatibility level', () => {
  const v1 = avroSchemaOf(schema({ id: t.bigint().notNull(), price: t.double() }).fields);
  const nullableAdded = avroSchemaOf(schema({ id: t.bigint().notNull(), price: t.double(), qty: t.int() }).fields);
  const requiredAdded = avroSchemaOf(schema({ id: t.bigint().notNull(), price: t.double(), venue: t.string().notNull() }).fields);
  const retyped = avroSchemaOf(schema({ id: t.string().notNull(), price: t.double() }).fields);
  const promoted = avroSchemaOf(schema({ id: t.bigint().notNull(), price: t.double(), n: t.int() }).fields);

  it('BACKWARD: a nullable field may be added; a NOT NULL one (no default) or a changed type is named', () => {
    expect(incompatibleFields('BACKWARD', v1, nullableAdded)).toEqual([]);
    expect(incompatibleFields('BACKWARD', v1, requiredAdded)).toEqual(["field 'venue' is new and has no default (make it nullable) (new readers cannot read old records)"]);
    expect(incompatibleFields('BACKWARD', v1, retyped)).toEqual([`field 'id' changes type from "long" to "string" (new readers cannot read old records)`]);
  });

  it('FORWARD and FULL check the other direction too; NONE allows anything', () => {
    // Old readers ignore a field they do not know: forward compatible.
    expect(incompatibleFields('FORWARD', v1, requiredAdded)).toEqual([]);
    // Removing a nullable field: old readers fill in its default.
    expect(incompatibleFields('FORWARD', promoted, v1)).toEqual([]);
    expect(incompatibleFields('FULL', v1, requiredAdded)).toHaveLength(1);
    expect(incompatibleFields('NONE', v1, retyped)).toEqual([]);
  });
});
