CREATE TABLE `clicks` (
  `user_id` STRING,
  `url` VARCHAR(200),
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '2' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'web.clicks',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'sluice-golden-click_sessions-clicks',
  'scan.startup.mode' = 'timestamp',
  'scan.startup.timestamp-millis' = '1700000000000',
  'value.format' = 'json'
);

CREATE TABLE `click_sessions_sink` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `user_id` STRING,
  `clicks` BIGINT,
  `first_url` VARCHAR(200),
  `last_url` VARCHAR(200)
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.click_sessions',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.click_sessions';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `click_sessions_sink` (`window_start`, `window_end`, `user_id`, `clicks`, `first_url`, `last_url`)
SELECT
  `window_start`,
  `window_end`,
  `user_id`,
  COUNT(*) AS `clicks`,
  MIN(`url`) AS `first_url`,
  MAX(`url`) AS `last_url`
FROM TABLE(SESSION(TABLE `clicks` PARTITION BY `user_id`, DESCRIPTOR(`ts`), INTERVAL '5' MINUTE))
GROUP BY `window_start`, `window_end`, `user_id`;
