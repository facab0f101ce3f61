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

CREATE TABLE `vwap_1m_sink` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `symbol` STRING,
  `vwap` DOUBLE,
  `volume` BIGINT,
  `trades` BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.vwap_1m',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json',
  'sink.delivery-guarantee' = 'exactly-once',
  'sink.transactional-id-prefix' = 'sluice.golden.vwap_1m'
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

CREATE TABLE `hop_volume_sink` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `symbol` STRING,
  `volume` BIGINT,
  `high` DOUBLE,
  `low` DOUBLE
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.hop_volume',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.vwap_1m';

SET 'parallelism.default' = '1';

SET 'execution.checkpointing.interval' = '10 s';

SET 'execution.checkpointing.externalized-checkpoint-retention' = 'RETAIN_ON_CANCELLATION';

SET 'restart-strategy.type' = 'exponential-delay';

SET 'restart-strategy.exponential-delay.initial-backoff' = '500 ms';

SET 'restart-strategy.exponential-delay.max-backoff' = '30 s';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `vwap_1m_sink` (`window_start`, `window_end`, `symbol`, `vwap`, `volume`, `trades`)
SELECT
  `window_start`,
  `window_end`,
  `symbol`,
  SUM(`price` * `qty`) / SUM(`qty`) AS `vwap`,
  SUM(`qty`) AS `volume`,
  COUNT(*) AS `trades`
FROM TABLE(TUMBLE(TABLE `trades`, DESCRIPTOR(`ts`), INTERVAL '1' MINUTE))
GROUP BY `window_start`, `window_end`, `symbol`;

RESET 'parallelism.default';

RESET 'execution.checkpointing.interval';

RESET 'execution.checkpointing.externalized-checkpoint-retention';

RESET 'restart-strategy.type';

RESET 'restart-strategy.exponential-delay.initial-backoff';

RESET 'restart-strategy.exponential-delay.max-backoff';

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

RESET 'table.exec.state.ttl';

SET 'pipeline.name' = 'sluice.golden.hop_volume';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `hop_volume_sink` (`window_start`, `window_end`, `symbol`, `volume`, `high`, `low`)
SELECT
  `window_start`,
  `window_end`,
  `symbol`,
  SUM(`qty`) AS `volume`,
  MAX(`price`) AS `high`,
  MIN(`price`) AS `low`
FROM TABLE(HOP(TABLE `trades`, DESCRIPTOR(`ts`), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
WHERE `qty` > 0
GROUP BY `window_start`, `window_end`, `symbol`;
