import { randomBytes } from 'node:crypto';
import { compile, type Fields, type FlinkVersion, type RowOfFields, type Signal, type Source } from '@sluice/dsl';
import { submitThroughGateway } from '@sluice/deploy';
import { SluiceError } from '@sluice/errors';
import { FlinkRestClient, SqlGatewayClient } from '@sluice/flink-client';
import { createKafkaClient, type SluiceKafka } from '@sluice/kafka';
import { boundedCopy } from './bounded-copy';
import { testEndpoints, type TestEndpoints } from './test-endpoints';
import { waitForFinished } from './wait-finished';
import { testingError } from './error-codes';

/**
 * The events of one source: `[trades, [{ symbol: 'ACME', price: 10, ... }]]`. Rows are typed as the
 * source's rows; values of computed and metadata columns in them are ignored (Flink computes those).
 */
export type SourceEvents<F extends Fields = Fields> = readonly [source: Source<F>, rows: readonly RowOfFields<F>[]];

/** Options of {@link runSignal}. */
export interface RunSignalOptions<E extends readonly Fields[] = readonly Fields[]> {
  /** The input of each Kafka source the signal reads, in the order sent (one partition per topic). */
  readonly events: { readonly [K in keyof E]: SourceEvents<E[K]> };
  /** Overrides of {@link testEndpoints} (the `SLUICE_*` variables or the local stack's defaults). */
  readonly endpoints?: Partial<TestEndpoints>;
  /** The Flink version the SQL is compiled for (default `2.2`). */
  readonly flinkVersion?: FlinkVersion;
  /** The longest the whole run may take (default 120 000 ms). */
  readonly timeoutMs?: number;
}

/**
 * Runs a signal on real Flink (the local stack by default) over the given events in a bounded run and
 * resolves to its output rows, typed as `RowOf<typeof signal>`: the events go to fresh unique topics,
 * the signal is compiled with its sources bounded at the offsets they have when the job starts
 * (`scan.bounded.mode = latest-offset`), so the job finishes by itself and its final watermark closes
 * every event-time window; then every row of its (unique) sink topic is read back in order. Upsert
 * sinks resolve to the final table (one row per key). The job and the topics are removed afterwards,
 * also when the run fails. A job that fails gives `TEST_JOB_FAILED` with Flink's root cause.
 *
 * @throws SluiceError `TEST_UNSUPPORTED_SIGNAL`, `TEST_UNKNOWN_SOURCE`, `TEST_JOB_FAILED`, `TEST_TIMEOUT`, and the
 * `DEPLOY_`/`KAFKA_`/`FLINK_` errors of submitting and reading
 * @example
 * ```ts
 * const rows = await runSignal(vwap1m, {
 *   events: [[trades, [
 *     { symbol: 'ACME', price: 10, qty: 2n, ts: new Date('2026-01-01T00:00:01Z') },
 *     { symbol: 'ACME', price: 20, qty: 2n, ts: new Date('2026-01-01T00:00:02Z') },
 *   ]]],
 * })
 * rows[0]?.vwap // 15 (rows: RowOf<typeof vwap1m>[])
 * ```
 */
