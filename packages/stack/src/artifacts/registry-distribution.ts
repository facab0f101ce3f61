import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StackOptions } from '../options';
import { runCommand } from '../process/run-command';
import { ensureArtifact, type ArtifactReport } from './cached-artifact';
import { centralDownload } from './central-download';

/** The runner jar inside the unpacked `apicurio-registry-app-<version>-all.zip`. */
export function registryRunnerJar(home: string, version: string): string {
  return join(home, `apicurio-registry-app-${version}-runner.jar`);
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
        const archive = await centralDownload(`io.apicurio:apicurio-registry-app:${version}:zip:all`, tmpDir);
        // Python is already required (Flink comes from PyPI); its zipfile needs no unzip binary.
        await runCommand(options.python, ['-m', 'zipfile', '-e', archive, tmpDir], { purpose: `unpack Apicurio Registry ${version}` });
        await rm(archive);
      },
    },
    (reason) => onStart(`fetching Apicurio Registry ${version} from Maven Central (about 110 MB): ${reason}`),
  );
  return { home, report };
}
