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

CREATE TABLE `volume_by_symbol_sink` (
  `symbol` STRING NOT NULL,
  `volume` BIGINT,
  `avg_price` DOUBLE,
  `sd_pop` DOUBLE,
  `sd_samp` DOUBLE,
  `v_pop` DOUBLE,
  `v_samp` DOUBLE,
  PRIMARY KEY (`symbol`) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'signals.volume_by_symbol',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'json',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.volume_by_symbol';

SET 'table.exec.state.ttl' = '1 h';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `volume_by_symbol_sink` (`symbol`, `volume`, `avg_price`, `sd_pop`, `sd_samp`, `v_pop`, `v_samp`)
SELECT
  `symbol`,
  SUM(`qty`) AS `volume`,
  AVG(`price`) AS `avg_price`,
  STDDEV_POP(`price`) AS `sd_pop`,
  STDDEV_SAMP(`price`) AS `sd_samp`,
  VAR_POP(`price`) AS `v_pop`,
  VAR_SAMP(`price`) AS `v_samp`
FROM `trades`
GROUP BY `symbol`;
