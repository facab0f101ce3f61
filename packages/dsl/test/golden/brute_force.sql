CREATE TABLE `logins` (
  `user_id` STRING,
  `ip` STRING,
  `success` BOOLEAN,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'auth.logins',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'sluice-golden-brute_force-logins',
  'scan.startup.mode' = 'latest-offset',
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
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

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
