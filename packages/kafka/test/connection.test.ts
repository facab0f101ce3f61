import { createKafkaClient, describeConnection } from '@sluice/kafka';

describe('connection', () => {
  const secret = 'hunter2-very-secret';

  it('describes a SASL/TLS connection without its password or key', () => {
    const text = describeConnection({ brokers: ['b1:9093', 'b2:9093'], tls: { ca: 'PEM', key: 'PRIVATE-KEY' }, sasl: { mechanism: 'scram-sha-512', username: 'app', password: secret } });
    expect(text).toBe('brokers=b1:9093,b2:9093 clientId=sluice tls=on ca=custom key=*** sasl=scram-sha-512 user=app password=***');
    expect(text).not.toContain(secret);
  });

  it('rejects bad settings with KAFKA_INVALID_CONFIG and never echoes the password', () => {
    expect(() => createKafkaClient({ brokers: [] })).toThrow(expect.objectContaining({ code: 'KAFKA_INVALID_CONFIG' }));
    expect(() => createKafkaClient({ brokers: ['no-port'] })).toThrow(/not host:port/);
    let error: unknown;
    try {
      createKafkaClient({ brokers: ['b:1'], sasl: { mechanism: 'gssapi' as 'plain', username: 'u', password: secret } });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'KAFKA_INVALID_CONFIG' });
    expect(JSON.stringify(error) + String(error)).not.toContain(secret);
  });

  it('accepts PLAIN and SCRAM mechanisms and connects lazily', async () => {
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
      const client = createKafkaClient({ brokers: ['127.0.0.1:1'], sasl: { mechanism, username: 'u', password: secret } });
      await client.close();
    }
  });

  it('turns an unreachable broker into a retriable KAFKA_CONNECTION error without the password', async () => {
    const client = createKafkaClient({ brokers: ['127.0.0.1:1'], retries: 0, connectionTimeoutMs: 200, sasl: { mechanism: 'plain', username: 'u', password: secret } });
    const error: unknown = await client.topics.describe(['x']).catch((e: unknown) => e);
    await client.close();
    expect(error).toMatchObject({ code: 'KAFKA_CONNECTION', retriable: true });
    expect(String(error) + JSON.stringify(error)).not.toContain(secret);
  });
});
