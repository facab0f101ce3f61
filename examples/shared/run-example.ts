import { randomBytes } from 'node:crypto';
import type { RowOf, RowOfFields, Signal } from '@sluice/dsl';
import type { FieldsOfTarget, TopicTarget } from '@sluice/kafka';
import { cancelJobs, deploySignals } from './deploy-signals';
import { firstRows } from './first-rows';
import { exampleStack } from './stack';

/** What one example run does (see {@link runExample}). */
export interface ExampleRun<I extends TopicTarget, S extends Signal> {
  readonly title: string;
  readonly project: string;
  /** Builds the signal and the topic its events go to, for the given topic prefix. */
  readonly setup: (prefix: string) => { readonly signal: S; readonly input: I };
  /** The events to produce (in time order); the last one should be far later, so the watermark passes the rest. */
  readonly events: readonly RowOfFields<FieldsOfTarget<I>>[];
  /** How many output rows to wait for. */
  readonly expected: number;
  /** Lines that show the output rows (typed by the signal: `RowOf<typeof signal>`). */
  readonly render: (rows: readonly RowOf<S>[]) => string[];
}

/**
 * Runs an example once: on the cluster of the environment or the local stack (started or reused), deploy its signal with
 * @sluice/deploy on fresh topics, produce its events with @sluice/kafka's typed producer, read the typed
 * outputs with `consume(signal)` and show them, then cancel its job and delete its topics. The stack keeps running.
 */
export async function runExample<I extends TopicTarget, S extends Signal>(run: ExampleRun<I, S>): Promise<void> {
  const say = (text: string): void => void process.stdout.write(`${text}\n`);
  const started = Date.now();
  say(run.title);
  const { endpoints, local } = await exampleStack(say);
  const prefix = `${run.project}.run-${randomBytes(3).toString('hex')}`;
  const { signal, input } = run.setup(prefix);
  const output = signal.sink.topic ?? '';
  say(`Deploying ${signal.name} with @sluice/deploy (topics ${input.topic} -> ${output})...`);
  const deployed = await deploySignals(run.project, [signal], endpoints, (p) => say(`  ${p.message}`));
  // The deploy context's Kafka client: the project's brokers and auth, one client for the whole run.
  const kafka = deployed.ctx.kafka();
  try {
    say(`Producing ${run.events.length} events...`);
    const producer = await kafka.producer(input);
    await producer.send(run.events);
    await producer.close();
    const rows = (await firstRows(kafka.consume(signal), run.expected, 120_000)) as RowOf<S>[];
    say(`${rows.length} output rows (expected ${run.expected}) on ${output}, ${((Date.now() - started) / 1000).toFixed(1)} s after the start:`);
    for (const line of run.render(rows)) say(`  ${line}`);
    if (rows.length !== run.expected) process.exitCode = 1;
  } finally {
    await cancelJobs(deployed.ctx, deployed.jobIds);
    await kafka.topics.delete([input.topic, output]).catch(() => undefined);
    await deployed.ctx.close();
    say(`Jobs cancelled, topics deleted.${local ? ' The local stack is still running (npm run stack:down stops it).' : ''}`);
  }
}
