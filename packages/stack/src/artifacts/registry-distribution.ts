import { createHash } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StackOptions } from '../options';
import { runCommand } from '../process/run-command';
import { ensureArtifact, type ArtifactReport } from './cached-artifact';
import { stackError } from '../error-codes';

/** Maven Central, or the mirror named by `SLUICE_MAVEN_CENTRAL` (the same layout). */
export function mavenCentralUrl(env: NodeJS.ProcessEnv = process.env): string {
  return (env.SLUICE_MAVEN_CENTRAL ?? 'https://repo1.maven.org/maven2').replace(/\/$/, '');
}

/** The runner jar inside the unpacked `apicurio-registry-app-<version>-all.zip`. */
export function registryRunnerJar(home: string, version: string): string {
  return join(home, `apicurio-registry-app-${version}-runner.jar`);
}

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

/**
 * Apicurio Registry (`io.apicurio:apicurio-registry-app:<version>:zip:all`: a Quarkus runner jar and its
 * `lib/`), unpacked in the cache. Fetched over HTTPS and checked against Central's sha1, not through
 * Maven: the app's parent pom is not published, so Maven cannot read the zip's descriptor.
 */
export async function ensureRegistryHome(options: StackOptions, onStart: (message: string) => void): Promise<{ home: string; report: ArtifactReport }> {
  const version = options.registryVersion;
  const home = join(options.cacheDir, `apicurio-registry-${version}`);
  const report = await ensureArtifact(
    {
      artifact: `apicurio-registry-app ${version} (all)`,
      dir: home,
      fetch: async (tmpDir) => {
        const url = `${mavenCentralUrl()}/io/apicurio/apicurio-registry-app/${version}/apicurio-registry-app-${version}-all.zip`;
        const [zip, sha1] = await Promise.all([download(url), download(`${url}.sha1`)]);
        const expected = sha1.toString('utf8').trim().slice(0, 40);
        const actual = createHash('sha1').update(zip).digest('hex');
        if (actual !== expected) {
          throw stackError('STACK_ARTIFACT_BROKEN', `${url} does not match its sha1 (${actual}, published ${expected})`, {
            details: { url, actual, expected },
            retriable: true,
            suggestion: 'run the command again; if it persists, check the proxy or mirror in between',
          });
        }
        const archive = join(tmpDir, 'registry.zip');
        await writeFile(archive, zip);
        // Python is already required (Flink comes from PyPI); its zipfile needs no unzip binary.
        await runCommand(options.python, ['-m', 'zipfile', '-e', archive, tmpDir], { purpose: `unpack Apicurio Registry ${version}` });
        await rm(archive);
      },
    },
    (reason) => onStart(`fetching Apicurio Registry ${version} from Maven Central (about 110 MB): ${reason}`),
  );
  return { home, report };
}
