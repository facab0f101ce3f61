import { join } from 'node:path';
import { defaultCacheDir, flinkHomeFor, flinkHomePrefix } from '@sluice/stack';

describe('the cache layout the stack exports', () => {
  it('names a Flink home by its version and connectors, under the cache directory', () => {
    expect(flinkHomeFor('2.2.1', { cacheDir: '/c' })).toBe(join('/c', 'flink-2.2.1-kafka-5.0.0-2.2-jdbc-4.0.0-2.0-avro-2.2.0'));
    expect(flinkHomeFor('1.20.3', { cacheDir: '/c' })).toBe(join('/c', 'flink-1.20.3-kafka-3.4.0-1.20-jdbc-3.3.0-1.20-avro-1.20.0'));
    expect(flinkHomeFor('2.2.1', { cacheDir: '/c', avroFormatVersion: 'none' })).toBe(join('/c', 'flink-2.2.1-kafka-5.0.0-2.2-jdbc-4.0.0-2.0'));
    expect(flinkHomeFor('2.2.1', { cacheDir: '/c', kafkaConnectorVersion: '4.0.1-2.0', jdbcConnectorVersion: 'none', avroFormatVersion: 'none' })).toBe(join('/c', 'flink-2.2.1-kafka-4.0.1-2.0'));
    expect(flinkHomeFor('2.2.1', { kafkaConnectorVersion: 'k', jdbcConnectorVersion: 'none', avroFormatVersion: 'none' })).toBe(join(defaultCacheDir(), 'flink-2.2.1-kafka-k'));
  });

  it('gives the prefix other packages look a cached home up by', () => {
    expect(flinkHomePrefix('2.2.1')).toBe('flink-2.2.1-kafka-');
    expect(flinkHomePrefix('2.2.1', '5.0.0-2.2')).toBe('flink-2.2.1-kafka-5.0.0-2.2');
    const home = flinkHomeFor('2.2.1', { cacheDir: '/c' });
    expect(home.startsWith(join('/c', flinkHomePrefix('2.2.1', '5.0.0-2.2')))).toBe(true);
  });
});
