import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// jest's module registry ignores Node's CommonJS cache, so whether the built package really replaces kafkajs's
// read_committed filter is checked in a plain Node process: load @sluice/kafka's entry point, then feed kafkajs's
// own Batch (what its consumer builds from every fetched partition) a fetch whose aborted transactions the
// broker listed in abort-marker order.
const PROGRAM = `
const kafka = require(process.argv[1]);
const Batch = require(require.resolve('kafkajs/src/consumer/batch', { paths: [process.argv[2]] }));
const record = (offset, producerId) => ({ offset: String(offset), key: null, isControlRecord: false, batchContext: { producerId, inTransaction: true } });
const abort = (offset, producerId) => ({ offset: String(offset), key: Buffer.from([0, 0, 0, 0]), isControlRecord: true, batchContext: { producerId, inTransaction: true } });
const batch = new Batch('t', '0', {
  partition: 0,
  highWatermark: '5',
  abortedTransactions: [{ producerId: '2', firstOffset: '1' }, { producerId: '1', firstOffset: '0' }],
  messages: [record(0, '1'), record(1, '2'), abort(2, '2'), abort(3, '1'), record(4, '3')],
});
process.stdout.write(JSON.stringify({ exports: Object.keys(kafka).length, offsets: batch.messages.map((m) => m.offset) }));
`;

describe('@sluice/kafka, loaded by Node, filters aborted transactions by the Java consumer rule', () => {
  it('kafkajs Batch keeps only the committed record when the aborted list is in abort-marker order', () => {
    const packageDir = join(__dirname, '..', '..');
    const out = execFileSync(process.execPath, ['-e', PROGRAM, join(packageDir, 'dist', 'index.js'), packageDir], { encoding: 'utf8' });
    const result = JSON.parse(out) as { exports: number; offsets: string[] };
    expect(result.exports).toBeGreaterThan(0);
    // kafkajs 2.2.4's own filter gives ['0', '4'] here (see test/read-committed-filter.test.ts).
    expect(result.offsets).toEqual(['4']);
  });
});
