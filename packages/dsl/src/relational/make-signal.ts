import type { Fields } from '../types/data-type';
import { dslError } from '../errors';
import { parseDuration } from '../dialect';
import type { SinkSpec } from './connectors';
import type { Query } from './query';
import type { ResolvedSettings, Signal, SignalSettings } from '../signal';

// `query.to(sink)` makes the signal here, not in signal.ts (which imports the query builders for
// `signal(name).from(...)`), so query.ts and signal.ts do not import each other.

/** A signal name: it names the sink table and the job. */
export const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** @internal Checks and parses `signal(name, settings)`. */
export function resolveSettings(name: string, s: SignalSettings): ResolvedSettings {
  if (s.parallelism !== undefined && (!Number.isInteger(s.parallelism) || s.parallelism < 1)) {
    throw dslError('DSL_INVALID_SETTING', { signal: name, field: 'parallelism' }, `parallelism must be an integer >= 1, got ${String(s.parallelism)}`);
  }
  if (s.tuning !== undefined && s.tuning !== 'throughput' && s.tuning !== 'latency') {
    throw dslError('DSL_INVALID_SETTING', { signal: name, field: 'tuning' }, `tuning must be 'throughput' or 'latency', got ${String(s.tuning)}`);
  }
  const flinkOptions = s.flinkOptions === undefined ? undefined : checkFlinkOptions(name, s.flinkOptions);
  return {
    ...(s.parallelism === undefined ? {} : { parallelism: s.parallelism }),
    ...(s.checkpointInterval === undefined ? {} : { checkpointInterval: parseDuration(s.checkpointInterval, { signal: name, field: 'checkpointInterval' }, { positive: true }) }),
    ...(s.stateTtl === undefined ? {} : { stateTtl: parseDuration(s.stateTtl, { signal: name, field: 'stateTtl' }) }),
    ...(s.tuning === undefined ? {} : { tuning: s.tuning }),
    ...(flinkOptions === undefined ? {} : { flinkOptions }),
  };
}

/** A Flink option key: dotted words (it is written into `SET '<key>'`, so no quotes or spaces). */
const OPTION_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function checkFlinkOptions(name: string, options: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  if (options === null || typeof options !== 'object') {
    throw dslError('DSL_INVALID_SETTING', { signal: name, field: 'flinkOptions' }, 'flinkOptions must be an object of Flink option keys to string values');
  }
  for (const [key, value] of Object.entries(options)) {
    if (!OPTION_KEY.test(key) || typeof value !== 'string') {
      throw dslError('DSL_INVALID_SETTING', { signal: name, field: 'flinkOptions' }, `flinkOptions needs Flink option keys (dotted words) with string values, got '${key}'`);
    }
    if (key === 'pipeline.name') {
      throw dslError('DSL_INVALID_SETTING', { signal: name, field: 'flinkOptions' }, 'pipeline.name is set by Sluice (deploy finds the job by it); name the signal instead');
    }
  }
  return Object.freeze({ ...options });
}

/** @internal Builds a signal from a query and a sink (`query.to(sink)`). */
export function makeSignal<F extends Fields>(query: Query<F>, sink: SinkSpec, settings?: SignalSettings): Signal<F> {
  const name = query.state.ctx.signal;
  if (sink === null || typeof sink !== 'object' || sink.kind !== 'Sink') {
    throw dslError('DSL_INVALID_SINK', { signal: name }, 'to() needs a sink: kafka.sink, upsertKafka.sink, print.sink or blackhole.sink');
  }
  if (!NAME.test(name)) throw dslError('DSL_INVALID_NAME', { signal: name }, "start signals with signal('name').from(...)");
  const base = query.state.settings ?? {};
  const merged = settings === undefined ? base : { ...base, ...resolveSettings(name, settings) };
  return Object.freeze({ kind: 'Signal', name, fields: query.fields, query: query as unknown as Query<Fields>, sink, settings: merged });
}
