import { createKafkaClient, describeConnection } from '@sluice/kafka';
import { wrapClientError } from '../src/errors';

/** A stand-in for a kafkajs error: its name, message, Node's `code` and cause are what wrapClientError reads. */
function clientError(name: string, message: string, extra: { code?: string; cause?: unknown } = {}): Error {
  return Object.assign(new Error(message), { name }, extra);
}

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

  // The answers a real broker gives (seen on the local stack's SASL and PLAINTEXT listeners).
  it.each([
    ['KafkaJSSASLAuthenticationError', 'SASL PLAIN authentication failed: Authentication failed: Invalid username or password', /user name and password/],
    ['KafkaJSSASLAuthenticationError', 'SASL SCRAM SHA512 authentication failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512', /user name and password/],
    ['KafkaJSProtocolError', 'Request is not valid given the current SASL state', /listener does not use SASL/],
    ['KafkaJSSASLAuthenticationError', 'SASL SCRAM-SHA-256 mechanism is not supported by the server', /does not enable this SASL mechanism/],
    ['KafkaJSProtocolError', 'The broker does not support the requested SASL mechanism', /does not enable this SASL mechanism/],
  ])('maps %s "%s" to a non-retriable KAFKA_AUTHENTICATION that says what to fix', (name, message, suggestion) => {
    const error = wrapClientError(clientError(name, message), 'KAFKA_TOPIC_OPERATION', 'listing topics');
    expect(error).toMatchObject({ code: 'KAFKA_AUTHENTICATION', retriable: false, message: `listing topics: authentication failed: ${message}`, details: { clientError: name } });
    expect(error.suggestion).toMatch(suggestion);
  });

  // kafkajs retries the handshake, then throws NumberOfRetriesExceeded whose cause has Node's code.
  it.each([
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'Connection error: self-signed certificate', /tls\.ca/],
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'Connection error: unable to verify the first certificate', /tls\.ca/],
    ['CERT_HAS_EXPIRED', 'Connection error: certificate has expired', /tls\.ca/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', "Connection error: Hostname/IP does not match certificate's altnames", /tls\.servername/],
  ])('maps an untrusted broker certificate (%s) to a non-retriable KAFKA_AUTHENTICATION', (code, message, suggestion) => {
    const connectionError = clientError('KafkaJSConnectionError', message, { code });
    const error = wrapClientError(clientError('KafkaJSNumberOfRetriesExceeded', message, { cause: connectionError }), 'KAFKA_TOPIC_OPERATION', 'listing topics');
    expect(error).toMatchObject({ code: 'KAFKA_AUTHENTICATION', retriable: false, message: `listing topics: the broker's TLS certificate is not trusted: ${message}`, details: { tlsError: code } });
    expect(error.suggestion).toMatch(suggestion);
    // Other connection failures keep their code and stay retriable.
    expect(wrapClientError(clientError('KafkaJSConnectionError', 'Connection error: connect ECONNREFUSED', { code: 'ECONNREFUSED' }), 'KAFKA_TOPIC_OPERATION', 'x')).toMatchObject({ code: 'KAFKA_CONNECTION', retriable: true });
  });

  it('hints at SASL/TLS when a broker closes the connection (a SASL listener does so to a client without SASL)', () => {
    const closed = wrapClientError(clientError('KafkaJSConnectionClosedError', 'Closed connection'), 'KAFKA_TOPIC_OPERATION', 'listing topics');
    expect(closed).toMatchObject({ code: 'KAFKA_CONNECTION', retriable: true });
    expect(closed.suggestion).toMatch(/requires SASL or TLS .* check the sasl and tls settings/);
    const notTls = wrapClientError(clientError('KafkaJSConnectionError', 'Connection error: Client network socket disconnected before secure TLS connection was established'), 'KAFKA_TOPIC_OPERATION', 'listing topics');
    expect(notTls).toMatchObject({ code: 'KAFKA_CONNECTION', retriable: true });
    expect(notTls.suggestion).toMatch(/listener without TLS .* leave tls out of the connection/);
    const refused = wrapClientError(clientError('KafkaJSConnectionError', 'Connection error: connect ECONNREFUSED 127.0.0.1:1'), 'KAFKA_TOPIC_OPERATION', 'listing topics');
    expect(refused.suggestion).toBe('check that the brokers are running and the bootstrap addresses are right');
  });
});
