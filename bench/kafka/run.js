#!/usr/bin/env node
// Kafka throughput bench (issue 5, "Must show" 5), `npm run bench:kafka` after `npm run build`.
// Produce: each writer sends N rows to its own topic. Consume: every reader reads the same N-row topic
// (the one the Sluice producer wrote) in the same run, timed from its first delivered records to N (see
// readerClock in setup.js); rows/s and ratio to (a), the raw kafkajs eachBatch + JSON.parse loop.
// Env: BENCH_MESSAGES (default 1000000, the size; ~3 min), BENCH_ROUNDS (readers run in turn this many
// times; best and median shown; default 3),
// BENCH_READERS (subset, e.g. "a,b"), SLUICE_KAFKA_BROKERS (default 127.0.0.1:9092), SLUICE_KAFKA_DIST
// (another build of @sluice/kafka, for before/after runs), KAFKA_TOOLS_DIR, MAVEN.
'use strict';
const { randomUUID } = require('node:crypto');
const { N, ROUNDS, brokers, kafkaDist, kafka, Trade, row } = require('./setup');
const { produceRawKafkajs, produceSluice, producePlatformatic, flinkJson } = require('./producers');
const { consumeRawKafkajs, consumeSluice, consumeSluiceArrow, consumePlatformatic } = require('./readers');
const { javaConsumerPerf, javaProducerPerf } = require('./java-perf');
const { createKafkaClient } = require(`${kafkaDist}/index.js`);
const { avroBench } = require('./avro');

const only = new Set((process.env.BENCH_READERS ?? 'a,b,c,d,e').split(',').map((s) => s.trim()));

const fmt = (n) => Math.round(n).toLocaleString('en-US');

function table(title, results) {
  const baseline = results[0][1].rowsPerSecond;
  console.log(`\n${title}`);
  console.log('| | rows/s | ratio to (a) |');
  console.log('|---|---:|---:|');
  for (const [name, r] of results) {
    if (r.skipped) console.log(`| ${name} | n/a | ${r.skipped} |`);
    else console.log(`| ${name} | ${fmt(r.rowsPerSecond)} | ${(r.rowsPerSecond / baseline).toFixed(2)}x |`);
  }
}

// Consume table: best round (noise on a shared machine only ever slows a reader down), the median round,
// and CPU time of this process per row in the best round (Java: not measured here).
function consumeTable(title, rows) {
  const a = rows[0][1];
  console.log(`\n${title}`);
  console.log('| | rows/s (best) | ratio to (a) | rows/s (median) | ratio to (a) | CPU µs/row |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const [name, r] of rows) {
    if (r.skipped) console.log(`| ${name} | n/a | ${r.skipped} | | | |`);
    else {
      const cpu = r.cpuMicrosPerRow === undefined ? 'n/a' : r.cpuMicrosPerRow.toFixed(2);
      console.log(`| ${name} | ${fmt(r.rowsPerSecond)} | ${(r.rowsPerSecond / a.rowsPerSecond).toFixed(2)}x | ${fmt(r.median)} | ${(r.median / a.median).toFixed(2)}x | ${cpu} |`);
    }
  }
}

async function createTopics(names) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: names.map((topic) => ({ topic, numPartitions: 1 })), waitForLeaders: true });
  await admin.disconnect();
}

async function main() {
  const id = randomUUID().slice(0, 8);
  const topic = `bench-kafka-${id}`;
  const others = ['raw', 'plt', 'java'].map((k) => `bench-kafka-${k}-${id}`);
  await createTopics([topic, ...others]);
  const client = createKafkaClient({ brokers, clientId: 'bench-sluice' });
  console.log(`@sluice/kafka from ${require('node:path').relative(process.cwd(), kafkaDist) || '.'}; ${N} messages, one partition, node ${process.version}`);
  try {
    table(`produce (${N} rows, acks=all, idempotent)`, [
      ['(a) raw kafkajs send + JSON.stringify', await produceRawKafkajs(others[0])],
      ['(b) Sluice typed producer (validate + Flink JSON)', await produceSluice(client, topic, Trade)],
      ['(d) @platformatic/kafka send + JSON.stringify', await producePlatformatic(others[1])],
      ['(e) Kafka ProducerPerformance (Java)', await javaProducerPerf(others[2], Array.from({ length: 1000 }, (_, j) => flinkJson(row(j * 997), j * 997)))],
    ]);

    const readers = [
      ['a', '(a) raw kafkajs eachBatch + JSON.parse', () => consumeRawKafkajs(topic)],
      ['b', '(b) Sluice typed consume', () => consumeSluice(client, topic, Trade)],
      ['c', '(c) Sluice Arrow RecordBatches', () => consumeSluiceArrow(client, topic, Trade)],
      ['d', '(d) @platformatic/kafka raw + JSON.parse', () => consumePlatformatic(topic)],
      ['e', '(e) Kafka ConsumerPerformance (Java)', () => javaConsumerPerf(topic)],
    ].filter(([key]) => key === 'a' || only.has(key));
    const runs = new Map();
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [key, name, run] of readers) {
        const r = await run();
        if (ROUNDS > 1) console.log(`round ${round} ${name}: ${r.skipped ?? fmt(r.rowsPerSecond)}`);
        runs.set(key, [name, [...(runs.get(key)?.[1] ?? []), r]]);
      }
    }
    const results = [...runs.values()].map(([name, all]) => {
      const ok = all.filter((r) => !r.skipped).sort((x, y) => x.rowsPerSecond - y.rowsPerSecond);
      if (ok.length === 0) return [name, all[0]];
      return [name, { ...ok[ok.length - 1], median: ok[(ok.length - 1) >> 1].rowsPerSecond }];
    });
    consumeTable(`consume (same ${N}-row topic, ${ROUNDS} round${ROUNDS > 1 ? 's' : ''})`, results);
    const sums = new Set(results.filter(([, r]) => r.check !== undefined).map(([, r]) => r.check.toFixed(2)));
    if (sums.size !== 1) console.log(`\nWARNING: readers disagree on the checksum of price: ${[...sums].join(' vs ')}`);
    await avroBench();
  } finally {
    await client.close();
    const admin = kafka.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [topic, ...others] }).catch(() => undefined);
    await admin.disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
