import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSluiceError } from '@sluice/errors';
import { kafka, schema, signal, t, toTimestampLtz, tumble, count, type Signal } from '@sluice/dsl';
import type { FlinkRestClient } from '@sluice/flink-client';
import type { SluiceKafka, TopicPlan } from '@sluice/kafka';
import { plan, resolveConfig, StateStore, type DeployContext } from '@sluice/deploy';

// Parallelism above a watermarked source's partitions: a source subtask without a partition never
// advances its watermark, so no window closes (issue 16's fault suite). plan() refuses it before any
// topic or job is touched; an idle timeout on the source or the job lets it through.

const Tick = schema({ symbol: t.string(), ts_ms: t.bigint() });
const sourceOf = (idleTimeout?: string) =>
  kafka.source('ticks', Tick, {
    topic: 'pp.ticks',
    computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }),
    eventTime: { column: 'ts', watermark: '1 s', ...(idleTimeout === undefined ? {} : { idleTimeout }) },
  });
const perMinute = (settings: Parameters<typeof signal>[1], idleTimeout?: string): Signal =>
  signal('per_minute', settings).from(sourceOf(idleTimeout)).window(tumble('ts', '1 min')).groupBy('symbol').select(() => ({ n: count() })).to(kafka.sink('pp.out'));

/** A context whose topic plan is `topicPlan` and whose cluster runs no job; topics default to `partitions`. */
function context(signals: Signal[], topicPlan: TopicPlan, partitions = 1): DeployContext {
  const config = resolveConfig({ project: 'pp', signals: 'signals', kafka: { brokers: '127.0.0.1:9', topicDefaults: { partitions } } }, { configFile: join(mkdtempSync(join(tmpdir(), 'sluice-pp-')), 'sluice.yaml'), env: {} });
  const flink = { getJobsOverview: async () => ({ jobs: [] }) } as unknown as FlinkRestClient;
  const kafkaClient = { topics: { plan: async () => topicPlan } } as unknown as SluiceKafka;
  return { project: { config, signals, modules: {} }, flink, gateway: undefined as never, store: new StateStore(config.stateDir), kafka: () => kafkaClient, close: async () => undefined };
}

const nothing: TopicPlan = { changes: [], empty: true, refused: [] };

async function refusal(ctx: DeployContext): Promise<unknown> {
  try {
    await plan(ctx);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parallelism above a source topic\'s partitions', () => {
  it('is refused with DEPLOY_PARALLELISM_ABOVE_PARTITIONS naming the signal, topic and counts', async () => {
    const error = await refusal(context([perMinute({ parallelism: 2 })], nothing));
    expect(isSluiceError(error)).toBe(true);
    if (!isSluiceError(error)) return;
    expect(error.code).toBe('DEPLOY_PARALLELISM_ABOVE_PARTITIONS');
    expect(error.retriable).toBe(false);
    expect(error.details).toEqual({ signal: 'per_minute', source: 'ticks', topic: 'pp.ticks', parallelism: 2, partitions: 1 });
    expect(error.message).toContain("parallelism 2 is above the 1 partition(s) of topic 'pp.ticks'");
    expect(error.suggestion).toBe("set parallelism to at most 1, give 'pp.ticks' at least 2 partitions, or set eventTime.idleTimeout on source ticks");
  });

  it('counts the partitions a topic has: an existing topic with more than the default lets it through', async () => {
    const existing: TopicPlan = {
      changes: [{ action: 'refused', topic: 'pp.ticks', drift: [{ property: 'partitions', desired: 1, actual: 4 }], reasons: ['fewer'] }],
      empty: false,
      refused: [],
    };
    const p = await plan(context([perMinute({ parallelism: 4 })], existing));
    expect(p.jobs.map((j) => [j.action, j.signal])).toEqual([['create', 'per_minute']]);
    const error = await refusal(context([perMinute({ parallelism: 5 })], existing));
    expect(isSluiceError(error) && error.details).toEqual(expect.objectContaining({ parallelism: 5, partitions: 4 }));
  });

  it('a topic to be created gets the default partitions; parallelism up to them passes', async () => {
    const created: TopicPlan = { changes: [{ action: 'create', topic: 'pp.ticks', spec: { name: 'pp.ticks', partitions: 3, replicationFactor: 1, configs: {} } }], empty: false, refused: [] };
    expect((await plan(context([perMinute({ parallelism: 3 })], created, 3))).jobs).toHaveLength(1);
  });

  it('an idle timeout on the source or the job, or no parallelism set, lets it through', async () => {
    expect((await plan(context([perMinute({ parallelism: 2 }, '5 s')], nothing))).jobs).toHaveLength(1);
    expect((await plan(context([perMinute({ parallelism: 2, flinkOptions: { 'table.exec.source.idle-timeout': '5 s' } })], nothing))).jobs).toHaveLength(1);
    expect((await plan(context([perMinute({})], nothing))).jobs).toHaveLength(1);
  });
});
