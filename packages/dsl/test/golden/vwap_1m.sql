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
