import { Kafka, logLevel } from 'kafkajs';
import { FlinkRestClient, SqlGatewayClient } from '@sluice/flink-client';
import type { SqlValue } from '@sluice/flink-client';
import type { StackEndpoints } from '@sluice/stack';
import { GatewayStatementSession } from '@sluice/deploy';

// Test plumbing for the indicator parity tests: Kafka topics, a SQL Gateway session at parallelism 1,
// bounded queries read back as objects, and cancellation of every job a test started.

/** A row of a query result, by column name. */
export type Row = Record<string, SqlValue>;

/** One SQL Gateway session plus the Kafka client and the jobs it started. */
export class TestCluster {
  readonly kafka: Kafka;
  readonly gateway: SqlGatewayClient;
  readonly flink: FlinkRestClient;
  private readonly jobs = new Set<string>();
  private readonly topics = new Set<string>();
  private session: GatewayStatementSession | undefined;

  constructor(readonly endpoints: StackEndpoints) {
    this.kafka = new Kafka({ clientId: 'sluice-indicators-test', brokers: endpoints.kafkaBrokers, logLevel: logLevel.NOTHING });
    this.gateway = new SqlGatewayClient({ baseUrl: endpoints.sqlGatewayUrl });
    this.flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  }

  /** Opens the session (parallelism 1, UTC) and runs `setup` statements in it. */
  async open(setup: readonly string[] = []): Promise<void> {
    this.session = await GatewayStatementSession.open(this.gateway, 'sluice-indicators-test', {
      'parallelism.default': '1',
      'table.local-time-zone': 'UTC',
      'execution.runtime-mode': 'streaming',
    });
    for (const statement of setup) await this.rows(statement);
  }

  /** Runs one statement to its end and returns its rows (a bounded query: its job finishes by itself); deploy's session runs it. */
  async rows(statement: string): Promise<Row[]> {
    if (this.session === undefined) throw new Error('open() first');
    const { jobId, columns, rows } = await this.session.execute(statement);
    if (jobId !== undefined) this.jobs.add(jobId);
    return rows.map((fields) => Object.fromEntries(columns.map((name, i) => [name, (fields[i] ?? null) as SqlValue])));
  }

  /** Submits an INSERT and returns its job id without waiting for the job (close() cancels it if still running). */
  async submit(statement: string): Promise<string> {
    if (this.session === undefined) throw new Error('open() first');
    const { jobId } = await this.session.execute(statement, { until: 'first-page' });
    if (jobId === undefined) throw new Error(`no job id for: ${statement}`);
    this.jobs.add(jobId);
    return jobId;
  }

  /** Creates a one-partition topic (removed again by close()). */
  async createTopic(topic: string): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
      this.topics.add(topic);
    } finally {
      await admin.disconnect();
    }
  }

  /** Produces JSON values in order (one batch). */
  async produce(topic: string, values: readonly object[]): Promise<void> {
    const producer = this.kafka.producer();
    await producer.connect();
    try {
      for (let i = 0; i < values.length; i += 500) {
        await producer.send({ topic, messages: values.slice(i, i + 500).map((v) => ({ value: JSON.stringify(v) })) });
      }
    } finally {
      await producer.disconnect();
    }
  }

  /** Cancels jobs still running, closes the session, deletes the topics. */
  async close(): Promise<void> {
    for (const jobId of this.jobs) {
      const details = await this.flink.getJobDetails(jobId).catch(() => undefined);
      if (details !== undefined && !['FINISHED', 'CANCELED', 'FAILED'].includes(String(details.state))) {
        await this.flink.cancelJob(jobId).catch(() => undefined);
      }
    }
    if (this.session !== undefined) await this.session.close();
    if (this.topics.size > 0) {
      const admin = this.kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [...this.topics] }).catch(() => undefined);
      await admin.disconnect();
    }
  }
}

/** Relative difference, with |a-b| itself when both are 0. */
export function relDiff(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}
