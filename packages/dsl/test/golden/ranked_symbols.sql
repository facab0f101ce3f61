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

CREATE TABLE `ranked_symbols_sink` (
  `symbol` STRING,
  `volume` BIGINT,
  `rank` BIGINT NOT NULL,
  PRIMARY KEY (`rank`) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'signals.ranked_symbols',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'json',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.ranked_symbols';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `ranked_symbols_sink` (`symbol`, `volume`, `rank`)
SELECT
  `symbol`,
  `volume`,
  `rank`
FROM (
  SELECT
    `symbol`,
    `volume`,
    ROW_NUMBER() OVER (ORDER BY `volume` DESC) AS `rank`
  FROM (
    SELECT
      `symbol`,
      SUM(`qty`) AS `volume`
    FROM `trades`
    GROUP BY `symbol`
  )
)
WHERE `rank` <= 3;
