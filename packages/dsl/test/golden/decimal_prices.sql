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

CREATE TABLE `decimal_prices_sink` (
  `symbol` STRING,
  `factor` DECIMAL(4, 3),
  `adjusted` DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.decimal_prices',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.decimal_prices';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `decimal_prices_sink` (`symbol`, `factor`, `adjusted`)
SELECT
  `symbol`,
  CAST(0.908 AS DECIMAL(4, 3)) AS `factor`,
  `price` * CAST(-12.50 AS DECIMAL(4, 2)) AS `adjusted`
FROM `trades`;
