CREATE TABLE `logins` (
  `user_id` STRING,
  `ip` STRING,
  `success` BOOLEAN,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'auth.logins',
  'properties.bootstrap.servers' = 'kafka-1:9092,kafka-2:9092',
  'properties.group.id' = 'sluice-golden-brute_force-logins',
  'scan.startup.mode' = 'latest-offset',
  'value.format' = 'json'
);

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
  'properties.bootstrap.servers' = 'kafka-1:9092,kafka-2:9092',
  'properties.group.id' = 'sluice-trades',
  'scan.startup.mode' = 'earliest-offset',
  'key.format' = 'json',
  'key.fields' = 'symbol',
  'value.format' = 'json',
  'scan.watermark.idle-timeout' = '30 s'
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
  'properties.bootstrap.servers' = 'kafka-1:9092,kafka-2:9092',
  'value.format' = 'json'
);

CREATE TABLE `brute_force_sink` (
  `user_id` STRING,
  `first_at` TIMESTAMP(3),
  `last_at` TIMESTAMP(3),
  `ip` STRING,
  `attempts` BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'alerts.brute_force',
  'properties.bootstrap.servers' = 'kafka-1:9092,kafka-2:9092',
  'value.format' = 'json'
);

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

SET 'pipeline.name' = 'sluice.golden.brute_force';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `brute_force_sink` (`user_id`, `first_at`, `last_at`, `ip`, `attempts`)
SELECT
  `user_id`,
  `first_at`,
  `last_at`,
  `ip`,
  `attempts`
FROM `logins`
MATCH_RECOGNIZE (
  PARTITION BY `user_id`
  ORDER BY `ts`
  MEASURES
    FIRST(`F`.`ts`) AS `first_at`,
    LAST(`F`.`ts`) AS `last_at`,
    LAST(`F`.`ip`) AS `ip`,
    COUNT(`F`.`ts`) AS `attempts`
  ONE ROW PER MATCH
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (F{3}) WITHIN INTERVAL '5' MINUTE
  DEFINE
    F AS `success` = FALSE
);
