import { randomBytes } from 'node:crypto';
import { FlinkRestClient } from '@sluice/flink-client';
import { submitScriptJar } from '@sluice/deploy';
import { testStackEndpoints } from '@sluice/stack';

// The jar submission path (sql-runner through /jars) registers the Sluice UDFs a script calls by itself:
// the script below never mentions sluice-udfs.jar, and its job must still run to the end.

const endpoints = testStackEndpoints();
const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
let jobId: string | undefined;

afterAll(async () => {
  if (jobId === undefined) return;
  const details = await flink.getJobDetails(jobId).catch(() => undefined);
  if (details !== undefined && details.state === 'RUNNING') await flink.cancelJob(jobId).catch(() => undefined);
});

test('submitScriptJar: a script calling SLUICE_EMA and SLUICE_RSI runs without a manual registration step', async () => {
  const name = `sluice.it.udf_registration.${randomBytes(4).toString('hex')}`;
  const script = [
    `SET 'pipeline.name' = '${name}';`,
    "CREATE TEMPORARY TABLE t (k INT, v DOUBLE, ts TIMESTAMP_LTZ(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'datagen', 'number-of-rows' = '200', 'fields.k.min' = '1', 'fields.k.max' = '3');",
    "CREATE TEMPORARY TABLE o (k INT, e DOUBLE, r DOUBLE) WITH ('connector' = 'blackhole');",
    'INSERT INTO o SELECT k, SLUICE_EMA(v, 5) OVER w, SLUICE_RSI(v, 14) OVER w FROM t WINDOW w AS (PARTITION BY k ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW);',
  ].join('\n\n');
  ({ jobId } = await submitScriptJar(script, { flinkRestUrl: endpoints.flinkRestUrl, parallelism: 1 }));
  expect(await flink.waitForJobStatus(jobId, ['FINISHED', 'FAILED', 'CANCELED'], { timeoutMs: 120_000 })).toBe('FINISHED');
});
