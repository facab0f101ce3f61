#!/usr/bin/env node
// JSON vs Avro (issue 15, "Must show" 5): the typed producer and typed consume of @sluice/kafka over the
// same N rows, once in Flink's json format and once as avro-confluent through the stack's schema
// registry; rows/s and bytes per record value. Run by `npm run bench:kafka` after the JSON tables, or
// alone: `node bench/kafka/avro.js` (after `npm run build`). Then the Flink side: one DSL signal over the
// JSON topic and the same signal over the Avro topic, each a job reading all N rows from the start;
// events/s from its first output record to its N-th. Env: BENCH_MESSAGES (default 1000000),
// SLUICE_SCHEMA_REGISTRY_URL (default the local stack's http://127.0.0.1:8085/apis/ccompat/v7),
// SLUICE_FLINK_REST_URL / SLUICE_SQL_GATEWAY_URL (default the local stack's; its Flink needs the
// avro-confluent format jar in lib/, which a stack started before it existed lacks), BENCH_FLINK=0 to skip.
'use strict';
const { randomUUID } = require('node:crypto');
const { N, brokers, kafkaDist, kafka, Trade, row, CHUNK, readerClock, timed } = require('./setup');
const { createKafkaClient, jsonCodec, avroCodec, schemaRegistryClient } = require(`${kafkaDist}/index.js`);
const { compile, kafka: dslKafka, signal } = require('../../packages/dsl/dist/index.js');
const { FlinkRestClient, SqlGatewayClient } = require('../../packages/flink-client/dist/index.js');

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

async function outputCount(admin, topic) {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

/** One job: the signal over `source`, all N rows from the start; events/s from its first output to its N-th. */
async function flinkRun(admin, source, id, label) {
  const restUrl = process.env.SLUICE_FLINK_REST_URL ?? 'http://127.0.0.1:8081';
  const gatewayUrl = process.env.SLUICE_SQL_GATEWAY_URL ?? 'http://127.0.0.1:8083';
  const out = `bench-fmt-out-${label}-${id}`;
  await admin.createTopics({ topics: [{ topic: out, numPartitions: 1 }], waitForLeaders: true });
  const s = signal(`bench_${label}`, { parallelism: 1 })
    .from(source)
    .select((r) => ({ id: r.id, symbol: r.symbol, notional: r.price.times(r.qty), ts: r.ts }))
    .to(dslKafka.sink(out));
  const script = compile([s], { flinkVersion: '2.2', project: `bench_${id}`, bootstrapServers: brokers.join(','), schemaRegistry: { url: registryUrl } });
  const gateway = new SqlGatewayClient({ baseUrl: gatewayUrl });
  const flink = new FlinkRestClient({ baseUrl: restUrl });
  const { sessionHandle } = await gateway.openSession({ sessionName: `bench-${label}-${id}` });
  let jobId;
  try {
    for (const statement of script.statements) {
      const { operationHandle } = await gateway.executeStatement(sessionHandle, { statement: statement.sql });
      for await (const page of gateway.readPages(sessionHandle, operationHandle, { signal: AbortSignal.timeout(120_000) })) jobId = page.jobId ?? jobId;
    }
    let start;
    let first = 0;
    for (;;) {
      const count = await outputCount(admin, out);
      if (count > 0 && start === undefined) {
        start = process.hrtime.bigint();
        first = count;
      }
      if (count >= N) return { rowsPerSecond: (count - first) / (Number(process.hrtime.bigint() - start) / 1e9) };
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    if (jobId !== undefined) await flink.cancelJob(jobId).catch(() => undefined);
    await gateway.closeSession(sessionHandle).catch(() => undefined);
    await admin.deleteTopics({ topics: [out] }).catch(() => undefined);
  }
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
    if (process.env.BENCH_FLINK !== '0') {
      const source = (f) =>
        dslKafka.source(`bench_${f}_src`, Trade, { topic: topics[f], format: f === 'json' ? 'json' : 'avro-confluent', startup: 'earliest-offset', properties: { 'group.id': `bench-${f}-${id}` } });
      const flink = { json: await flinkRun(admin, source('json'), id, 'json'), avro: await flinkRun(admin, source('avro'), id, 'avro') };
      console.log(`\nFlink: the same signal over JSON and over Avro input (${N} rows, parallelism 1, JSON output)`);
      console.log('| input | events/s |');
      console.log('|---|---:|');
      console.log(`| JSON | ${fmt(flink.json.rowsPerSecond)} |`);
      console.log(`| Avro (avro-confluent) | ${fmt(flink.avro.rowsPerSecond)} |`);
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
