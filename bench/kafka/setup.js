// Shared bench set-up: the schema, the row generator, the kafkajs client of the raw readers/writers,
// which build of @sluice/kafka to load (SLUICE_KAFKA_DIST, for before/after runs of the same script),
// and the timer every reader uses.
'use strict';
const { join, resolve } = require('node:path');
const { Kafka, logLevel } = require('kafkajs');
const { schema, t } = require('../../packages/dsl/dist/index.js');

const N = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const brokers = (process.env.SLUICE_KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const kafkaDist = resolve(process.env.SLUICE_KAFKA_DIST ?? join(__dirname, '..', '..', 'packages', 'kafka', 'dist'));
const CHUNK = 5000;
const Trade = schema({ id: t.bigint().notNull(), symbol: t.string(), price: t.double(), qty: t.bigint(), ts: t.timestampLtz(3) });
const row = (i) => ({ id: BigInt(i), symbol: `SYM${i % 50}`, price: 100 + (i % 1000) / 100, qty: BigInt(i % 500), ts: new Date(1_700_000_000_000 + i) });
const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });

/**
 * Every reader calls `delivered(k)` whenever its code gets k more records in hand (a kafkajs batch, a row, an
 * Arrow batch). The clock starts at the end of the first delivery and the rate counts only the records
 * after it, so neither group joins nor a reader's first (possibly large) batch tilt the comparison.
 */
function readerClock() {
  let start;
  let cpu;
  let count = 0;
  let first = 0;
  return {
    delivered(k) {
      count += k;
      if (start === undefined) {
        start = process.hrtime.bigint();
        cpu = process.cpuUsage();
        first = count;
      }
      return count;
    },
    // CPU time of this process per row besides wall-clock rows/s: on a shared, noisy machine it moves
    // much less than wall time when other processes compete for the cores.
    result(check) {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      const used = process.cpuUsage(cpu);
      const rows = count - first;
      return { count, seconds, rowsPerSecond: rows / seconds, cpuMicrosPerRow: (used.user + used.system) / rows, check };
    },
  };
}

async function timed(fn) {
  const start = process.hrtime.bigint();
  const count = await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { count, seconds, rowsPerSecond: count / seconds };
}

module.exports = { N, ROUNDS, brokers, kafkaDist, CHUNK, Trade, row, kafka, readerClock, timed };
