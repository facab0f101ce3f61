/** One log line from the Kafka client, with credentials already redacted. */
export interface KafkaLogEntry {
  readonly level: 'error' | 'warn' | 'info' | 'debug';
  readonly message: string;
  readonly namespace: string;
}

/** Where client log lines go; default: nowhere. */
export type KafkaLogger = (entry: KafkaLogEntry) => void;
