#!/usr/bin/env node
// npm run bench:faults: the fault suite, larger (issue 16). On a second stack of its own (free ports, its
// own state dir, 1 TaskManager with 4 slots), the three DSL signals (VWAP TUMBLE 1 min per symbol,
// per-tick Wilder RSI through Sluice's UDAF, CEP "3 spikes within 10 s per symbol" through MATCH_RECOGNIZE),
// each a job with its own sink, read one input topic under a steady load:
//   kills    exactly-once, three TaskManager SIGKILLs (restarted by stackUp) and a JobManager SIGKILL
//            (restarted, the jobs brought back by recoverSignals from their retained checkpoints);
//   broker   exactly-once, a Kafka broker SIGKILL (restarted; the load pauses while it is down);
//   upgrade  exactly-once, an upgrade whose SQL changed (state compatible), a rescale 1 -> 2, a rollback;
//   alo      at-least-once sinks through a TaskManager kill and a JobManager kill: the duplicates
//            exactly-once prevents.
// Every row of every signal is compared with its reference computed from the produced events. Prints two
// tables (rows per scenario and signal; recovery per fault); asserts nothing.
//   SLUICE_FAULTS_EVENTS (kills run, default 1,000,000), SLUICE_FAULTS_RATE (events/s, default 10,000),
//   SLUICE_FAULTS_ALO_EVENTS, SLUICE_FAULTS_BROKER_EVENTS, SLUICE_FAULTS_UPGRADE_EVENTS (default 200,000 each),
//   SLUICE_FAULTS_PER_WINDOW (ticks per 1 min window of event time, default 1,000),
//   SLUICE_FAULTS_SCENARIOS (default kills,broker,upgrade,alo)
const { join } = require('node:path');
const { loadavg } = require('node:os');
const { createJiti } = require('jiti');
const { markdownTable: table } = require('../markdown-table');

const jiti = createJiti(__filename);
const events = Number(process.env.SLUICE_FAULTS_EVENTS ?? 1_000_000);
const rate = Number(process.env.SLUICE_FAULTS_RATE ?? 10_000);
const aloEvents = Number(process.env.SLUICE_FAULTS_ALO_EVENTS ?? 200_000);
const brokerEvents = Number(process.env.SLUICE_FAULTS_BROKER_EVENTS ?? 200_000);
const upgradeEvents = Number(process.env.SLUICE_FAULTS_UPGRADE_EVENTS ?? 200_000);
const perWindow = Number(process.env.SLUICE_FAULTS_PER_WINDOW ?? 1_000);
const scenarios = (process.env.SLUICE_FAULTS_SCENARIOS ?? 'kills,broker,upgrade,alo').split(',');

const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

async function main() {
  const { faultStackOptions, runFaultScenario } = await jiti.import(join(__dirname, '..', '..', 'packages', 'deploy', 'test', 'integration', 'faults', 'fault-scenario.ts'));
  const { stackUp } = require('@sluice/stack');
  const log = (line) => process.stderr.write(`[faults] ${line}\n`);
  const stack = await faultStackOptions();
  const results = [];
  const run = async (options) => {
    const result = await runFaultScenario(options);
    results.push({ ...result, load: load() });
  };
  try {
    const up = await stackUp(stack.options, log);
    log(`second stack up in ${(up.totalMs / 1000).toFixed(1)} s`);
    const common = { stack: stack.options, endpoints: up.endpoints, ratePerSecond: rate, symbols: 10, eventsPerWindow: perWindow, checkpointInterval: '2 s', jobManagerKill: false, taskManagerKills: 0, delivery: 'exactly-once', log };
    if (scenarios.includes('kills')) await run({ ...common, events, taskManagerKills: 3, jobManagerKill: true });
    if (scenarios.includes('broker')) await run({ ...common, events: brokerEvents, brokerKill: true });
    if (scenarios.includes('upgrade')) await run({ ...common, events: upgradeEvents, upgradeChangedSql: true, rescaleAndRollback: true });
    if (scenarios.includes('alo')) await run({ ...common, events: aloEvents, taskManagerKills: 1, jobManagerKill: true, delivery: 'at-least-once' });
  } finally {
    await stack.cleanup();
  }
  const signalRows = results.flatMap((r) =>
    r.signals.map((s, i) => [
      i === 0 ? r.scenario : '',
      s.signal,
      i === 0 ? r.events : '',
      s.expectedRows,
      s.received,
      s.lost,
      s.duplicated,
      s.wrong,
      s.maxRelDiff === 0 ? '0' : s.maxRelDiff.toExponential(1),
      s.kafkajsDuplicated,
      s.uncommittedDuplicated,
      i === 0 ? r.load : '',
    ]),
  );
  const recoveryRows = results.flatMap((r) => r.recoveries.map((rec, i) => [i === 0 ? r.scenario : '', rec.fault, `${(rec.ms / 1000).toFixed(1)} s`, rec.steps]));
  process.stdout.write(
    `${table(['scenario', 'signal', 'events', 'expected rows', 'received', 'lost', 'duplicated', 'wrong', 'max rel. diff', 'dup. kafkajs read_committed', 'dup. read_uncommitted', 'load avg (1/5/15 min, at the end)'], signalRows)}\n\n` +
      `${table(['scenario', 'fault', 'recovery (fault -> results flowing, all 3 jobs)', 'how'], recoveryRows)}\n` +
      "received, lost, duplicated and wrong are read read_committed by Kafka's Java consumer (kafkajs 2.2.4 read_committed can pass records of aborted transactions: its own column); " +
      'wrong = rows the reference lacks or with other values (doubles: relative 1e-9); recovery ends at the first checkpoint every job completed after the fault (when exactly-once sinks commit)\n',
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
