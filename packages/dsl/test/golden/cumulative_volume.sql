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

CREATE TABLE `cumulative_volume_sink` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `volume` BIGINT,
  `symbols` BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.cumulative_volume',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.cumulative_volume';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `cumulative_volume_sink` (`window_start`, `window_end`, `volume`, `symbols`)
SELECT
  `window_start`,
  `window_end`,
  SUM(`qty`) AS `volume`,
  COUNT(DISTINCT `symbol`) AS `symbols`
FROM TABLE(CUMULATE(TABLE `trades`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE, INTERVAL '1' HOUR))
GROUP BY `window_start`, `window_end`;
