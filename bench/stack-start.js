#!/usr/bin/env node
// Start time of the local stack: `stackUp` (ours) vs the anchor, Flink's own daemon scripts
// (jobmanager.sh / taskmanager.sh / sql-gateway.sh start) plus a bare `java kafka.Kafka`, on the same
// machine, the same Flink home, the same generated configs, one run each, on free ports.
// Both are timed until the same health probes pass. Prints one table; it asserts nothing.
//
// Usage: npm run bench:stack        (after npm run build; needs the artifacts: npm run stack:fetch)
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const { mkdirSync, mkdtempSync, rmSync, openSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const stack = require('../packages/stack/dist');
const { writeFlinkConfig } = require('../packages/stack/dist/config/flink-config');
const { writeKafkaConfig } = require('../packages/stack/dist/config/kafka-config');
const { formatKafkaStorageIfNeeded } = require('../packages/stack/dist/process/launch-part');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitHealthy(part, options, startedAt) {
  for (;;) {
    if ((await stack.checkPart(part, options, 2000)).healthy) return Date.now() - startedAt;
    if (Date.now() - startedAt > 180_000) throw new Error(`${part} not healthy after 180 s`);
    await sleep(100);
  }
}

async function anchorRun(homes) {
  const stateDir = mkdtempSync(join(tmpdir(), 'sluice-bench-anchor-'));
  const options = stack.resolveStackOptions({ stateDir, ports: await stack.freeStackPorts() });
  const layout = stack.stackLayout(options);
  await writeFlinkConfig(options, layout, homes.flinkHome);
  await writeKafkaConfig(options, layout);
  const env = { ...process.env, FLINK_CONF_DIR: layout.flinkConfDir, FLINK_LOG_DIR: layout.logDir };
  const started = Date.now();
  await formatKafkaStorageIfNeeded(options, layout, homes);
  mkdirSync(layout.logDir, { recursive: true });
  const kafkaLog = openSync(join(layout.logDir, 'anchor-kafka.log'), 'a');
  const kafka = spawn('java', ['-Xms256m', `-Xmx${options.memory.kafka}`, `-Dlog4j2.configurationFile=file:${layout.kafkaLog4jFile}`, '-cp', join(homes.kafkaHome, 'libs', '*'), 'kafka.Kafka', layout.kafkaConfigFile], { stdio: ['ignore', kafkaLog, kafkaLog], detached: true });
  for (const script of ['jobmanager.sh', 'taskmanager.sh', 'sql-gateway.sh']) {
    spawnSync('bash', [join(homes.flinkHome, 'bin', script), 'start'], { env, stdio: 'ignore' });
  }
  const times = {};
  await Promise.all(stack.STACK_PARTS.map(async (part) => (times[part] = await waitHealthy(part, options, started))));
  times.total = Date.now() - started;
  for (const script of ['sql-gateway.sh', 'taskmanager.sh', 'jobmanager.sh']) {
    spawnSync('bash', [join(homes.flinkHome, 'bin', script), 'stop'], { env, stdio: 'ignore' });
  }
  kafka.kill('SIGTERM');
  await new Promise((resolve) => kafka.once('exit', resolve));
  rmSync(stateDir, { recursive: true, force: true });
  return times;
}

async function oursRun() {
  const stateDir = mkdtempSync(join(tmpdir(), 'sluice-bench-ours-'));
  const input = { stateDir, ports: await stack.freeStackPorts() };
  const started = Date.now();
  const result = await stack.stackUp(input);
  const times = { total: Date.now() - started };
  for (const part of result.parts) times[part.part] = part.ms;
  await stack.stackDown({ ...input, purge: true });
  return times;
}

async function main() {
  const homes = await stack.fetchArtifacts(stack.resolveStackOptions());
  const anchor = await anchorRun(homes);
  const ours = await oursRun();
  const rows = [...stack.STACK_PARTS, 'total'].map((part) => ({
    part,
    'anchor s (Flink scripts + java kafka.Kafka)': (anchor[part] / 1000).toFixed(1),
    'ours s (stackUp)': (ours[part] / 1000).toFixed(1),
    'ours / anchor': (ours[part] / anchor[part]).toFixed(2),
  }));
  console.log('Time from start until healthy (one run each, free ports, warm artifact cache; per-part times are from each own start):');
  console.table(rows);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
