import { randomBytes } from 'node:crypto';
import { FlinkRestClient } from '@sluice/flink-client';
import { submitScriptJar, validateOffline, validateWithGateway } from '@sluice/deploy';
import { compile } from '@sluice/dsl';
import { financeSignals } from '../../../../../examples/finance/signals';
import { testStackEndpoints } from '@sluice/stack';

// Every deploy path registers the Sluice UDFs a script calls by itself: the scripts below never mention
// sluice-udfs.jar. The jar path (sql-runner through /jars) must run its job to the end; both validators
// must accept an indicator script and report a broken statement at its own line of the original script.

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

test('validateWithGateway and validateOffline register the UDFs and keep the original statement indexes and lines', async () => {
  const script = compile([financeSignals().momentum], { flinkVersion: '2.2' }).text;
  const broken = `${script}\n\nINSERT INTO \`momentum_sink\` SELECT * FROM \`no_such_table\`;\n`;
  const lastLine = broken.trimEnd().split('\n').length;
  const count = script.split(';').length; // statements of the script + the broken one
  for (const verdict of [await validateWithGateway(broken, { sqlGatewayUrl: endpoints.sqlGatewayUrl }), await validateOffline(broken)]) {
    expect(verdict.statements).toHaveLength(count);
    expect(verdict.statements.slice(0, -1).every((s) => s.ok)).toBe(true);
    const last = verdict.statements[count - 1];
    expect(last?.ok).toBe(false);
    expect(last?.index).toBe(count - 1);
    expect(last?.line).toBe(lastLine);
    expect(last?.error?.rootCause).toMatch(/no_such_table/);
  }
});
