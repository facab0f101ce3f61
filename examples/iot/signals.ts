import { indicators, kafka, schema, signal, t, toTimestampLtz } from '@sluice/dsl';
import type { Signal } from '@sluice/dsl';

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

/** Topic names of the IoT example. */
export interface IotTopics {
  readonly readings: string;
  readonly alerts: string;
}

/** `iot.readings` and `iot.alerts.overheat` (a prefix keeps test runs apart). */
export function iotTopics(prefix = 'iot'): IotTopics {
  return { readings: `${prefix}.readings`, alerts: `${prefix}.alerts.overheat` };
}

/**
 * `overheat`: temperature above 100 for 5 minutes while the pressure rises (every reading higher than the
 * one before of the same sensor) and the valve is closed. Pressure change per sensor comes from
 * `indicators.roc` (1 reading back); the "condition held for D while another holds" template
 * (MATCH_RECOGNIZE) then alerts with the start, the alerting reading's time, temperature and pressure.
 */
export function iotSignals(topics: IotTopics = iotTopics()): { overheat: Signal } {
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
  return { overheat };
}
