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

CREATE TABLE `filtered_counts_sink` (
  `symbol` STRING NOT NULL,
  `trades` BIGINT,
  `big` BIGINT,
  `big_qty` BIGINT,
  PRIMARY KEY (`symbol`) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'signals.filtered_counts',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'json',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.filtered_counts';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `filtered_counts_sink` (`symbol`, `trades`, `big`, `big_qty`)
SELECT
  `symbol`,
  COUNT(*) AS `trades`,
  COUNT(*) FILTER (WHERE `qty` >= 100) AS `big`,
  SUM(`qty`) FILTER (WHERE (`qty` >= 100) AND (`price` > 10)) AS `big_qty`
FROM `trades`
GROUP BY `symbol`;
