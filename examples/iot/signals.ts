import { indicators, kafka, schema, signal, t, toTimestampLtz } from '@sluice/dsl';
import type { RowOf } from '@sluice/dsl';

/** A sensor reading: temperature, pressure and valve state of one sensor at one time. */
export const Reading = schema({ sensor_id: t.string(), temperature: t.double(), pressure: t.double(), valve: t.string(), ts_ms: t.bigint() });

/** One reading as produced to Kafka. */
export interface ReadingEvent {
  sensor_id: string;
  temperature: number;
  pressure: number;
  valve: 'open' | 'closed';
  ts_ms: number;
}

/** A reading as the typed producer takes it: `RowOf<typeof Reading>` (BIGINT columns are `bigint`). */
export type ReadingRow = RowOf<typeof Reading>;

/** The row of a reading event. */
export function readingRow(e: ReadingEvent): ReadingRow {
  return { sensor_id: e.sensor_id, temperature: e.temperature, pressure: e.pressure, valve: e.valve, ts_ms: BigInt(e.ts_ms) };
}

/** Topic names of the IoT example. */
export interface IotTopics {
  readonly readings: string;
  readonly alerts: string;
  readonly silent: string;
}

/** `iot.readings`, `iot.alerts.overheat` and `iot.alerts.silent` (a prefix keeps test runs apart). */
export function iotTopics(prefix = 'iot'): IotTopics {
  return { readings: `${prefix}.readings`, alerts: `${prefix}.alerts.overheat`, silent: `${prefix}.alerts.silent` };
}

/** Where the events are produced: the readings topic with the `Reading` schema, keyed by `sensor_id` (order per key). */
export function readingsTarget(topics: IotTopics = iotTopics()) {
  return { topic: topics.readings, schema: Reading, key: ['sensor_id'] } as const;
}

/**
 * `overheat`: temperature above 100 for 5 minutes while the pressure rises (every reading higher than the
 * one before of the same sensor) and the valve is closed. Pressure change per sensor comes from
 * `indicators.roc` (1 reading back); the "condition held for D while another holds" template
 * (MATCH_RECOGNIZE) then alerts with the start, the alerting reading's time, temperature and pressure.
 *
 * `silent_sensors`: a sensor that sent no reading for 1 minute (`indicators.absent`: a SESSION window per
 * sensor with a 1 min gap); one row per silence with the last reading's time, raised when the watermark
 * passes it by 1 min (readings of other sensors move the watermark).
 * The return type is inferred, so `client.consume(overheat)` yields its real row type.
 */
export function iotSignals(topics: IotTopics = iotTopics()) {
  const readings = kafka.source('readings', Reading, {
    topic: topics.readings,
    computed: (r) => ({ ts: toTimestampLtz(r.ts_ms) }),
    eventTime: { column: 'ts', watermark: '1 s' },
  });
  const withChange = indicators.roc(readings, { value: 'pressure', period: 1, by: 'sensor_id', as: 'pressure_change' });
  const overheat = signal('overheat', { parallelism: 1 })
    .from(
      indicators.heldFor(withChange, {
        condition: (r) => r.temperature.gt(100),
        while: (r) => r.pressure_change.gt(0).and(r.valve.eq('closed')),
        duration: '5 min',
        by: 'sensor_id',
        last: ['temperature', 'pressure'],
      }),
    )
    .to(kafka.sink(topics.alerts));
  const silentSensors = signal('silent_sensors', { parallelism: 1 }).from(indicators.absent(readings, { by: 'sensor_id', for: '1 min' })).to(kafka.sink(topics.silent));
  return { overheat, silentSensors };
}
