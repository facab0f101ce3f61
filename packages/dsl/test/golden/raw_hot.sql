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

CREATE TABLE `raw_hot_sink` (
  `symbol` STRING,
  `price` DOUBLE,
  `bucket` BIGINT
) WITH (
  'connector' = 'blackhole'
);

SET 'pipeline.name' = 'sluice.golden.raw_hot';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `raw_hot_sink` (`symbol`, `price`, `bucket`)
SELECT
  `symbol`,
  `price`,
  CAST(FLOOR(`price` / 10) AS BIGINT) AS `bucket`
FROM (
  SELECT `symbol`, `price` FROM `trades` WHERE `price` > 100
);
