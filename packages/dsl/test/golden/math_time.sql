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

CREATE TABLE `math_time_sink` (
  `a` DOUBLE,
  `s` DOUBLE,
  `p` DOUBLE,
  `l` DOUBLE,
  `rd` DOUBLE,
  `f` DOUBLE,
  `c` DOUBLE,
  `hour` BIGINT,
  `day` STRING,
  `lag_s` INT,
  `next_min` TIMESTAMP_LTZ(3)
) WITH (
  'connector' = 'print'
);

SET 'pipeline.name' = 'sluice.golden.math_time';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `math_time_sink` (`a`, `s`, `p`, `l`, `rd`, `f`, `c`, `hour`, `day`, `lag_s`, `next_min`)
SELECT
  ABS(`price`) AS `a`,
  SQRT(`price`) AS `s`,
  POWER(`price`, 2) AS `p`,
  LN(`price`) AS `l`,
  ROUND(`price`, 2) AS `rd`,
  FLOOR(`price`) AS `f`,
  CEIL(`price`) AS `c`,
  EXTRACT(HOUR FROM `ts`) AS `hour`,
  DATE_FORMAT(`ts`, 'yyyy-MM-dd') AS `day`,
  TIMESTAMPDIFF(SECOND, `ts`, `ingested_at`) AS `lag_s`,
  `ts` + INTERVAL '1' MINUTE AS `next_min`
FROM `trades`;
