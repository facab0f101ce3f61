import type { Fields } from './types/data-type';
import { dslError } from './errors';
import type { SinkSpec, Source } from './relational/connectors';
import { Query, scan } from './relational/query';
import { NAME, resolveSettings } from './relational/make-signal';
import type { Duration } from './dialect';

/** Job settings of a signal. */
export interface SignalSettings {
  /** `parallelism.default` of the job. */
  readonly parallelism?: number;
  /**
   * `execution.checkpointing.interval`, e.g. `'10 s'`. A signal with an exactly-once sink checkpoints every
   * `1 s` when it sets none (its rows become visible at each checkpoint); others do not checkpoint without it.
   */
  readonly checkpointInterval?: string;
  /** `table.exec.state.ttl`, e.g. `'1 h'`: idle state of group aggregates and joins expires. */
  readonly stateTtl?: string;
  /**
   * What the job's Flink settings favour where speed and latency pull apart (issue 17): `'throughput'`
   * (the default) lets network buffers between tasks fill for up to Flink's 100 ms; `'latency'` sends
   * them within 5 ms (about 0.1 s less per keyed exchange at low rates, fewer records/s at high ones).
   * Results are the same either way. E.g. `signal('rsi_live', { tuning: 'latency' })`.
   */
  readonly tuning?: Tuning;
  /**
   * Flink options of this job (`SET`), applied after Sluice's own, so they override them,
   * e.g. `{ 'table.exec.mini-batch.size': '10000' }`. `pipeline.name` is Sluice's (it finds the job by it).
   */
  readonly flinkOptions?: Readonly<Record<string, string>>;
}

/** What a job's settings favour: rows per second, or milliseconds per row. */
export type Tuning = 'throughput' | 'latency';

/** @internal Parsed settings. */
export interface ResolvedSettings {
  readonly parallelism?: number;
  readonly checkpointInterval?: Duration;
  readonly stateTtl?: Duration;
  readonly tuning?: Tuning;
  readonly flinkOptions?: Readonly<Record<string, string>>;
}

/**
 * A named unit of sources, a query, a sink and job settings. Its job is named
 * `sluice.<project>.<signal>` (`SET 'pipeline.name'`), so a deploy finds it again.
 */
export interface Signal<F extends Fields = Fields> {
  readonly kind: 'Signal';
  readonly name: string;
  readonly fields: F;
  /** The query (typed loosely here so any signal fits `Signal`; `fields` carries the row type). */
  readonly query: Query<Fields>;
  readonly sink: SinkSpec;
  readonly settings: ResolvedSettings;
}

/** The start of a signal definition: `signal('name').from(source)`. */
export interface SignalStart {
  /** Reads a source (or continues a query) under this signal's name. */
  from<F extends Fields>(source: Source<F> | Query<F>): Query<F>;
}

/**
 * Starts a signal. Names are SQL-friendly (`[A-Za-z_][A-Za-z0-9_]*`): they name the sink table and the job.
 *
 * @example
 * ```ts
 * const big = signal('big_trades', { parallelism: 1 }).from(trades).where(r => r.qty.gt(1000)).to(kafka.sink('signals.big'))
 * // SET 'pipeline.name' = 'sluice.default.big_trades';
 * // INSERT INTO `big_trades_sink` SELECT ... FROM `trades` WHERE `qty` > 1000
 * ```
 */
export function signal(name: string, settings: SignalSettings = {}): SignalStart {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw dslError('DSL_INVALID_NAME', { signal: String(name), field: 'name' }, 'a signal name must match [A-Za-z_][A-Za-z0-9_]* (it names the sink table and the job)');
  }
  const resolved = resolveSettings(name, settings);
  return Object.freeze({
    from<F extends Fields>(source: Source<F> | Query<F>): Query<F> {
      const q = source instanceof Query ? source : (scan(source as Source, name) as Query<F>);
      return new Query<F>({ ...q.state, ctx: { signal: name }, settings: resolved });
    },
  });
}
