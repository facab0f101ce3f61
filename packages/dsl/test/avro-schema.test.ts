import { isSluiceError } from '@sluice/errors';
import { avroSchemaOf, compile, kafka, schema, signal, t } from '@sluice/dsl';

// avroSchemaOf follows Flink's AvroSchemaConverter (flink-avro 2.2.0, legacy timestamp mapping) and the
// compiled DDL of avro-confluent tables carries what Flink's format needs (URL, subject, auth).

describe('avroSchemaOf: the schema Flink derives for a table', () => {
  it('maps every type as AvroSchemaConverter does: logical types, nullable = ["null", T] with default null, nested records named <parent>_<field>', () => {
    const fields = schema({
      id: t.bigint().notNull(),
      flag: t.boolean(),
      small: t.smallint().notNull(),
      n: t.int(),
      ratio: t.float(),
      price: t.double().notNull(),
      amount: t.decimal(38, 18),
      name: t.varchar(10),
      raw: t.bytes(),
      day: t.date(),
      at: t.time(3),
      ts: t.timestamp(3),
      ltz: t.timestampLtz(3).notNull(),
      tags: t.array(t.string()),
      attrs: t.map(t.string(), t.int()),
      inner: t.row({ x: t.int().notNull(), y: t.string() }),
    }).fields;
    expect(avroSchemaOf(fields)).toEqual({
      type: 'record',
      name: 'record',
      namespace: 'org.apache.flink.avro.generated',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'flag', type: ['null', 'boolean'], default: null },
        { name: 'small', type: 'int' },
        { name: 'n', type: ['null', 'int'], default: null },
        { name: 'ratio', type: ['null', 'float'], default: null },
        { name: 'price', type: 'double' },
        { name: 'amount', type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 38, scale: 18 }], default: null },
        { name: 'name', type: ['null', 'string'], default: null },
        { name: 'raw', type: ['null', 'bytes'], default: null },
        { name: 'day', type: ['null', { type: 'int', logicalType: 'date' }], default: null },
        { name: 'at', type: ['null', { type: 'int', logicalType: 'time-millis' }], default: null },
        { name: 'ts', type: ['null', { type: 'long', logicalType: 'timestamp-millis' }], default: null },
        { name: 'ltz', type: { type: 'long', logicalType: 'timestamp-millis' } },
        { name: 'tags', type: ['null', { type: 'array', items: ['null', 'string'] }], default: null },
        { name: 'attrs', type: ['null', { type: 'map', values: ['null', 'int'] }], default: null },
        { name: 'inner', type: ['null', { type: 'record', name: 'record_inner', fields: [{ name: 'x', type: 'int' }, { name: 'y', type: ['null', 'string'], default: null }] }], default: null },
      ],
    });
  });

  it('refuses what Flink cannot carry in Avro, naming the type', () => {
    expect(() => avroSchemaOf(schema({ ts: t.timestamp(6) }).fields)).toThrow(/precision 6/);
    expect(() => avroSchemaOf(schema({ m: t.map(t.int(), t.int()) }).fields)).toThrow(/map key of INT/);
  });
});

describe('avro-confluent tables in compiled SQL', () => {
  const Trade = schema({ id: t.bigint().notNull(), amount: t.decimal(38, 18), ts: t.timestampLtz(3) });
  const trades = kafka.source('trades', Trade, { topic: 'market.trades', format: 'avro-confluent', eventTime: { column: 'ts', watermark: '5 s' } });
  const out = signal('copy').from(trades).select((r) => ({ id: r.id, amount: r.amount, ts: r.ts })).to(kafka.sink('market.copy', { format: 'avro-confluent' }));

  it('take the registry from compile options, name the subjects <topic>-value, declare TIMESTAMP_LTZ columns TIMESTAMP(p), carry basic auth as given', () => {
    const script = compile([out], { flinkVersion: '2.2', schemaRegistry: { url: 'http://registry:8085/apis/ccompat/v7', userInfo: '${secret:schema-registry.user-info}' } });
    const source = script.statements.find((s) => s.sql.startsWith('CREATE TABLE `trades`'))?.sql ?? '';
    expect(source).toContain('`ts` TIMESTAMP(3)');
    expect(source).not.toContain('TIMESTAMP_LTZ');
    expect(source).toContain("'value.format' = 'avro-confluent'");
    expect(source).toContain("'value.avro-confluent.url' = 'http://registry:8085/apis/ccompat/v7'");
    expect(source).toContain("'value.avro-confluent.subject' = 'market.trades-value'");
    expect(source).toContain("'value.avro-confluent.basic-auth.credentials-source' = 'USER_INFO'");
    expect(source).toContain("'value.avro-confluent.basic-auth.user-info' = '${secret:schema-registry.user-info}'");
    const sink = script.statements.find((s) => s.sql.startsWith('CREATE TABLE `copy_sink`'))?.sql ?? '';
    expect(sink).toContain('`ts` TIMESTAMP(3)');
    expect(sink).toContain("'value.avro-confluent.subject' = 'market.copy-value'");
    expect(script.schemas.map((s) => [s.topic, s.avro?.subject])).toEqual([
      ['market.trades', 'market.trades-value'],
      ['market.copy', 'market.copy-value'],
    ]);
    // The sink's schema: its DDL's nullability (every column but the key is nullable).
    expect(script.schemas[1]?.avro?.schema.fields.map((f) => [f.name, 'default' in f])).toEqual([
      ['id', true],
      ['amount', true],
      ['ts', true],
    ]);
  });

  it('without a registry: DSL_INVALID_OPTION naming the topic', () => {
    let thrown: unknown;
    try {
      compile([out], { flinkVersion: '2.2' });
    } catch (error) {
      thrown = error;
    }
    expect(isSluiceError(thrown) ? [thrown.code, thrown.message] : thrown).toEqual(['DSL_INVALID_OPTION', "topic 'market.trades' uses format avro-confluent, but no schema registry is configured"]);
  });
});
