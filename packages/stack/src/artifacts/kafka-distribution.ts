import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { StackOptions } from '../options';
import { ensureArtifact, type ArtifactReport } from './cached-artifact';
import { mavenCopy, mavenCopyWithDependencies } from './maven';
import { stackError } from '../error-codes';

/**
 * Kafka's broker (`kafka_2.13`) with its runtime closure from Maven Central, plus the log4j2 SLF4J
 * binding that matches the closure's slf4j-api (Maven's closure has log4j-core but no binding,
 * so without it the broker would log nothing).
 */
export async function ensureKafkaHome(options: StackOptions, onStart: (message: string) => void): Promise<{ home: string; report: ArtifactReport }> {
  const version = options.kafkaVersion;
  const home = join(options.cacheDir, `kafka-${version}`);
  const report = await ensureArtifact(
    {
      artifact: `kafka_2.13 ${version} runtime`,
      dir: home,
      fetch: async (tmpDir) => {
        const libs = join(tmpDir, 'libs');
        await mavenCopyWithDependencies(options.maven, [`org.apache.kafka:kafka_2.13:${version}`], libs);
        const jars = await readdir(libs);
        const log4j = jars.map((name) => /^log4j-api-(.+)\.jar$/.exec(name)?.[1]).find((v) => v !== undefined);
        const slf4j = jars.map((name) => /^slf4j-api-(\d+)\./.exec(name)?.[1]).find((v) => v !== undefined);
        if (log4j === undefined || slf4j === undefined) {
          throw stackError('STACK_ARTIFACT_BROKEN', `kafka_2.13 ${version} resolved without log4j-api or slf4j-api`, {
            details: { jars },
          });
        }
        const binding = slf4j === '1' ? 'log4j-slf4j-impl' : 'log4j-slf4j2-impl';
        await mavenCopy(options.maven, `org.apache.logging.log4j:${binding}:${log4j}`, libs);
      },
    },
    (reason) => onStart(`fetching Kafka ${version} from Maven Central: ${reason}`),
  );
  return { home, report };
}
