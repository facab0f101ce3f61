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

CREATE TABLE `hop_volume_sink` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `symbol` STRING,
  `volume` BIGINT,
  `high` DOUBLE,
  `low` DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.hop_volume',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.hop_volume';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `hop_volume_sink` (`window_start`, `window_end`, `symbol`, `volume`, `high`, `low`)
SELECT
  `window_start`,
  `window_end`,
  `symbol`,
  SUM(`qty`) AS `volume`,
  MAX(`price`) AS `high`,
  MIN(`price`) AS `low`
FROM TABLE(HOP(TABLE `trades`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
WHERE `qty` > 0
GROUP BY `window_start`, `window_end`, `symbol`;
