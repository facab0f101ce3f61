// Runs Kafka's own Java client (test/integration/java/kafka-java-client.java, in source-file mode) on the
// Kafka jars the stack cached, so tests can check what the JVM writes and reads.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveStackOptions } from '@sluice/stack';

const SOURCE = join(__dirname, 'java', 'kafka-java-client.java');

/** The stack's Kafka runtime jars (kafka-clients with lz4-java, snappy-java and zstd-jni). */
export function kafkaLibsDir(): string {
  const options = resolveStackOptions();
  const libs = join(options.cacheDir, `kafka-${options.kafkaVersion}`, 'libs');
  if (!existsSync(join(libs, `kafka-clients-${options.kafkaVersion}.jar`))) {
    throw new Error(`no kafka-clients-${options.kafkaVersion}.jar in ${libs}: the stack fetches it on 'npm run stack:up'`);
  }
  return libs;
}

function runJava(args: readonly string[], stdin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-cp', `${kafkaLibsDir()}/*`, SOURCE, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve(stdout);
      else reject(new Error(`java ${args.join(' ')} exited with ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 3000)}${stdout.slice(0, 1000)}`));
    });
    child.stdin.end(stdin, 'utf8');
  });
}

/** Writes each value as one record (partition 0, no key) with the Java producer's `compression.type`. */
export async function javaProduce(bootstrap: string, topic: string, compression: string, values: readonly string[]): Promise<void> {
  const out = await runJava(['produce', bootstrap, topic, compression], values.map((v) => `${v}\n`).join(''));
  if (!out.includes(`sent\t${values.length}`)) throw new Error(`the Java producer did not confirm ${values.length} records: ${out.slice(0, 1000)}`);
}

/** The values of the first `count` records of a topic, read by the Java consumer. */
export async function javaConsume(bootstrap: string, topic: string, count: number): Promise<string[]> {
  const out = await runJava(['consume', bootstrap, topic, String(count)], '');
  return out
    .split('\n')
    .filter((line) => line.startsWith('record\t'))
    .map((line) => line.slice('record\t'.length));
}
