import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { schema, t } from '@sluice/dsl';
import { testStackEndpoints } from '@sluice/stack';
import { createKafkaClient, type KafkaConnection, type SluiceKafka, type TlsOptions } from '@sluice/kafka';

const Reading = schema({ id: t.bigint().notNull(), device: t.string(), value: t.double() });
type Row = { id: bigint; device: string | null; value: number | null };
const reading = (i: number): Row => ({ id: BigInt(i), device: `d-${i % 2}`, value: i / 8 });

const { kafkaBrokers, kafkaSslBrokers, kafkaSslCaFile } = testStackEndpoints();

// Like the SASL listener: a long-running broker started before the stack had its SSL listener lacks it.
if ((kafkaSslBrokers === undefined || kafkaSslCaFile === undefined) && process.env.CI === 'true') {
  throw new Error('the stack reports no SSL listener (SLUICE_KAFKA_SSL_BROKERS, SLUICE_KAFKA_SSL_CA_FILE): the TLS tests need one');
}
const describeTls = kafkaSslBrokers === undefined || kafkaSslCaFile === undefined ? describe.skip : describe;
const sslBrokers = kafkaSslBrokers ?? [];

describeTls('TLS on the real broker (the stack\'s SSL listener, self-signed certificate)', () => {
  const ca = kafkaSslCaFile === undefined ? '' : readFileSync(kafkaSslCaFile, 'utf8');
  const clients: SluiceKafka[] = [];
  const connect = (connection: KafkaConnection): SluiceKafka => {
    const client = createKafkaClient(connection);
    clients.push(client);
    return client;
  };
  beforeAll(async () => {
    // See sasl.test.ts: the group coordinator of a fresh broker must have loaded before a group consumes.
    await connect({ brokers: kafkaBrokers, clientId: 'kafka-it-tls-warmup' }).lag(`it-tls-warmup-${randomUUID().slice(0, 8)}`);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
  });

  it('with the certificate pinned as ca: applies a topic plan, produces typed rows and consumes them in a group', async () => {
    const client = connect({ brokers: sslBrokers, clientId: 'kafka-it-tls', tls: { ca } });
    const topic = `it-tls-${randomUUID().slice(0, 8)}`;
    expect(await client.topics.apply([{ name: topic, partitions: 2 }])).toEqual({ created: [topic], updated: [], unchanged: [] });
    expect((await client.topics.plan([{ name: topic, partitions: 2 }])).empty).toBe(true);

    const target = { topic, schema: Reading, key: ['device'] as ['device'] };
    const producer = await client.producer(target);
    const sent = [0, 1, 2, 3, 4].map(reading);
    await producer.send(sent);
    await producer.close();
    const groupId = `it-tls-group-${randomUUID().slice(0, 8)}`;
    const rows: Row[] = [];
    for await (const row of client.consume(target, { groupId, from: 'earliest' })) {
      rows.push(row);
      if (rows.length === sent.length) break;
    }
    expect([...rows].sort((a, b) => Number(a.id - b.id))).toEqual(sent);
    expect((await client.lag(groupId)).totals).toEqual({ [topic]: 0n });
  });

  it('checks the name in the certificate, and tls.servername picks the one to check', async () => {
    // The certificate names 127.0.0.1 and localhost.
    const asLocalhost = connect({ brokers: sslBrokers, tls: { ca, servername: 'localhost' } });
    expect((await asLocalhost.topics.describe(['absent'])).size).toBe(0);
    const wrongName = connect({ brokers: sslBrokers, retries: 0, tls: { ca, servername: 'kafka.example.com' } });
    const error: unknown = await wrongName.topics.describe(['absent']).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'KAFKA_AUTHENTICATION', retriable: false, details: { tlsError: 'ERR_TLS_CERT_ALTNAME_INVALID' }, suggestion: expect.stringMatching(/tls\.servername/) as unknown });
  });

  it.each<[string, boolean | TlsOptions]>([
    ['the system CAs', true],
    ['a CA that did not sign it', { ca: rootCertificates[0] ?? '' }],
  ])('does not trust it with %s: a non-retriable KAFKA_AUTHENTICATION that says to pin tls.ca', async (_label, tls) => {
    const client = connect({ brokers: sslBrokers, retries: 0, tls });
    const error: unknown = await client.topics.describe(['absent']).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ code: 'KAFKA_AUTHENTICATION', retriable: false, message: expect.stringMatching(/the broker's TLS certificate is not trusted/) as unknown, suggestion: expect.stringMatching(/tls\.ca/) as unknown });
  });

  it('connects without checking the certificate only when told to (rejectUnauthorized: false)', async () => {
    const client = connect({ brokers: sslBrokers, tls: { rejectUnauthorized: false } });
    expect((await client.topics.describe(['absent'])).size).toBe(0);
  });

  it('says what to fix when TLS and the listener do not match', async () => {
    const tlsOnPlaintext = connect({ brokers: kafkaBrokers, retries: 0, tls: { ca } });
    const dropped: unknown = await tlsOnPlaintext.topics.describe(['absent']).then(() => undefined, (e: unknown) => e);
    expect(dropped).toMatchObject({ code: 'KAFKA_CONNECTION', suggestion: expect.stringMatching(/listener without TLS/) as unknown });
    const plainOnTls = connect({ brokers: sslBrokers, retries: 0 });
    const closed: unknown = await plainOnTls.topics.describe(['absent']).then(() => undefined, (e: unknown) => e);
    expect(closed).toMatchObject({ code: 'KAFKA_CONNECTION', suggestion: expect.stringMatching(/requires SASL or TLS/) as unknown });
  });
});
