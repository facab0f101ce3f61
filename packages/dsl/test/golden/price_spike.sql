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

CREATE TABLE `price_spike_sink` (
  `symbol` STRING,
  `start_price` DOUBLE,
  `top_price` DOUBLE,
  `drop_price` DOUBLE,
  `avg_up` DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'alerts.price_spike',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.price_spike';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `price_spike_sink` (`symbol`, `start_price`, `top_price`, `drop_price`, `avg_up`)
SELECT
  `symbol`,
  `start_price`,
  `top_price`,
  `drop_price`,
  `avg_up`
FROM `trades`
MATCH_RECOGNIZE (
  PARTITION BY `symbol`
  ORDER BY `ts`
  MEASURES
    FIRST(`UP`.`price`) AS `start_price`,
    LAST(`UP`.`price`) AS `top_price`,
    LAST(`DOWN`.`price`) AS `drop_price`,
    AVG(`UP`.`price`) AS `avg_up`
  ONE ROW PER MATCH
  AFTER MATCH SKIP TO NEXT ROW
  PATTERN (UP{2,} DOWN) WITHIN INTERVAL '10' MINUTE
  DEFINE
    UP AS `price` > PREV(`price`, 1),
    DOWN AS `price` < LAST(`UP`.`price`)
);
