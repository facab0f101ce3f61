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

CREATE TABLE `busy_symbols_sink` (
  `symbol` STRING NOT NULL,
  `volume` BIGINT,
  `n` BIGINT,
  PRIMARY KEY (`symbol`) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'signals.busy_symbols',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'json',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.busy_symbols';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `busy_symbols_sink` (`symbol`, `volume`, `n`)
SELECT
  `symbol`,
  `volume`,
  `n`
FROM (
  SELECT
    `symbol`,
    SUM(`qty`) AS `volume`,
    COUNT(*) AS `n`
  FROM `trades`
  GROUP BY `symbol`
)
WHERE `n` > 10;
