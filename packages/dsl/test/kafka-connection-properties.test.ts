import { compile, kafka, schema, secretNames, secretPlaceholder, signal, t } from '@sluice/dsl';

const Trade = schema({ symbol: t.string(), price: t.double() });

describe('kafkaProperties: the cluster settings every Kafka table gets', () => {
  const trades = kafka.source('trades', Trade, { topic: 'in', properties: { 'group.id': 'g1', 'security.protocol': 'SSL' } });
  const out = signal('doubled').from(trades).select((r) => ({ symbol: r.symbol, price: r.price })).to(kafka.sink('out'));
  const properties = { 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': 'SCRAM-SHA-512', 'sasl.jaas.config': secretPlaceholder('kafka.sasl.jaas') };

  test('the source and the sink carry them; a table\'s own property wins; secrets stay placeholders', () => {
    const script = compile([out], { flinkVersion: '2.2', bootstrapServers: 'b:9094', kafkaProperties: properties });
    const [source, sink] = script.statements.filter((s) => s.sql.startsWith('CREATE TABLE')).map((s) => s.sql);
    expect(source).toContain("'properties.security.protocol' = 'SSL'");
    expect(source).not.toContain("'properties.security.protocol' = 'SASL_PLAINTEXT'");
    expect(source).toContain("'properties.sasl.mechanism' = 'SCRAM-SHA-512'");
    expect(source).toContain("'properties.sasl.jaas.config' = '${secret:kafka.sasl.jaas}'");
    expect(sink).toContain("'properties.security.protocol' = 'SASL_PLAINTEXT'");
    expect(sink).toContain("'properties.sasl.jaas.config' = '${secret:kafka.sasl.jaas}'");
    expect(secretNames(script.text)).toEqual(['kafka.sasl.jaas']);
  });

  test('without them the script is as before', () => {
    const script = compile([out], { flinkVersion: '2.2', bootstrapServers: 'b:9092' });
    expect(script.text).not.toContain('sasl');
  });
});
