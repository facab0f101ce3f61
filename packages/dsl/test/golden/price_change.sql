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

CREATE TABLE `price_change_sink` (
  `symbol` STRING,
  `ts` TIMESTAMP_LTZ(3),
  `prev_price` DOUBLE,
  `n` BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.price_change',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.price_change';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `price_change_sink` (`symbol`, `ts`, `prev_price`, `n`)
SELECT
  `symbol`,
  `ts`,
  LAG(`price`, 1) OVER (PARTITION BY `symbol` ORDER BY `ts`) AS `prev_price`,
  COUNT(*) OVER (PARTITION BY `symbol` ORDER BY `ts` RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS `n`
FROM `trades`;
