'use strict';
// A consumer app as a user writes one with the public API of @sluice/kafka (the built packages, as an app
// gets them): it reads a signal's results and stores every row durably, appending one line per row to a
// file with the row's position. The test SIGKILLs it mid-stream and starts it again.
//
//   node consumer-app.js <mode> <brokers> <id> <output file>
//
// mode 'kept': exactly once with no repeat: the position is stored in the same line as the row (one
//   write), and a restart continues right after the last stored position (from: { after }). No group.
// mode 'manual': a group, commit: 'manual', `await rows.commit()` after every 20 stored rows.
// mode 'auto': a group, commit: true (every commitIntervalMs, 5 s by default).
// In the group modes Kafka gives a restarted app again what it stored after the last commit; the app
// recognises those rows by their position (at or below the last one it stored of their partition), prints
// `R <partition> <offset>` for each and stores nothing: its output still holds every row once.
const { appendFileSync, existsSync, readFileSync, truncateSync } = require('node:fs');
const { kafka, schema, signal, t } = require('@sluice/dsl');
const { createKafkaClient } = require('@sluice/kafka');

const [mode, brokers, id, out] = process.argv.slice(2);
if (!['kept', 'manual', 'auto'].includes(mode ?? '') || !brokers || !id || !out) throw new Error('usage: consumer-app.js kept|manual|auto <brokers> <id> <output file>');

// The signal as the test deploys it (an app imports its signal module; this fixture defines the same one).
const Tick = schema({ seq: t.bigint().notNull(), k: t.string().notNull(), v: t.int().notNull() });
const ticks = kafka.source(`cr_ticks_${id}`, Tick, { topic: `cr-${id}.ticks`, startup: 'earliest-offset', properties: { 'group.id': `cr-${id}` } });
const passed = signal(`cr_passed_${id}`)
  .from(ticks)
  .where((r) => r.v.gt(2))
  .to(kafka.sink(`cr-${id}.passed`, { format: 'json', delivery: 'exactly-once' }), { checkpointInterval: '1 s', parallelism: 1 });

// What is stored: a kill can cut at most the last line short (never acknowledged as stored): drop it.
const text = existsSync(out) ? readFileSync(out, 'utf8') : '';
const end = text.lastIndexOf('\n') + 1;
if (end < text.length) truncateSync(out, end);
const stored = new Map();
for (const line of text.slice(0, end).split('\n')) {
  if (line === '') continue;
  const row = JSON.parse(line);
  stored.set(row.p, BigInt(row.o));
}

async function main() {
  const client = createKafkaClient({ brokers: brokers.split(','), clientId: `consumer-app-${mode}` });
  const topic = `cr-${id}.passed`;
  const group = { groupId: `cr-${id}-${mode}`, sessionTimeoutMs: 6000 };
  const options =
    mode === 'kept'
      ? { from: { after: [...stored].map(([partition, offset]) => ({ topic, partition, offset: offset.toString() })) } }
      : mode === 'manual'
        ? { ...group, commit: 'manual' }
        : group;
  const rows = client.consume(passed, options);
  void rows.ready.then(() => process.stdout.write('ready\n'));
  let uncommitted = 0;
  for await (const row of rows) {
    const { partition, offset } = rows.position;
    const last = stored.get(partition);
    if (last !== undefined && BigInt(offset) <= last) {
      process.stdout.write(`R ${partition} ${offset}\n`);
      continue;
    }
    appendFileSync(out, `${JSON.stringify({ seq: row.seq.toString(), p: partition, o: offset })}\n`);
    stored.set(partition, BigInt(offset));
    if (mode === 'manual' && ++uncommitted >= 20) {
      await rows.commit();
      uncommitted = 0;
    }
  }
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
