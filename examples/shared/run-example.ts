import { randomBytes } from 'node:crypto';
import type { Signal } from '@sluice/dsl';
import { cancelJobs, deploySignals } from './deploy-signals';
import { deleteTopics, kafkaFor, produceJson, readJson } from './kafka-io';
import { exampleStack } from './stack';

/** What one example run does (see {@link runExample}). */
export interface ExampleRun<E extends object, R> {
  readonly title: string;
  readonly project: string;
  /** Builds the signals for the given topic prefix. */
  readonly signals: (prefix: string) => { signals: Signal[]; input: string; output: string };
  /** The events to produce (in time order); the last one should be far later, so the watermark passes the rest. */
  readonly events: readonly E[];
  readonly key: (e: E) => string;
  /** How many output rows to wait for. */
  readonly expected: number;
  /** Lines that show the output rows. */
  readonly render: (rows: readonly R[]) => string[];
}

/**
 * Runs an example once: on the cluster of the environment or the local stack (started or reused), deploy its signals with
 * @sluice/deploy on fresh topics, produce its events, read and show the outputs, then cancel its jobs and
 * delete its topics. The stack keeps running.
 */
export async function runExample<E extends object, R>(run: ExampleRun<E, R>): Promise<void> {
  const say = (text: string): void => void process.stdout.write(`${text}\n`);
  const started = Date.now();
  say(run.title);
  const { endpoints, local } = await exampleStack(say);
  const prefix = `${run.project}.run-${randomBytes(3).toString('hex')}`;
  const { signals, input, output } = run.signals(prefix);
  say(`Deploying ${signals.map((s) => s.name).join(', ')} with @sluice/deploy (topics ${input} -> ${output})...`);
  const deployed = await deploySignals(run.project, signals, endpoints, (p) => say(`  ${p.message}`));
  const kafka = kafkaFor(endpoints.kafkaBrokers, `sluice-example-${run.project}`);
  try {
    say(`Producing ${run.events.length} events...`);
    await produceJson(kafka, input, run.events, run.key);
    const rows = await readJson<R>(kafka, output, run.expected, 120_000);
    say(`${rows.length} output rows (expected ${run.expected}) on ${output}, ${((Date.now() - started) / 1000).toFixed(1)} s after the start:`);
    for (const line of run.render(rows)) say(`  ${line}`);
    if (rows.length !== run.expected) process.exitCode = 1;
  } finally {
    await cancelJobs(deployed.ctx, deployed.jobIds);
    await deployed.ctx.close();
    await deleteTopics(kafka, [input, output]);
    say(`Jobs cancelled, topics deleted.${local ? ' The local stack is still running (npm run stack:down stops it).' : ''}`);
  }
}
