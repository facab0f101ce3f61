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
  'properties.group.id' = 'sluice-golden-order_shipments-orders',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'json'
);

CREATE TABLE `shipments` (
  `shipment_id` BIGINT,
  `order_id` BIGINT,
  `carrier` STRING,
  `ts` TIMESTAMP(3),
  WATERMARK FOR `ts` AS `ts` - INTERVAL '5' SECOND
) WITH (
  'connector' = 'kafka',
  'topic' = 'shop.shipments',
  'properties.bootstrap.servers' = 'localhost:9092',
  'properties.group.id' = 'sluice-golden-order_shipments-shipments',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'json'
);

CREATE TABLE `order_shipments_sink` (
  `order_id` BIGINT,
  `carrier` STRING,
  `ordered_at` TIMESTAMP(3),
  `shipped_at` TIMESTAMP(3),
  `hours` INT
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.order_shipments',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.order_shipments';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `order_shipments_sink` (`order_id`, `carrier`, `ordered_at`, `shipped_at`, `hours`)
SELECT
  `l`.`order_id` AS `order_id`,
  `r`.`carrier` AS `carrier`,
  `l`.`ts` AS `ordered_at`,
  CAST(`r`.`ts` AS TIMESTAMP(3)) AS `shipped_at`,
  TIMESTAMPDIFF(HOUR, `l`.`ts`, `r`.`ts`) AS `hours`
FROM `orders` AS `l`
JOIN `shipments` AS `r`
  ON (`l`.`order_id` = `r`.`order_id`) AND (`r`.`ts` BETWEEN (`l`.`ts` + INTERVAL '0' SECOND) AND (`l`.`ts` + INTERVAL '1' HOUR));
