import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { testStackEndpoints } from '@sluice/stack';
import { cancelJob, closeSession, executeStatement, jobsOverview, openSession, waitForJobState } from './gateway-rest';

describe('SQL Gateway on the local stack', () => {
  const { kafkaBrokers, flinkRestUrl, sqlGatewayUrl } = testStackEndpoints();
  const kafka = new Kafka({ clientId: 'stack-it-gateway', brokers: kafkaBrokers, logLevel: logLevel.NOTHING });
  let session: string;
  const jobsToCancel: string[] = [];

  beforeAll(async () => {
    session = await openSession(sqlGatewayUrl);
  });

  afterAll(async () => {
    for (const jobId of jobsToCancel) await cancelJob(flinkRestUrl, jobId).catch(() => undefined);
    await closeSession(sqlGatewayUrl, session);
  });

  it('opens a session and answers SELECT 1 with one row', async () => {
    expect(session).toMatch(/^[0-9a-f-]{36}$/);
    const result = await executeStatement(sqlGatewayUrl, session, 'SELECT 1 AS answer');
    expect(result.columns).toEqual(['answer']);
    expect(result.rows).toEqual([[1]]);
  });

  it('runs INSERT INTO sink SELECT ... FROM source as a RUNNING job that moves rows between Kafka topics', async () => {
    const id = randomUUID().slice(0, 8);
    const sourceTopic = `stack-it-src-${id}`;
    const sinkTopic = `stack-it-snk-${id}`;
    const admin = kafka.admin();
    await admin.connect();
    // The Kafka source fails at start when its topic does not exist yet.
    await admin.createTopics({ topics: [{ topic: sourceTopic }, { topic: sinkTopic }], waitForLeaders: true });
    await admin.disconnect();

    const bootstrap = kafkaBrokers.join(',');
    await executeStatement(sqlGatewayUrl, session, `CREATE TABLE src_${id} (id INT, name STRING, price DOUBLE) WITH ('connector' = 'kafka', 'topic' = '${sourceTopic}', 'properties.bootstrap.servers' = '${bootstrap}', 'properties.group.id' = 'it-${id}', 'scan.startup.mode' = 'earliest-offset', 'format' = 'json')`);
    await executeStatement(sqlGatewayUrl, session, `CREATE TABLE snk_${id} (id INT, shout STRING, price_cents BIGINT) WITH ('connector' = 'kafka', 'topic' = '${sinkTopic}', 'properties.bootstrap.servers' = '${bootstrap}', 'format' = 'json')`);
    await executeStatement(sqlGatewayUrl, session, `SET 'pipeline.name' = 'stack-it-pipeline-${id}'`);
    const insert = await executeStatement(sqlGatewayUrl, session, `INSERT INTO snk_${id} SELECT id, UPPER(name), CAST(ROUND(price * 100) AS BIGINT) FROM src_${id} WHERE price > 0`);
    const jobId = insert.jobId;
    expect(jobId).toMatch(/^[0-9a-f]{32}$/);
    if (jobId === undefined) return;
    jobsToCancel.push(jobId);

    expect(await waitForJobState(flinkRestUrl, jobId, ['RUNNING'])).toBe('RUNNING');
    const listed = (await jobsOverview(flinkRestUrl)).find((job) => job.jid === jobId);
    expect(listed).toMatchObject({ name: `stack-it-pipeline-${id}`, state: 'RUNNING' });

    const input = [
      { id: 1, name: 'apple', price: 1.25 },
      { id: 2, name: 'free sample', price: 0 },
      { id: 3, name: 'pear', price: 0.5 },
    ];
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: sourceTopic, messages: input.map((row) => ({ value: JSON.stringify(row) })) });
    await producer.disconnect();

    // Expected output computed from the input with the same rules as the SQL above.
    const expected = input.filter((row) => row.price > 0).map((row) => ({ id: row.id, shout: row.name.toUpperCase(), price_cents: Math.round(row.price * 100) }));
    const consumer = kafka.consumer({ groupId: `stack-it-read-${id}` });
    await consumer.connect();
    await consumer.subscribe({ topic: sinkTopic, fromBeginning: true });
    const received: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${received.length} of ${expected.length} rows arrived within 60 s`)), 60_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          received.push(JSON.parse(message.value?.toString() ?? 'null'));
          if (received.length >= expected.length) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    await consumer.disconnect();
    expect(received).toEqual(expected);

    await cancelJob(flinkRestUrl, jobId);
    expect(await waitForJobState(flinkRestUrl, jobId, ['CANCELED'])).toBe('CANCELED');
  });
});
