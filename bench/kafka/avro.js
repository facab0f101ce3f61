#!/usr/bin/env node
// JSON vs Avro (issue 15, "Must show" 5): the typed producer and typed consume of @sluice/kafka over the
// same N rows, once in Flink's json format and once as avro-confluent through the stack's schema
// registry; rows/s and bytes per record value. Run by `npm run bench:kafka` after the JSON tables, or
// alone: `node bench/kafka/avro.js` (after `npm run build`). Env: BENCH_MESSAGES (default 1000000),
// SLUICE_SCHEMA_REGISTRY_URL (default the local stack's http://127.0.0.1:8085/apis/ccompat/v7).
'use strict';
const { randomUUID } = require('node:crypto');
const { N, brokers, kafkaDist, kafka, Trade, row, CHUNK, readerClock, timed } = require('./setup');
const { createKafkaClient, jsonCodec, avroCodec, schemaRegistryClient } = require(`${kafkaDist}/index.js`);

const registryUrl = process.env.SLUICE_SCHEMA_REGISTRY_URL ?? 'http://127.0.0.1:8085/apis/ccompat/v7';
const fmt = (n) => Math.round(n).toLocaleString('en-US');

async function produce(client, target) {
  const producer = await client.producer(target, { batchSize: CHUNK });
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

async function consume(client, target) {
  const clock = readerClock();
  let sum = 0;
  for await (const r of client.consume(target, { from: 'earliest' })) {
    sum += r.price;
    if (clock.delivered(1) >= N) return clock.result(sum);
  }
  throw new Error(`the topic ${target.topic} ended before ${N} rows`);
}

/** Mean bytes of a record value over 10,000 rows of the bench. */
async function bytesPerRow(codec) {
  await codec.prepare?.();
  let total = 0;
  for (let i = 0; i < 10_000; i++) total += codec.encode(row(i * 97)).length;
  return total / 10_000;
}

async function avroBench() {
  const id = randomUUID().slice(0, 8);
  const topics = { json: `bench-fmt-json-${id}`, avro: `bench-fmt-avro-${id}` };
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: Object.values(topics).map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
  const client = createKafkaClient({ brokers, clientId: 'bench-formats' }, { schemaRegistry: { url: registryUrl } });
  const json = { topic: topics.json, schema: Trade, key: ['symbol'] };
  const avro = { topic: topics.avro, schema: Trade, key: ['symbol'], format: 'avro-confluent' };
  try {
    const registry = schemaRegistryClient({ url: registryUrl });
    const sizes = { json: await bytesPerRow(jsonCodec(Trade)), avro: await bytesPerRow(avroCodec(Trade, { registry, subject: `${topics.avro}-value` })) };
    const produced = { json: await produce(client, json), avro: await produce(client, avro) };
    const consumed = { json: await consume(client, json), avro: await consume(client, avro) };
    if (consumed.json.check.toFixed(2) !== consumed.avro.check.toFixed(2)) console.log(`\nWARNING: JSON and Avro readers disagree on the checksum of price`);
    console.log(`\nJSON vs Avro (avro-confluent via ${registryUrl}; ${N} rows, one partition)`);
    console.log('| format | produce rows/s | consume rows/s (CPU µs/row) | bytes per value |');
    console.log('|---|---:|---:|---:|');
    for (const f of ['json', 'avro']) {
      console.log(`| ${f === 'json' ? 'JSON (Flink json)' : 'Avro (Confluent wire format)'} | ${fmt(produced[f].rowsPerSecond)} | ${fmt(consumed[f].rowsPerSecond)} (${consumed[f].cpuMicrosPerRow.toFixed(2)}) | ${sizes[f].toFixed(1)} |`);
    }
  } finally {
    await client.close();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
  }
}

module.exports = { avroBench };

if (require.main === module) {
  avroBench().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
