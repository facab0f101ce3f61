// Produce side of the bench: raw kafkajs + JSON.stringify (the anchor, unchanged), the Sluice typed
// producer (validation + Flink JSON), and @platformatic/kafka + JSON.stringify. Each writes N rows to its
// own topic; the Sluice one is the topic every reader then consumes.
'use strict';
const { N, CHUNK, brokers, kafka, row, timed } = require('./setup');

const flinkJson = (v, j) => JSON.stringify({ id: j, symbol: v.symbol, price: v.price, qty: Number(v.qty), ts: v.ts.toISOString().replace('T', ' ') });

async function produceRawKafkajs(topic) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const r = await timed(async () => {
    for (let i = 0; i < N; i += CHUNK) {
      const messages = [];
      for (let j = i; j < Math.min(N, i + CHUNK); j++) {
        const v = row(j);
        messages.push({ key: JSON.stringify({ symbol: v.symbol }), value: flinkJson(v, j) });
      }
      await producer.send({ topic, acks: -1, messages });
    }
    return N;
  });
  await producer.disconnect();
  return r;
}

async function produceSluice(client, topic, Trade) {
  const producer = await client.producer({ topic, schema: Trade, key: ['symbol'] }, { batchSize: CHUNK });
  const r = await timed(async () => {
    for (let i = 0; i < N; i += CHUNK) {
      const rows = [];
      for (let j = i; j < Math.min(N, i + CHUNK); j++) rows.push(row(j));
      await producer.send(rows);
    }
    return N;
  });
  await producer.close();
  return r;
}

async function producePlatformatic(topic) {
  const { Producer, stringSerializers } = await import('@platformatic/kafka');
  const producer = new Producer({ clientId: 'bench-plt', bootstrapBrokers: brokers, serializers: stringSerializers, idempotent: true, acks: -1 });
  try {
    return await timed(async () => {
      for (let i = 0; i < N; i += CHUNK) {
        const messages = [];
        for (let j = i; j < Math.min(N, i + CHUNK); j++) {
          const v = row(j);
          messages.push({ topic, key: JSON.stringify({ symbol: v.symbol }), value: flinkJson(v, j) });
        }
        await producer.send({ messages });
      }
      return N;
    });
  } finally {
    await producer.close();
  }
}

module.exports = { produceRawKafkajs, produceSluice, producePlatformatic, flinkJson };
