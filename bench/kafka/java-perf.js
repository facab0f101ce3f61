// (e) Kafka's own Java perf tools, the machine's limit: org.apache.kafka.tools.ConsumerPerformance and
// ProducerPerformance from org.apache.kafka:kafka-tools (Maven Central), fetched once with the stack's Maven
// helper into a cache outside the repo (KAFKA_TOOLS_DIR overrides it).
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');
const { N, brokers } = require('./setup');

const KAFKA_TOOLS = 'org.apache.kafka:kafka-tools:4.3.1';
const toolsDir = process.env.KAFKA_TOOLS_DIR ?? join(homedir(), '.cache', 'sluice', 'bench', 'kafka-tools-4.3.1');

/** The directory of the kafka-tools jar and its runtime closure, fetched on first use; or a reason why not. */
async function kafkaTools() {
  const has = () => existsSync(toolsDir) && readdirSync(toolsDir).some((f) => /^kafka-tools-\d/.test(f));
  if (has()) return { dir: toolsDir };
  if (spawnSync('java', ['-version']).status !== 0) return { skipped: 'no java on PATH' };
  const maven = process.env.MAVEN ?? 'mvn';
  // A half-finished download must not look complete: fetch into a side directory, then rename.
  const partial = `${toolsDir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  try {
    const { mavenCopyWithDependencies } = require('../../packages/stack/dist/artifacts/maven.js');
    console.log(`fetching ${KAFKA_TOOLS} into ${toolsDir} (once)`);
    await mavenCopyWithDependencies(maven, [KAFKA_TOOLS], partial);
    renameSync(partial, toolsDir);
  } catch (error) {
    return { skipped: `cannot fetch ${KAFKA_TOOLS}: ${String(error.message ?? error).split('\n')[0]}` };
  }
  return has() ? { dir: toolsDir } : { skipped: `no kafka-tools jar in ${toolsDir}` };
}

function java(dir, mainClass, args) {
  return spawnSync('java', ['-Xmx1g', '-cp', `${dir}/*`, mainClass, ...args], { encoding: 'utf8', timeout: 600_000 });
}

/** ConsumerPerformance on `topic` (`n` records): fetch.nMsg.sec, its rate with the group join (rebalance) time left out. */
async function javaConsumerPerf(topic, n = N, brokerList = brokers) {
  const tools = await kafkaTools();
  if (tools.skipped) return tools;
  const out = java(tools.dir, 'org.apache.kafka.tools.ConsumerPerformance', ['--bootstrap-server', brokerList.join(','), '--topic', topic, '--num-records', String(n), '--timeout', '60000', '--group', `bench-java-${Date.now()}`]);
  const lines = out.stdout.trim().split('\n');
  const header = (lines.find((l) => l.includes('nMsg.sec')) ?? '').split(',').map((s) => s.trim());
  const values = (lines.pop() ?? '').split(',').map((s) => s.trim());
  const rate = Number(values[header.indexOf('fetch.nMsg.sec')]);
  const count = Number(values[header.indexOf('data.consumed.in.nMsg')]);
  if (!Number.isFinite(rate) || count < n) return { skipped: `ConsumerPerformance failed: ${(out.stderr || out.stdout || String(out.error)).slice(0, 300)}` };
  return { rowsPerSecond: rate, count };
}

/** ProducerPerformance: N records drawn from a payload file of real bench rows, acks=all, idempotent. */
async function javaProducerPerf(topic, samplePayloads) {
  const tools = await kafkaTools();
  if (tools.skipped) return tools;
  const payloads = join(toolsDir, '..', 'bench-payloads.txt');
  writeFileSync(payloads, samplePayloads.join('\n'));
  const out = java(tools.dir, 'org.apache.kafka.tools.ProducerPerformance', [
    '--bootstrap-server', brokers.join(','), '--topic', topic, '--num-records', String(N), '--throughput', '-1', '--payload-file', payloads,
    '--producer-props', 'acks=all', 'enable.idempotence=true',
  ]);
  const m = /(\d+) records sent, ([\d.]+) records\/sec/.exec(out.stdout.trim().split('\n').pop() ?? '');
  if (m === null) return { skipped: `ProducerPerformance failed: ${(out.stderr || out.stdout || String(out.error)).slice(0, 300)}` };
  return { rowsPerSecond: Number(m[2]), count: Number(m[1]) };
}

module.exports = { javaConsumerPerf, javaProducerPerf };
