import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testStackEndpoints } from '@sluice/stack';
import { count, kafka, schema, signal, t, toTimestampLtz, tumble, type SignalSettings } from '@sluice/dsl';
import { isSluiceError } from '@sluice/errors';
import { createContext, plan, resolveConfig, type DeployContext } from '@sluice/deploy';

// On the real stack: a topic of 2 partitions that exists, a windowed signal over it. plan() counts the
// partitions Kafka reports: parallelism 2 passes, 3 is refused before any topic or job is touched.

const endpoints = testStackEndpoints();
const id = randomBytes(4).toString('hex');
const topic = `pp-${id}.ticks`;
const Tick = schema({ symbol: t.string(), ts_ms: t.bigint() });
const ticks = kafka.source(`pp_ticks_${id}`, Tick, { topic, computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }), eventTime: { column: 'ts', watermark: '1 s' } });
const perMinute = (settings: SignalSettings) => signal(`pp_${id}`, settings).from(ticks).window(tumble('ts', '1 min')).groupBy('symbol').select(() => ({ n: count() })).to(kafka.sink(`pp-${id}.out`));

const contexts: DeployContext[] = [];
afterAll(async () => {
  for (const ctx of contexts) await ctx.close();
});

function context(settings: SignalSettings): DeployContext {
  const stateDir = mkdtempSync(join(tmpdir(), 'sluice-pp-'));
  const config = resolveConfig(
    { project: `pp_${id}`, signals: '.', flink: { restUrl: endpoints.flinkRestUrl, sqlGatewayUrl: endpoints.sqlGatewayUrl, version: '2.2' }, kafka: { brokers: [...endpoints.kafkaBrokers] }, stateDir },
    { configFile: join(stateDir, 'sluice.yaml'), env: {} },
  );
  const ctx = createContext({ config, signals: [perMinute(settings)], modules: {} });
  contexts.push(ctx);
  return ctx;
}

test("plan() refuses parallelism above the partitions Kafka reports for a watermarked source, and allows up to them", async () => {
  const first = context({ parallelism: 2 });
  await first.kafka().topics.apply([{ name: topic, partitions: 2 }]);
  const ok = await plan(first);
  expect(ok.jobs.map((j) => [j.action, j.signal])).toEqual([['create', `pp_${id}`]]);

  let error: unknown;
  try {
    await plan(context({ parallelism: 3 }));
  } catch (e) {
    error = e;
  }
  expect(isSluiceError(error) && [error.code, error.details]).toEqual([
    'DEPLOY_PARALLELISM_ABOVE_PARTITIONS',
    { signal: `pp_${id}`, source: `pp_ticks_${id}`, topic, parallelism: 3, partitions: 2 },
  ]);
  // Refused in plan: no output topic was created.
  const described = await first.kafka().topics.plan([{ name: `pp-${id}.out`, partitions: 1 }]);
  expect(described.changes.map((c) => c.action)).toEqual(['create']);
});
