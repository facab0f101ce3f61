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

CREATE TABLE `moving_avg_sink` (
  `symbol` STRING,
  `ts` TIMESTAMP_LTZ(3),
  `price` DOUBLE,
  `ma5` DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.moving_avg',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.moving_avg';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `moving_avg_sink` (`symbol`, `ts`, `price`, `ma5`)
SELECT
  `symbol`,
  `ts`,
  `price`,
  AVG(`price`) OVER (PARTITION BY `symbol` ORDER BY `ts` ROWS BETWEEN 4 PRECEDING AND CURRENT ROW) AS `ma5`
FROM `trades`;
