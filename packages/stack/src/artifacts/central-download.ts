import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stackError } from '../error-codes';

/** Maven Central, or the mirror named by `SLUICE_MAVEN_CENTRAL` (the same layout). */
export function mavenCentralUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.SLUICE_MAVEN_CENTRAL ?? 'https://repo1.maven.org/maven2').replace(/\/$/, '');
}

/**
 * sha256 of artifacts that Maven Central serves without any checksum file (Maven's strict checksum
 * policy refuses them), taken when they were first fetched. `docker/compose.yaml` pins the same.
 */
export const PINNED_SHA256: Readonly<Record<string, string>> = {
  'org.apache.flink:flink-sql-avro-confluent-registry:2.2.0': 'dc331e14107ded6e07f5f77321aa06d8019aa9f33654d0658e49648409b5b80d',
};

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(600_000) });
  if (!response.ok) {
    throw stackError('STACK_COMMAND_FAILED', `${url} answered HTTP ${response.status}`, {
      details: { url, status: response.status },
      retriable: response.status >= 500,
      suggestion: 'check that Maven Central (or SLUICE_MAVEN_CENTRAL) is reachable, then run the command again',
    });
  }
  return Buffer.from(await response.arrayBuffer());
}

/** The URL of `group:artifact:version[:type[:classifier]]` on Central. */
export function centralUrl(coordinates: string): { url: string; file: string } {
  const [group = '', artifact = '', version = '', type = 'jar', classifier] = coordinates.split(':');
  const file = `${artifact}-${version}${classifier === undefined ? '' : `-${classifier}`}.${type}`;
  return { url: `${mavenCentralUrl()}/${group.replace(/\./g, '/')}/${artifact}/${version}/${file}`, file };
}

/**
 * Downloads one artifact from Central into `outputDir` and checks it: against the pinned sha256 when
 * there is one ({@link PINNED_SHA256}), else against Central's `.sha1`. Returns the file's path.
 */
export async function centralDownload(coordinates: string, outputDir: string): Promise<string> {
  const { url, file } = centralUrl(coordinates);
  const pinned = PINNED_SHA256[coordinates];
  const [bytes, sha1] = await Promise.all([download(url), pinned === undefined ? download(`${url}.sha1`) : Promise.resolve(undefined)]);
  const [algorithm, expected] = pinned === undefined ? ['sha1', (sha1 ?? Buffer.alloc(0)).toString('utf8').trim().slice(0, 40)] : ['sha256', pinned];
  const actual = createHash(algorithm).update(bytes).digest('hex');
  if (actual !== expected) {
    throw stackError('STACK_ARTIFACT_BROKEN', `${url} does not match its ${algorithm} (${actual}, expected ${expected})`, {
      details: { url, algorithm, actual, expected },
      retriable: true,
      suggestion: 'run the command again; if it persists, check the proxy or mirror in between',
    });
  }
  const path = join(outputDir, file);
  await writeFile(path, bytes);
  return path;
}
