import { isSluiceError } from '@sluice/errors';
import { compile, kafka, schema, signal, t, type Signal, type SignalSettings } from '@sluice/dsl';

// The SETs a job starts with (issue 17): Sluice's measured defaults, the tuning where throughput and
// latency pull apart, and the user's own Flink options last.

const Tick = schema({ symbol: t.string(), price: t.double() });
const ticks = kafka.source('ticks', Tick, { topic: 'js.ticks' });
const job = (name: string, settings: SignalSettings): Signal => signal(name, settings).from(ticks).where((r) => r.price.gt(1)).to(kafka.sink(`js.${name}`));

/** The SET / RESET statements of a script, in order. */
function sets(signals: Signal[], jobs?: 'statement-set'): string[] {
  return compile(signals, { flinkVersion: '2.2', project: 'js', ...(jobs === undefined ? {} : { jobs }) })
    .statements.filter((s) => s.kind === 'set' || s.kind === 'reset')
    .map((s) => s.sql);
}

describe('job settings', () => {
  test("by default ('throughput'): object reuse, Flink's buffer timeout", () => {
    expect(sets([job('a', { parallelism: 2 })])).toEqual(["SET 'pipeline.name' = 'sluice.js.a'", "SET 'parallelism.default' = '2'", "SET 'pipeline.object-reuse' = 'true'"]);
    expect(sets([job('a', { tuning: 'throughput' })])).toEqual(sets([job('a', {})]));
  });

  test('an exactly-once sink checkpoints every 1 s unless the signal sets an interval; other sinks do not checkpoint by default', () => {
    const exactlyOnce = (name: string, settings: SignalSettings): Signal =>
      signal(name, settings).from(ticks).where((r) => r.price.gt(1)).to(kafka.sink(`js.${name}`, { delivery: 'exactly-once' }));
    const recovery = [
      "SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION'",
      "SET 'restart-strategy.type' = 'exponential-delay'",
      "SET 'restart-strategy.exponential-delay.initial-backoff' = '500 ms'",
      "SET 'restart-strategy.exponential-delay.max-backoff' = '30 s'",
    ];
    expect(sets([exactlyOnce('a', {})])).toEqual(["SET 'pipeline.name' = 'sluice.js.a'", "SET 'execution.checkpointing.interval' = '1 s'", ...recovery, "SET 'pipeline.object-reuse' = 'true'"]);
    expect(sets([exactlyOnce('a', { checkpointInterval: '10 s' })])).toContain("SET 'execution.checkpointing.interval' = '10 s'");
    expect(sets([job('a', {})]).some((s) => s.includes('checkpointing'))).toBe(false);
    // In one statement set, an exactly-once sink of any signal makes the job checkpoint.
    expect(sets([job('a', {}), exactlyOnce('b', {})], 'statement-set')).toContain("SET 'execution.checkpointing.interval' = '1 s'");
  });

  test("'latency' sends network buffers within 5 ms", () => {
    expect(sets([job('a', { tuning: 'latency' })])).toEqual([
      "SET 'pipeline.name' = 'sluice.js.a'",
      "SET 'pipeline.object-reuse' = 'true'",
      "SET 'execution.buffer-timeout.interval' = '5 ms'",
    ]);
  });

  test("the user's Flink options come last: a key Sluice sets is replaced in place, others are added", () => {
    expect(sets([job('a', { tuning: 'latency', flinkOptions: { 'pipeline.object-reuse': 'false', 'table.exec.mini-batch.enabled': 'true' } })])).toEqual([
      "SET 'pipeline.name' = 'sluice.js.a'",
      "SET 'pipeline.object-reuse' = 'false'",
      "SET 'execution.buffer-timeout.interval' = '5 ms'",
      "SET 'table.exec.mini-batch.enabled' = 'true'",
    ]);
  });

  test('a later job does not inherit an earlier job\'s tuning or options (RESET)', () => {
    expect(sets([job('a', { tuning: 'latency', flinkOptions: { 'table.exec.mini-batch.enabled': 'true' } }), job('b', {})])).toEqual([
      "SET 'pipeline.name' = 'sluice.js.a'",
      "SET 'pipeline.object-reuse' = 'true'",
      "SET 'execution.buffer-timeout.interval' = '5 ms'",
      "SET 'table.exec.mini-batch.enabled' = 'true'",
      "RESET 'execution.buffer-timeout.interval'",
      "RESET 'table.exec.mini-batch.enabled'",
      "SET 'pipeline.name' = 'sluice.js.b'",
      "SET 'pipeline.object-reuse' = 'true'",
    ]);
  });

  test('signals of one statement set need the same tuning', () => {
    let error: unknown;
    try {
      sets([job('a', { tuning: 'latency' }), job('b', { tuning: 'throughput' })], 'statement-set');
    } catch (e) {
      error = e;
    }
    expect(isSluiceError(error) && [error.code, error.details]).toEqual(['DSL_SETTINGS_CONFLICT', expect.objectContaining({ signal: 'b', field: 'tuning' })]);
  });
});
