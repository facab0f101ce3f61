CREATE TABLE `trades` (
  `symbol` STRING NOT NULL,
  `price` DOUBLE,
  `qty` BIGINT,
  `ts_ms` BIGINT,
  `ingested_at` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  `part` INT METADATA FROM 'partition' VIRTUAL,
  `off` BIGINT METADATA FROM 'offset' VIRTUAL,
  `ts` AS TO_TIMESTAMP_LTZ(`ts_ms`, 3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'market.trades',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'sluice-trades',
  'scan.startup.mode' = 'earliest-offset',
  'key.format' = 'json',
  'key.fields' = 'symbol',
  'value.format' = 'json',
  'scan.watermark.idle-timeout' = '30 s'
);

CREATE TABLE `first_last_sink` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `symbol` STRING,
  `open` DOUBLE,
  `close` DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.first_last',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.first_last';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `first_last_sink` (`window_start`, `window_end`, `symbol`, `open`, `close`)
SELECT
  `window_start`,
  `window_end`,
  `symbol`,
  FIRST_VALUE(`price`) AS `open`,
  LAST_VALUE(`price`) AS `close`
FROM TABLE(TUMBLE(TABLE `trades`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE))
GROUP BY `window_start`, `window_end`, `symbol`;
