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
  'properties.group.id' = 'sluice-golden-window_joined-orders',
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
  'properties.group.id' = 'sluice-golden-window_joined-shipments',
  'scan.startup.mode' = 'earliest-offset',
  'value.format' = 'json'
);

CREATE TABLE `window_joined_sink` (
  `order_id` BIGINT,
  `carrier` STRING,
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3)
) WITH (
  'connector' = 'kafka',
  'topic' = 'signals.window_joined',
  'properties.bootstrap.servers' = 'localhost:9092',
  'value.format' = 'json'
);

SET 'pipeline.name' = 'sluice.golden.window_joined';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `window_joined_sink` (`order_id`, `carrier`, `window_start`, `window_end`)
SELECT
  `l`.`order_id` AS `order_id`,
  `r`.`carrier` AS `carrier`,
  `l`.`window_start` AS `window_start`,
  `l`.`window_end` AS `window_end`
FROM (
  SELECT
    `order_id`,
    `customer_id`,
    `currency`,
    `amount`,
    `ts`,
    `window_start`,
    `window_end`
  FROM TABLE(TUMBLE(TABLE `orders`, DESCRIPTOR(`ts`), INTERVAL '5' MINUTE))
) AS `l`
LEFT JOIN (
  SELECT
    `shipment_id`,
    `order_id`,
    `carrier`,
    `ts`,
    `window_start`,
    `window_end`
  FROM TABLE(TUMBLE(TABLE `shipments`, DESCRIPTOR(`ts`), INTERVAL '5' MINUTE))
) AS `r`
  ON (`l`.`order_id` = `r`.`order_id`) AND ((`l`.`window_start` = `r`.`window_start`) AND (`l`.`window_end` = `r`.`window_end`));
