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

CREATE TABLE `price_buckets_sink` (
  `symbol` STRING NOT NULL,
  `bucket` DOUBLE NOT NULL,
  `n` BIGINT,
  `qty` BIGINT,
  PRIMARY KEY (`symbol`, `bucket`) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'signals.price_buckets',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'json',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.price_buckets';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `price_buckets_sink` (`symbol`, `bucket`, `n`, `qty`)
SELECT
  `symbol`,
  FLOOR(`price`) AS `bucket`,
  COUNT(*) AS `n`,
  SUM(`qty`) AS `qty`
FROM `trades`
GROUP BY `symbol`, FLOOR(`price`);