export async function runSignal<F extends Fields, const E extends readonly Fields[]>(signal: Signal<F>, options: RunSignalOptions<E>): Promise<RowOfFields<F>[]> {
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 120_000;
  const endpoints: TestEndpoints = { ...testEndpoints(), ...options.endpoints };
  const id = randomBytes(4).toString('hex');
  const copy = boundedCopy(signal, (topic) => `sluice-test.${id}.${topic}`);
  const script = compile([copy.signal], {
    flinkVersion: options.flinkVersion ?? '2.2',
    project: `test_${id}`,
    bootstrapServers: (endpoints.flinkKafkaBrokers ?? endpoints.kafkaBrokers).join(','),
  });
  const events = options.events as readonly SourceEvents[];
  for (const [source] of events) {
    if (!copy.sourceTopics.has(source.topic ?? source.name)) {
      throw testingError('TEST_UNKNOWN_SOURCE', `signal '${signal.name}' does not read source '${source.name}' (topic ${source.topic ?? '-'})`, {
        details: { signal: signal.name, source: source.name, reads: [...copy.sourceTopics.keys()] },
        suggestion: 'pass events only for the Kafka sources the signal reads',
      });
    }
  }

  const kafka = createKafkaClient({ brokers: [...endpoints.kafkaBrokers], clientId: `sluice-test-${id}` });
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  const gateway = new SqlGatewayClient({ baseUrl: endpoints.sqlGatewayUrl });
  const topics = script.topics.map((t) => t.name);
  let jobId: string | undefined;
  let finished = false;
  try {
    await kafka.topics.apply(script.topics.map((t) => ({ name: t.name, partitions: 1, ...(t.compacted ? { configs: { 'cleanup.policy': 'compact' } } : {}) })));
    for (const [source, rows] of events) await produce(kafka, script.schemas, copy.sourceTopics.get(source.topic ?? source.name) as string, rows);
    jobId = await submitThroughGateway(gateway, script.statements);
    await waitForFinished(flink, jobId, { signal: signal.name, deadline: started + timeoutMs });
    finished = true;
    const sink = script.schemas.find((s) => s.topic === copy.sinkTopic);
    if (sink === undefined) throw new Error(`no schema for the sink topic ${copy.sinkTopic}`);
    const upsert = script.topics.some((t) => t.name === copy.sinkTopic && t.compacted);
    return (await readAll(kafka, { topic: copy.sinkTopic, fields: sink.fields, keyFields: sink.keyFields, upsert }, id, started + timeoutMs)) as RowOfFields<F>[];
  } finally {
    if (jobId !== undefined && !finished) await flink.cancelJob(jobId).catch(() => undefined);
    await kafka.topics.delete(topics).catch(() => undefined);
    await kafka.close();
  }
}

async function produce(kafka: SluiceKafka, schemas: ReturnType<typeof compile>['schemas'], topic: string, rows: readonly Record<string, unknown>[]): Promise<void> {
  const schema = schemas.find((s) => s.topic === topic);
  if (schema === undefined) throw new Error(`no schema for the source topic ${topic}`);
  // Only the physical columns are written; computed and metadata columns come from Flink.
  const names = Object.keys(schema.fields);
  const producer = await kafka.producer({ topic, schema: { fields: schema.fields }, key: [...schema.keyFields] });
  try {
    if (rows.length > 0) await producer.send(rows.map((row) => Object.fromEntries(names.map((n) => [n, row[n] ?? null]))) as never);
  } finally {
    await producer.close();
  }
}

interface SinkTopic {
  readonly topic: string;
  readonly fields: Fields;
  readonly keyFields: readonly string[];
  readonly upsert: boolean;
}

/** Every record of the finished job's sink topic: as many as its end offset says were written. */
async function readAll(kafka: SluiceKafka, sink: SinkTopic, id: string, deadline: number): Promise<Record<string, unknown>[]> {
  const lag = await kafka.lag(`sluice-test-${id}-reader`, { topics: [sink.topic] });
  const total = lag.partitions.reduce((n, p) => n + Number(p.lag), 0);
  const timedOut = (seen: number): SluiceError =>
    testingError('TEST_TIMEOUT', `read ${seen} of the ${total} records of ${sink.topic} before the run's deadline`, {
      retriable: true,
      details: { topic: sink.topic, seen, total },
      suggestion: 'raise timeoutMs of runSignal, or check the broker (`npx sluice stack status`)',
    });
  if (sink.upsert) {
    const table = kafka.table({ topic: sink.topic, schema: { fields: sink.fields }, key: [...sink.keyFields], changelog: 'upsert' });
    try {
      const seen = (): number => table.metrics.rows + table.metrics.tombstones + table.metrics.badRecords;
      let delay = 20;
      while (seen() < total) {
        if (Date.now() > deadline) throw timedOut(seen());
        await new Promise((r) => setTimeout(r, delay));
        delay = Math.min(delay * 2, 200);
      }
      return [...table.snapshot().values()];
    } finally {
      await table.close();
    }
  }
  const rows: Record<string, unknown>[] = [];
  if (total === 0) return rows;
  const stream = kafka.consume({ topic: sink.topic, schema: { fields: sink.fields } }, { from: 'earliest', onBadRecord: 'throw' });
  const guard = setTimeout(() => void stream.close(), Math.max(0, deadline - Date.now()));
  try {
    for await (const row of stream) {
      rows.push(row);
      if (rows.length + stream.metrics.tombstones >= total) break;
    }
  } finally {
    clearTimeout(guard);
    await stream.close();
  }
  if (rows.length + stream.metrics.tombstones < total) throw timedOut(rows.length);
  return rows;
}
