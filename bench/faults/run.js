#!/usr/bin/env node
// npm run bench:faults: the fault suite, larger (issue 16). On a second stack of its own (free ports, its
// own state dir, 1 TaskManager), a DSL signal (TUMBLE 1 s per key, count and sum) runs under a steady load:
// exactly-once with three TaskManager SIGKILLs (restarted by stackUp) and a JobManager SIGKILL (restarted,
// the job brought back by recoverSignals from its retained checkpoint), a Kafka broker SIGKILL (restarted;
// the load pauses while it is down); then the TaskManager and JobManager kills with an at-least-once
// sink, to show the duplicates exactly-once prevents. Every row is compared with the reference computed
// from the produced events. Prints a table; asserts nothing.
//   SLUICE_FAULTS_EVENTS (default 1,000,000), SLUICE_FAULTS_RATE (events/s, default 10,000),
//   SLUICE_FAULTS_ALO_EVENTS (at-least-once run, default 200,000), SLUICE_FAULTS_BROKER_EVENTS (broker
//   kill run, default 200,000), SLUICE_FAULTS_SCENARIOS (default kills,broker,alo)
const { join } = require('node:path');
const { createJiti } = require('jiti');
const { markdownTable: table } = require('../markdown-table');

const jiti = createJiti(__filename);
const events = Number(process.env.SLUICE_FAULTS_EVENTS ?? 1_000_000);
const rate = Number(process.env.SLUICE_FAULTS_RATE ?? 10_000);
const aloEvents = Number(process.env.SLUICE_FAULTS_ALO_EVENTS ?? 200_000);
const brokerEvents = Number(process.env.SLUICE_FAULTS_BROKER_EVENTS ?? 200_000);
// kills: 3 TaskManager kills + a JobManager kill; broker: a Kafka broker kill; alo: at-least-once, to show duplicates
const scenarios = (process.env.SLUICE_FAULTS_SCENARIOS ?? 'kills,broker,alo').split(',');


async function main() {
  const { faultStackOptions, runFaultScenario } = await jiti.import(join(__dirname, '..', '..', 'packages', 'deploy', 'test', 'integration', 'faults', 'fault-scenario.ts'));
  const { stackUp } = require('@sluice/stack');
  const log = (line) => process.stderr.write(`[faults] ${line}\n`);
  const stack = await faultStackOptions();
  const results = [];
  try {
    const up = await stackUp(stack.options, log);
    log(`second stack up in ${(up.totalMs / 1000).toFixed(1)} s`);
    const common = { stack: stack.options, endpoints: up.endpoints, ratePerSecond: rate, keys: 10, eventsPerWindow: 1000, checkpointInterval: '2 s', jobManagerKill: true, log };
    if (scenarios.includes('kills')) results.push(await runFaultScenario({ ...common, events, taskManagerKills: 3, delivery: 'exactly-once' }));
    if (scenarios.includes('broker')) results.push(await runFaultScenario({ ...common, events: brokerEvents, taskManagerKills: 0, jobManagerKill: false, brokerKill: true, delivery: 'exactly-once' }));
    if (scenarios.includes('alo')) results.push(await runFaultScenario({ ...common, events: aloEvents, taskManagerKills: 1, delivery: 'at-least-once' }));
  } finally {
    await stack.cleanup();
  }
  const rows = results.flatMap((r) =>
    r.recoveries.map((rec, i) => [
      i === 0 ? r.scenario : '',
      rec.fault,
      i === 0 ? r.events : '',
      i === 0 ? r.expectedRows : '',
      i === 0 ? r.received : '',
      i === 0 ? r.lost : '',
      i === 0 ? r.duplicated : '',
      i === 0 ? r.wrong : '',
      i === 0 ? r.kafkajsDuplicated : '',
      i === 0 ? r.uncommittedDuplicated : '',
      `${(rec.ms / 1000).toFixed(1)} s`,
      rec.steps,
    ]),
  );
  process.stdout.write(
    `${table(['scenario', 'fault', 'events', 'expected rows', 'received', 'lost', 'duplicated', 'wrong', 'dup. kafkajs read_committed', 'dup. read_uncommitted', 'recovery (fault -> results flowing)', 'how'], rows)}\n` +
      'received, lost, duplicated and wrong are read read_committed by Kafka\'s Java consumer (kafkajs 2.2.4 read_committed can pass records of aborted transactions: its own column); recovery ends at the first checkpoint completed after the fault (when an exactly-once sink commits)\n',
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
