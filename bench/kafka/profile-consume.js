#!/usr/bin/env node
// One reader on its own, for profiling: node --cpu-prof bench/kafka/profile-consume.js <a|b|c|d> [topic]
// Without a topic it creates one and fills it with BENCH_MESSAGES rows (printed, so later runs can reuse it;
// delete it afterwards). Needs npm run build.
'use strict';
const { randomUUID } = require('node:crypto');
const { brokers, kafkaDist, kafka, Trade } = require('./setup');
const { produceSluice } = require('./producers');
const { consumeRawKafkajs, consumeSluice, consumeSluiceArrow, consumePlatformatic } = require('./readers');
const { createKafkaClient } = require(`${kafkaDist}/index.js`);

async function main() {
  const reader = process.argv[2] ?? 'b';
  let topic = process.argv[3];
  const client = createKafkaClient({ brokers, clientId: 'bench-profile' });
  try {
    if (topic === undefined) {
      topic = `bench-kafka-profile-${randomUUID().slice(0, 8)}`;
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await admin.disconnect();
      await produceSluice(client, topic, Trade);
      console.log(`topic ${topic}`);
    }
    const run = { a: () => consumeRawKafkajs(topic), b: () => consumeSluice(client, topic, Trade), c: () => consumeSluiceArrow(client, topic, Trade), d: () => consumePlatformatic(topic) }[reader];
    const r = await run();
    console.log(`${reader}: ${Math.round(r.rowsPerSecond)} rows/s (${r.count} rows, ${r.seconds.toFixed(2)} s)`);
  } finally {
    await client.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
