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
  'properties.group.id' = 'sluice-golden-orders_in_usd-orders',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'json'
);

CREATE TABLE `rates` (
  `currency` CHAR(3) NOT NULL,
  `rate` DECIMAL(10, 4),
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '0' SECOND,
  PRIMARY KEY (`currency`) NOT ENFORCED
) WITH (
  'connector' = 'upsert-kafka',
  'topic' = 'fx.rates',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'sluice-golden-orders_in_usd-rates',
  'key.format' = 'json',
  'value.format' = 'json'
);

CREATE TABLE `orders_in_usd_sink` (
  `order_id` BIGINT,
  `usd` DECIMAL(20, 6),
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.orders_in_usd',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.orders_in_usd';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `orders_in_usd_sink` (`order_id`, `usd`, `ts`)
SELECT
  `l`.`order_id` AS `order_id`,
  `l`.`amount` * `r`.`rate` AS `usd`,
  `l`.`ts` AS `ts`
FROM `orders` AS `l`
JOIN `rates` FOR SYSTEM_TIME AS OF `l`.`ts` AS `r`
  ON `l`.`currency` = `r`.`currency`;
