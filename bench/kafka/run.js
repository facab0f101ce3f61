#!/usr/bin/env node
// Kafka throughput bench (issue 5, "Must show" 5): one topic, several readers, rows/s and ratio to a raw
// kafkajs eachBatch + JSON.parse loop. Needs a built repo (npm run build) and a broker
// (SLUICE_KAFKA_BROKERS, default 127.0.0.1:9092). BENCH_MESSAGES sets the topic size (default 200000).
'use strict';
const { randomUUID } = require('node:crypto');
const { existsSync, readdirSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');
const { Kafka, logLevel } = require('kafkajs');
const { schema, t } = require('../../packages/dsl/dist/index.js');
const { createKafkaClient } = require('../../packages/kafka/dist/index.js');

const N = Number(process.env.BENCH_MESSAGES ?? 200_000);
const brokers = (process.env.SLUICE_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const CHUNK = 5000;
const Trade = schema({ id: t.bigint().notNull(), symbol: t.string(), price: t.double(), qty: t.bigint(), ts: t.timestampLtz(3) });
const row = (i) => ({ id: BigInt(i), symbol: `SYM${i % 50}`, price: 100 + (i % 1000) / 100, qty: BigInt(i % 500), ts: new Date(1_700_000_000_000 + i) });
const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });

async function createTopic(name) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: name, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
}

async function timed(fn) {
  const start = process.hrtime.bigint();
  const count = await fn();
  return { count, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

// ---- produce ----
async function produceRawKafkajs(topic) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const r = await timed(async () => {
    for (let i = 0; i < N; i += CHUNK) {
      const messages = [];
      for (let j = i; j < Math.min(N, i + CHUNK); j++) {
        const v = row(j);
        messages.push({ key: JSON.stringify({ symbol: v.symbol }), value: JSON.stringify({ id: j, symbol: v.symbol, price: v.price, qty: Number(v.qty), ts: v.ts.toISOString().replace('T', ' ') }) });
      }
      await producer.send({ topic, acks: -1, messages });
    }
    return N;
  });
  await producer.disconnect();
  return r;
}

async function produceSluice(client, topic) {
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

// ---- consume: each timer starts at the first record, so group joins are not counted ----
async function consumeRawKafkajs(topic) {
  const consumer = kafka.consumer({ groupId: `bench-${randomUUID()}`, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let count = 0;
  let start;
  let sum = 0;
  await new Promise((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        start ??= process.hrtime.bigint();
        for (const m of batch.messages) {
          sum += JSON.parse(m.value.toString()).price;
          count++;
        }
        if (count >= N) resolve();
      },
    });
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await consumer.disconnect();
  return { count, seconds, check: sum };
}

async function consumeSluice(client, topic) {
  let count = 0;
  let start;
  let sum = 0;
  for await (const r of client.consume({ topic, schema: Trade })) {
    start ??= process.hrtime.bigint();
    sum += r.price;
    if (++count >= N) break;
  }
  return { count, seconds: Number(process.hrtime.bigint() - start) / 1e9, check: sum };
}

async function consumeSluiceArrow(client, topic) {
  let count = 0;
  let start;
  let sum = 0;
  for await (const batch of client.consumeArrow({ topic, schema: Trade }, { maxRows: 20_000 })) {
    start ??= process.hrtime.bigint();
    for (const p of batch.getChild('price').toArray()) sum += p;
    count += batch.numRows;
    if (count >= N) break;
  }
  return { count, seconds: Number(process.hrtime.bigint() - start) / 1e9, check: sum };
}

async function consumePlatformatic(topic) {
  const { Consumer, stringDeserializers } = await import('@platformatic/kafka');
  const consumer = new Consumer({ groupId: `bench-plt-${randomUUID()}`, clientId: 'bench-plt', bootstrapBrokers: brokers, deserializers: stringDeserializers, maxWaitTime: 500 });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
  let count = 0;
  let start;
  let sum = 0;
  for await (const m of stream) {
    start ??= process.hrtime.bigint();
    sum += JSON.parse(m.value).price;
    if (++count >= N) break;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await stream.close();
  await consumer.close();
  return { count, seconds, check: sum };
}

function javaConsumerPerf(topic) {
  const libs = process.env.KAFKA_LIBS ?? join(homedir(), '.cache', 'sluice', 'kafka-4.3.1', 'libs');
  if (!existsSync(libs)) return { skipped: `no Kafka libs at ${libs}` };
  if (!readdirSync(libs).some((f) => /^kafka-tools-\d/.test(f))) return { skipped: 'kafka-tools jar (ConsumerPerformance) is not in the Kafka libs closure' };
  const out = spawnSync('java', ['-cp', `${libs}/*`, 'org.apache.kafka.tools.ConsumerPerformance', '--bootstrap-server', brokers.join(','), '--topic', topic, '--messages', String(N), '--reporting-interval', '100000'], { encoding: 'utf8' });
  const line = out.stdout.trim().split('\n').pop() ?? '';
  const nMsgSec = Number(line.split(',')[5]);
  return Number.isFinite(nMsgSec) ? { rowsPerSecond: nMsgSec } : { skipped: `ConsumerPerformance failed: ${out.stderr.slice(0, 200)}` };
}

function table(title, results, baseline) {
  console.log(`\n${title} (${N} messages, one partition)`);
  console.log('| reader | rows/s | ratio to (a) |');
  console.log('|---|---:|---:|');
  for (const [name, r] of results) {
    if (r.skipped) {
      console.log(`| ${name} | n/a | ${r.skipped} |`);
      continue;
    }
    const rate = r.rowsPerSecond ?? r.count / r.seconds;
    console.log(`| ${name} | ${Math.round(rate).toLocaleString('en-US')} | ${(rate / baseline).toFixed(2)}x |`);
  }
}

async function main() {
  const id = randomUUID().slice(0, 8);
  const rawTopic = `bench-kafka-raw-${id}`;
  const topic = `bench-kafka-${id}`;
  await createTopic(rawTopic);
  await createTopic(topic);
  const client = createKafkaClient({ brokers, clientId: 'bench-sluice' });
  try {
    const produced = [
      ['(a) raw kafkajs send + JSON.stringify', await produceRawKafkajs(rawTopic)],
      ['(b) Sluice typed producer (validate + Flink JSON)', await produceSluice(client, topic)],
    ];
    const pa = produced[0][1];
    table('produce', produced, pa.count / pa.seconds);

    const results = [];
    results.push(['(a) raw kafkajs eachBatch + JSON.parse', await consumeRawKafkajs(topic)]);
    results.push(['(b) Sluice typed consume', await consumeSluice(client, topic)]);
    results.push(['(c) Sluice Arrow RecordBatches', await consumeSluiceArrow(client, topic)]);
    results.push(['(d) @platformatic/kafka raw + JSON.parse', await consumePlatformatic(topic)]);
    results.push(['(e) Kafka ConsumerPerformance (Java)', javaConsumerPerf(topic)]);
    const sums = new Set(results.filter(([, r]) => r.check !== undefined).map(([, r]) => r.check.toFixed(2)));
    const a = results[0][1];
    table('consume', results, a.count / a.seconds);
    if (sums.size !== 1) console.log(`\nWARNING: readers disagree on the checksum of price: ${[...sums].join(' vs ')}`);
  } finally {
    await client.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [rawTopic, topic] }).catch(() => undefined);
    await admin.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
