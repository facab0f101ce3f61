CREATE TABLE `readings` (
  `sensor` STRING,
  `temp` FLOAT,
  `at` TIMESTAMP_LTZ(3),
  `location` ROW<`lat` DOUBLE, `lon` DOUBLE>,
  `raw` BYTES,
  `day` DATE,
  `tod` TIME(0),
  WATERMARK FOR `at` AS `at` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'rows-per-second' = '10',
  'fields.sensor.length' = '4',
  'fields.temp.min' = '-10',
  'fields.temp.max' = '40'
);

CREATE TABLE `readings_out` (
  `window_start` TIMESTAMP(3),
  `window_end` TIMESTAMP(3),
  `sensor` STRING,
  `avg_temp` FLOAT,
  `n` BIGINT
) WITH (
  'connector' = 'print'
);

SET 'pipeline.name' = 'sluice.golden.readings_demo';

SET 'parallelism.default' = '2';

SET 'pipeline.object-reuse' = 'true';

INSERT INTO `readings_out` (`window_start`, `window_end`, `sensor`, `avg_temp`, `n`)
SELECT
  `window_start`,
  `window_end`,
  `sensor`,
  AVG(`temp`) AS `avg_temp`,
  COUNT(*) AS `n`
FROM TABLE(TUMBLE(TABLE `readings`, DESCRIPTOR(`at`), INTERVAL '10' SECOND))
GROUP BY `window_start`, `window_end`, `sensor`;
