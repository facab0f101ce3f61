CREATE TABLE `clicks` (
  `user_id` STRING,
  `url` VARCHAR(200),
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'web.clicks',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'sluice-golden-all_activity-clicks',
  'scan.startup.mode' = 'timestamp',
  'scan.startup.timestamp-millis' = '1700000000000',
  'value.format' = 'json'
);

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
  'properties.group.id' = 'sluice-golden-all_activity-logins',
  'scan.startup.mode' = 'latest-offset',
  'value.format' = 'json'
);

CREATE TABLE `all_activity_sink` (
  `user_id` STRING,
  `kind` STRING,
  `at` TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.all_activity',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.all_activity';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `all_activity_sink` (`user_id`, `kind`, `at`)
SELECT
  `user_id`,
  'login' AS `kind`,
  `ts` AS `at`
FROM `logins`
UNION ALL
SELECT
  `user_id`,
  'click' AS `kind`,
  `ts` AS `at`
FROM `clicks`;
