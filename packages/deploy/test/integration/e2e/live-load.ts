import { createKafkaClient } from '@sluice/kafka';
import { Tick, backlogTick, toRow } from './tick';
import type { TickRow } from './tick';

// The live load of the pipeline bench's latency runs: ticks at a fixed rate with the wall clock as event
// time, in small batches every 10 ms (so a tick's produce time is within ~10 ms of its event time), and
// optionally one closing tick far ahead that moves the watermark past every open window. Runs in the
// caller's process (the harness test) or in a process of its own (bench/e2e/live-load-process.js), so the
// producer's event loop does not share the consumer's whose latency is measured.

/** What to produce. */
export interface LiveLoadSpec {
  readonly brokers: readonly string[];
  readonly topic: string;
  /** Ticks per second. */
  readonly rate: number;
  readonly seconds: number;
  readonly symbols: number;
  /** When set, one more tick with event time this far ahead of the last is sent after the live run. */
  readonly closeAheadMs?: number;
}

/** One sent batch: its ticks' event time and the wall time just before its send; `closing` for the closing tick. */
export interface LiveBatch {
  readonly eventTime: number;
  readonly sentAt: number;
  readonly closing?: boolean;
}

/** Produces the live load; calls `onBatch` before each batch is sent, so a row that returns at once finds it. */
export type LiveLoad = (spec: LiveLoadSpec, onBatch: (batch: LiveBatch) => void) => Promise<{ produced: number }>;

const MAX_BATCH = 10_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Tick i of the backlog sequence, with event time `ts`. */
const tickRow = (i: number, symbols: number, ts: number): TickRow => toRow({ ...backlogTick(i, symbols), ts_ms: ts });

/** The live load in this process, with Sluice's typed producer. */
export const produceLive: LiveLoad = async (spec, onBatch) => {
  const client = createKafkaClient({ brokers: [...spec.brokers] });
  const producer = await client.producer({ topic: spec.topic, schema: Tick, key: ['symbol'] });
  let produced = 0;
  let i = 0;
  const started = Date.now();
  try {
    while (Date.now() - started < spec.seconds * 1000) {
      const now = Date.now();
      // At most MAX_BATCH a send: a rate above what the producer reaches sends full batches back to back.
      const due = Math.min(Math.floor(((now - started) / 1000) * spec.rate), produced + MAX_BATCH);
      const rows: TickRow[] = [];
      for (; produced + rows.length < due; i++) rows.push(tickRow(i, spec.symbols, now));
      if (rows.length > 0) {
        onBatch({ eventTime: now, sentAt: now });
        produced += (await producer.send(rows)).count;
      }
      if (rows.length < MAX_BATCH) await sleep(10);
    }
    if (spec.closeAheadMs !== undefined) {
      const now = Date.now();
      onBatch({ eventTime: now + spec.closeAheadMs, sentAt: now, closing: true });
      await producer.send([tickRow(i, spec.symbols, now + spec.closeAheadMs)]);
    }
  } finally {
    await producer.close();
    await client.close();
  }
  return { produced };
};
