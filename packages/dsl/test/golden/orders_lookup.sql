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
  'properties.group.id' = 'sluice-golden-orders_lookup-orders_pt',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'json'
);

CREATE TABLE `orders_lookup_sink` (
  `order_id` BIGINT,
  `name` STRING,
  `tier` VARCHAR(16),
  `amount` DECIMAL(10, 2)
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.orders_lookup',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.orders_lookup';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `orders_lookup_sink` (`order_id`, `name`, `tier`, `amount`)
SELECT
  `l`.`order_id` AS `order_id`,
  `r`.`name` AS `name`,
  `r`.`tier` AS `tier`,
  `l`.`amount` AS `amount`
FROM `orders_pt` AS `l`
JOIN `customers_db` FOR SYSTEM_TIME AS OF `l`.`proc_time` AS `r`
  ON `l`.`customer_id` = `r`.`id`;
