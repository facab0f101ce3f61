import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../process/run-command';

// Pinned: Maven 3.8's default dependency plugin predates the `copy` goal options used here.
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.6.1';
const BATCH_FLAGS = ['-B', '-q', '-C', '-Dstyle.color=never'];

/** Copies one artifact (no transitive dependencies) from Maven Central into `outputDir`. */
export async function mavenCopy(maven: string, coordinates: string, outputDir: string): Promise<void> {
  await runCommand(maven, [...BATCH_FLAGS, `${DEPENDENCY_PLUGIN}:copy`, `-Dartifact=${coordinates}`, `-DoutputDirectory=${outputDir}`, '-Dmdep.overWriteReleases=true'], {
    purpose: `fetch ${coordinates} from Maven Central`,
    suggestion: 'check that Maven Central (or your settings.xml mirror) is reachable, then run the command again',
  });
}

/** Copies artifacts and their runtime closure into `outputDir` (through a throwaway pom). */
export async function mavenCopyWithDependencies(maven: string, coordinates: readonly string[], outputDir: string): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sluice-mvn-'));
  try {
    const dependencies = coordinates
      .map((coordinate) => {
        const [groupId, artifactId, version] = coordinate.split(':');
        return `<dependency><groupId>${groupId}</groupId><artifactId>${artifactId}</artifactId><version>${version}</version></dependency>`;
      })
      .join('\n    ');
    await writeFile(
      join(dir, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>dev.sluice.stack</groupId><artifactId>runtime-closure</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    ${dependencies}
  </dependencies>
</project>
`,
    );
    await runCommand(maven, [...BATCH_FLAGS, '-f', join(dir, 'pom.xml'), `${DEPENDENCY_PLUGIN}:copy-dependencies`, '-DincludeScope=runtime', `-DoutputDirectory=${outputDir}`], {
      purpose: `fetch ${coordinates.join(', ')} and dependencies from Maven Central`,
      suggestion: 'check that Maven Central (or your settings.xml mirror) is reachable, then run the command again',
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
