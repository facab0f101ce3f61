import { defineConfig } from '@sluice/cli';

// Run from this directory: `npx sluice plan`, `npx sluice deploy`, `npx sluice status`.
export default defineConfig({
  project: 'cli_demo',
  signals: ['signals'],
  flink: { restUrl: 'http://127.0.0.1:8081', sqlGatewayUrl: 'http://127.0.0.1:8083', version: '2.2' },
  kafka: { brokers: ['127.0.0.1:9092'] },
  environments: {
    // A production cluster: the Kafka password is a reference, never written here or printed.
    prod: {
      flink: { restUrl: 'https://flink.example.com', sqlGatewayUrl: 'https://flink-sql.example.com' },
      kafka: { brokers: 'kafka-1.example.com:9093', tls: true, sasl: { mechanism: 'scram-sha-512', username: 'sluice', password: 'env:KAFKA_PASSWORD' } },
    },
  },
});
