CREATE TABLE `customers_db` (
  `id` BIGINT NOT NULL,
  `name` STRING,
  `tier` VARCHAR(16),
  `credit` DECIMAL(12, 2),
  PRIMARY KEY (`id`) NOT ENFORCED
) WITH (
  'connector' = 'jdbc',
  'url' = 'jdbc:postgresql://127.0.0.1:5432/shop',
  'table-name' = 'customers',
  'username' = 'sluice',
  'password' = '${secret:env:SLUICE_FIXTURE_PG_PASSWORD}',
  'lookup.cache' = 'PARTIAL',
  'lookup.partial-cache.max-rows' = '10000',
  'lookup.partial-cache.expire-after-write' = '10 min',
  'lookup.max-retries' = '3'
);

CREATE TABLE `orders_pt` (
  `order_id` BIGINT NOT NULL,
  `customer_id` BIGINT,
  `currency` CHAR(3),
  `amount` DECIMAL(10, 2),
  `ts` TIMESTAMP(3),
  `proc_time` AS PROCTIME()
) WITH (
  'connector' = 'kafka',
  'topic' = 'shop.orders',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'sluice-golden-orders_lookup_left-orders_pt',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'json'
);

CREATE TABLE `orders_lookup_left_sink` (
  `order_id` BIGINT,
  `customer_id` BIGINT,
  `tier` VARCHAR(16),
  `credit` DECIMAL(12, 2),
  `amount` DECIMAL(10, 2)
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.orders_lookup_left',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.orders_lookup_left';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `orders_lookup_left_sink` (`order_id`, `customer_id`, `tier`, `credit`, `amount`)
SELECT
  `l`.`order_id` AS `order_id`,
  `r`.`id` AS `customer_id`,
  COALESCE(`r`.`tier`, 'none') AS `tier`,
  `r`.`credit` AS `credit`,
  `l`.`amount` AS `amount`
FROM (
  SELECT
    `order_id`,
    `customer_id`,
    `currency`,
    `amount`,
    `ts`,
    `proc_time`
  FROM `orders_pt`
  WHERE `amount` > 0
) AS `l`
LEFT JOIN `customers_db` FOR SYSTEM_TIME AS OF `l`.`proc_time` AS `r`
  ON `l`.`customer_id` = `r`.`id`
WHERE (`r`.`tier` IS NULL) OR (`r`.`tier` <> 'blocked');
