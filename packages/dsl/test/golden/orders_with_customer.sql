CREATE TABLE `customers` (
  `id` BIGINT NOT NULL,
  `name` STRING,
  `tier` STRING,
  `tags` ARRAY<STRING>,
  `attrs` MAP<STRING, STRING>,
  PRIMARY KEY (`id`) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'shop.customers',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'sluice-golden-orders_with_customer-customers',
  'key.format' = 'json',
  'value.format' = 'json'
);

CREATE TABLE `orders` (
  `order_id` BIGINT NOT NULL,
  `customer_id` BIGINT,
  `currency` CHAR(3),
  `amount` DECIMAL(10, 2),
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'shop.orders',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'sluice-golden-orders_with_customer-orders',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'json'
);

CREATE TABLE `orders_with_customer_sink` (
  `order_id` BIGINT NOT NULL,
  `name` STRING,
  `tier` STRING,
  `amount` DECIMAL(10, 2),
  PRIMARY KEY (`order_id`) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'signals.orders_with_customer',
  'properties.bootstrap.servers' = 'localhost:9092',
  'key.format' = 'json',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.orders_with_customer';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `orders_with_customer_sink` (`order_id`, `name`, `tier`, `amount`)
SELECT
  `l`.`order_id` AS `order_id`,
  `r`.`name` AS `name`,
  COALESCE(`r`.`tier`, 'none') AS `tier`,
  `l`.`amount` AS `amount`
FROM `orders` AS `l`
LEFT JOIN `customers` AS `r`
  ON `l`.`customer_id` = `r`.`id`
WHERE `l`.`amount` > 0;
