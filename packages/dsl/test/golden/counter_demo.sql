CREATE TABLE `counter` (
  `id` BIGINT,
  `label` STRING
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '100',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '1',
  'fields.id.end' = '100'
);

CREATE TABLE `counter_demo_sink` (
  `id` BIGINT,
  `label` STRING
) WITH (
  'connector' = 'print'
);

SET 'pipeline.name' = 'sluice.golden.counter_demo';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `counter_demo_sink` (`id`, `label`)
SELECT
  `id`,
  COALESCE(`label`, 'it''s even') AS `label`
FROM `counter`
WHERE (`id` % 2) = 0;
