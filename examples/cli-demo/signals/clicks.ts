import { kafka, schema, t } from '@sluice/dsl';

/** A click on a page: who, where, when. */
export const Click = schema({ user_id: t.string(), page: t.string(), ts: t.timestampLtz(3) });

// The group id makes Flink commit its offsets on checkpoints, so `sluice status` can show the source's lag.
export const clicks = kafka.source('clicks', Click, {
  topic: 'cli-demo.clicks',
  key: ['user_id'],
  properties: { 'group.id': 'sluice.cli_demo.clicks' },
  eventTime: { column: 'ts', watermark: '2 s', idleTimeout: '5 s' },
});
