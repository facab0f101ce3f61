import { testStackEndpoints } from '@sluice/stack';
import { describeConsumerRestart, runConsumerRestart } from './consumer-restart-scenario';

// Issue 16, "a consumer app killed and restarted" (consumer-restart-scenario.ts): three consumer apps read a
// deployed exactly-once signal's results under load, each SIGKILLed 3 times mid-stream and restarted. Every
// app's output holds every expected row exactly once. Kafka redelivers nothing where the app keeps its
// positions with its output (from: { after }); in the group modes it does, and the count is printed.

test('consumer apps SIGKILLed 3 times mid-stream store every result row exactly once; Kafka redelivers only in the group modes', async () => {
  const result = await runConsumerRestart({ endpoints: testStackEndpoints(), kills: 3 });
  process.stdout.write(`${describeConsumerRestart(result)}\n`);
  const expectedRows = result.reports[0]?.expectedRows ?? 0;
  expect(expectedRows).toBeGreaterThan(0);
  expect(result.reports.map((r) => r.mode)).toEqual(['kept', 'manual', 'auto']);
  for (const r of result.reports) {
    expect({ mode: r.mode, kills: r.kills, lost: r.lost, duplicated: r.duplicated, unexpected: r.unexpected, stored: r.stored }).toEqual({ mode: r.mode, kills: 3, lost: 0, duplicated: 0, unexpected: 0, stored: expectedRows });
    // The results are spread over both partitions, so positions are kept and resumed per partition.
    expect(Object.keys(r.perPartition).sort()).toEqual(['0', '1']);
  }
  // Positions kept with the output: a restart continues right after the last stored row, nothing again.
  expect(result.reports.find((r) => r.mode === 'kept')?.redeliveredPerRestart).toEqual([0, 0, 0]);
}, 300_000);
