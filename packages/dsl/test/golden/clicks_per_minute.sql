CREATE TABLE `clicks_pt` (
  `user_id` STRING,
  `url` STRING,
  `pt` AS PROCTIME()
) WITH (
  'connector' = 'kafka',
  'topic' = 'web.clicks',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'sluice-golden-clicks_per_minute-clicks_pt',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'json'
);

CREATE TABLE `clicks_per_minute_sink` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `user_id` STRING,
  `n` BIGINT
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.clicks_per_minute',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.clicks_per_minute';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `clicks_per_minute_sink` (`window_start`, `window_end`, `user_id`, `n`)
SELECT
  `window_start`,
  `window_end`,
  `user_id`,
  COUNT(*) AS `n`
FROM TABLE(TUMBLE(TABLE `clicks_pt`, DESCRIPTOR(`pt`), INTERVAL '1' MINUTE))
GROUP BY `window_start`, `window_end`, `user_id`;
