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
  'properties.group.id' = 'sluice-golden-first_order-orders',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'json'
);

CREATE TABLE `first_order_sink` (
  `order_id` BIGINT,
  `customer_id` BIGINT,
  `currency` CHAR(3),
  `amount` DECIMAL(10, 2),
  `ts` TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.first_order',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.first_order';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `first_order_sink` (`order_id`, `customer_id`, `currency`, `amount`, `ts`)
SELECT
  `order_id`,
  `customer_id`,
  `currency`,
  `amount`,
  `ts`
FROM (
  SELECT
    `order_id`,
    `customer_id`,
    `currency`,
    `amount`,
    `ts`,
    ROW_NUMBER() OVER (PARTITION BY `customer_id` ORDER BY `ts` ASC) AS `sluice_rownum`
  FROM `orders`
)
WHERE `sluice_rownum` = 1;
