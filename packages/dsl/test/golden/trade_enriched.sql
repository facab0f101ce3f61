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

CREATE TABLE `trade_enriched_sink` (
  `symbol` STRING,
  `short` STRING,
  `len` INT,
  `notional` DOUBLE,
  `size` STRING,
  `qty_d` DOUBLE,
  `price_txt` STRING,
  `price_or_zero` DOUBLE,
  `half` BIGINT,
  `rem` BIGINT,
  `neg` DOUBLE,
  `is_it` BOOLEAN,
  `mid` BOOLEAN,
  `not_big` BOOLEAN,
  `tag` STRING,
  `late` TIMESTAMP_LTZ(3),
  `part` INT
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.trade_enriched',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json',
  'sink.delivery-guarantee' = 'at-least-once'
);

SET 'pipeline.name' = 'sluice.golden.trade_enriched';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `trade_enriched_sink` (`symbol`, `short`, `len`, `notional`, `size`, `qty_d`, `price_txt`, `price_or_zero`, `half`, `rem`, `neg`, `is_it`, `mid`, `not_big`, `tag`, `late`, `part`)
SELECT
  UPPER(TRIM(`symbol`)) AS `symbol`,
  LOWER(SUBSTRING(`symbol`, 1, 2)) AS `short`,
  CHAR_LENGTH(`symbol`) AS `len`,
  `price` * `qty` AS `notional`,
  CASE WHEN `qty` > 1000 THEN 'big' WHEN `qty` > 100 THEN 'medium' ELSE 'small' END AS `size`,
  CAST(`qty` AS DOUBLE) AS `qty_d`,
  TRY_CAST(`price` AS STRING) AS `price_txt`,
  COALESCE(`price`, 0) AS `price_or_zero`,
  `qty` / 2 AS `half`,
  `qty` % 7 AS `rem`,
  -`price` AS `neg`,
  `symbol` IN ('AAPL', 'AMZN') AS `is_it`,
  `price` BETWEEN 10 AND 20 AS `mid`,
  NOT (`qty` > 1000) AS `not_big`,
  `symbol` || '''s' AS `tag`,
  `ingested_at` - INTERVAL '5' SECOND AS `late`,
  `part`
FROM `trades`
WHERE (`price` IS NOT NULL) AND (`symbol` LIKE 'A%');
