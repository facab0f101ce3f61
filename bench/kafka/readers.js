// Consume side of the bench: every reader reads the same topic from the start with a fresh group and sums
// `price` (a checksum that must agree). Timing: see readerClock in setup.js.
'use strict';
const { randomUUID } = require('node:crypto');
const { N, brokers, kafka, readerClock } = require('./setup');

// (a) The anchor, the same loop as the first version of this bench: kafkajs defaults but maxWait 500 ms.
async function consumeRawKafkajs(topic) {
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const clock = readerClock();
  let count = 0;
  let sum = 0;
  await new Promise((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) sum += JSON.parse(m.value.toString()).price;
        count = clock.delivered(batch.messages.length);
        if (count >= N) resolve();
      },
    });
  });
  const result = clock.result(sum);
  await consumer.disconnect();
  return result;
}

async function consumeSluice(client, topic, Trade) {
  const clock = readerClock();
  let sum = 0;
  let result;
  for await (const r of client.consume({ topic, schema: Trade })) {
    sum += r.price;
    // Stop the clock before `break`: leaving the loop closes the stream (commit + disconnect).
    if (clock.delivered(1) >= N) {
      result = clock.result(sum);
      break;
    }
  }
  return result;
}

async function consumeSluiceArrow(client, topic, Trade) {
  const clock = readerClock();
  let sum = 0;
  let result;
  for await (const batch of client.consumeArrow({ topic, schema: Trade }, { maxRows: 20_000 })) {
    for (const p of batch.getChild('price').toArray()) sum += p;
    if (clock.delivered(batch.numRows) >= N) {
      result = clock.result(sum);
      break;
    }
  }
  return result;
}

async function consumePlatformatic(topic) {
  const { Consumer, stringDeserializers } = await import('@platformatic/kafka');
  const consumer = new Consumer({ groupId: `bench-plt-${randomUUID()}`, clientId: 'bench-plt', bootstrapBrokers: brokers, deserializers: stringDeserializers, maxWaitTime: 500 });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
  const clock = readerClock();
  let sum = 0;
  let result;
  for await (const m of stream) {
    sum += JSON.parse(m.value).price;
    if (clock.delivered(1) >= N) {
      result = clock.result(sum);
      break;
    }
  }
  await stream.close();
  await consumer.close();
  return result;
}

module.exports = { consumeRawKafkajs, consumeSluice, consumeSluiceArrow, consumePlatformatic };
