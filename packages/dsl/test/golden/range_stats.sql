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

CREATE TABLE `range_stats_sink` (
  `symbol` STRING,
  `ts` TIMESTAMP_LTZ(3),
  `n` BIGINT,
  `total` BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.range_stats',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.range_stats';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `range_stats_sink` (`symbol`, `ts`, `n`, `total`)
SELECT
  `symbol`,
  `ts`,
  COUNT(`price`) OVER (PARTITION BY `symbol` ORDER BY `ts` RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW) AS `n`,
  SUM(`qty`) OVER (PARTITION BY `symbol` ORDER BY `ts` RANGE BETWEEN INTERVAL '1' MINUTE PRECEDING AND CURRENT ROW) AS `total`
FROM `trades`;
