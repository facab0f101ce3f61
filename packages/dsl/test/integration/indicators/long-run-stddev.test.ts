import { testStackEndpoints } from '@sluice/stack';
import { udfStatements } from '@sluice/deploy';
import { TestCluster } from './cluster';
import { measureStddevErrors, priceOf } from './long-run-stddev';

// Issue 17 item 4: the standard deviation behind Bollinger bands and z-scores must not drift however long
// a signal runs. 200,000 rows of one key through a 20-row sliding window on the real cluster; the larger
// run (millions of rows, plus the cost) is `npm run bench:variance`.

const ROWS = 200_000;
const cluster = new TestCluster(testStackEndpoints());

beforeAll(async () => {
  await cluster.open(udfStatements({ functions: ['SLUICE_STDDEV_POP'] }));
});

afterAll(async () => {
  await cluster.close();
});

test('the formula the SQL evaluates is the one the reference uses', () => {
  // (7919 + 1) mod 997 = 941; (2 * 7919 + 4) mod 997 = 887
  expect(priceOf(1)).toBe(10009.41);
  expect(priceOf(2)).toBe(10008.87);
});

test(`SLUICE_STDDEV_POP stays within 1e-12 of the two-pass reference over ${ROWS.toLocaleString('en-US')} rows of one key`, async () => {
  const errors = await measureStddevErrors(cluster, ROWS);
  // Every 1000th row plus the last 1000 rows.
  expect(errors.compared).toBe(ROWS / 1000 + 1000 - 1);
  process.stdout.write(
    `max relative error over ${ROWS} rows: SLUICE_STDDEV_POP ${errors.ours.toExponential(2)}, STDDEV_POP ${errors.builtin.toExponential(2)}, ` +
      `AVG ${errors.mean.toExponential(2)}, z-score ${errors.zscore.toExponential(2)}\n`,
  );
  expect(errors.ours).toBeLessThanOrEqual(1e-12);
  // The z-score as the DSL compiles it (Flink's AVG, SLUICE_STDDEV_POP): the bound.
  expect(errors.zscore).toBeLessThanOrEqual(1e-9);
}, 240_000);
