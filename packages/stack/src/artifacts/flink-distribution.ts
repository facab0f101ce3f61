import { chmod, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StackOptions } from '../options';
import { runCommand } from '../process/run-command';
import { ensureArtifact, type ArtifactReport } from './cached-artifact';
import { flinkHomeFor } from './cache-layout';
import { mavenCopy } from './maven';
import { centralDownload, PINNED_SHA256 } from './central-download';

// apache-flink's wheel is only a carrier for bin/ and conf/ here, so any platform's wheel will do;
// asking for one fixed platform makes the download independent of the local Python version.
const SCRIPTS_WHEEL_PLATFORM = ['--platform', 'manylinux2014_x86_64', '--python-version', '3.11', '--implementation', 'cp'];

// Extracts <strip-marker>{lib,opt,plugins,bin,conf}/... from a wheel (zip) or an sdist (tar.gz):
// wheels hold pyflink/lib/..., sdists hold apache-flink-libraries-X/deps/lib/...
const EXTRACT_SCRIPT = `
import os, shutil, sys, tarfile, zipfile
archive, dest, wanted = sys.argv[1], sys.argv[2], set(sys.argv[3].split(','))
def target(name):
    for marker in ('pyflink/', 'deps/'):
        i = name.find(marker)
        if i >= 0 and (i == 0 or name[i-1] == '/'):
            rest = name[i + len(marker):]
            top = rest.split('/', 1)[0]
            if top in wanted and rest != top and not rest.endswith('/') and not rest.endswith('__init__.py'):
                return os.path.join(dest, rest)
    return None
def write(name, src):
    path = target(name)
    if path is None: return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as out: shutil.copyfileobj(src, out)
if archive.endswith('.whl') or archive.endswith('.zip'):
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            if not info.is_dir():
                with z.open(info) as src: write(info.filename, src)
else:
    with tarfile.open(archive) as t:
        for member in t.getmembers():
            if member.isfile():
                write(member.name, t.extractfile(member))
`;
import { stackError } from '../error-codes';

/** The PyPI downloads (apache-flink-libraries + apache-flink) that together are Flink's binary distribution. */
async function ensureFlinkDownloads(options: StackOptions, onStart: (message: string) => void): Promise<ArtifactReport> {
  const version = options.flinkVersion;
  return ensureArtifact(
    {
      artifact: `pypi apache-flink-libraries + apache-flink ${version}`,
      dir: join(options.cacheDir, 'downloads', `flink-${version}`),
      fetch: async (tmpDir) => {
        const pip = [options.python, ['-m', 'pip', 'download', '--no-deps', '--no-cache-dir', '--disable-pip-version-check', '-d', tmpDir]] as const;
        const purpose = `download Flink ${version} from PyPI`;
        const suggestion = `check that PyPI is reachable and that Flink ${version} is published there (pip index versions apache-flink-libraries)`;
        try {
          // 2.2.0+ publish a universal wheel: no build step at all.
          await runCommand(pip[0], [...pip[1], '--only-binary', ':all:', `apache-flink-libraries==${version}`], { purpose, suggestion });
        } catch {
          // Older lines publish only an sdist; pip prepares its metadata but builds nothing.
          await runCommand(pip[0], [...pip[1], '--no-binary', ':all:', `apache-flink-libraries==${version}`], { purpose, suggestion });
        }
        await runCommand(pip[0], [...pip[1], '--only-binary', ':all:', ...SCRIPTS_WHEEL_PLATFORM, `apache-flink==${version}`], { purpose, suggestion });
      },
    },
    (reason) => onStart(`downloading Flink ${version} from PyPI (about 300 MB): ${reason}`),
  );
}

/**
 * A runnable FLINK_HOME: Flink's binary distribution from PyPI, plus `opt/flink-sql-gateway` and
 * `lib/flink-sql-connector-kafka` from Maven Central. Verified by sha256 on every call; re-assembled
 * when anything in it is missing or damaged.
 */
// The PostgreSQL JDBC driver that the JDBC connector's postgres dialect talks through.
const POSTGRES_DRIVER = 'org.postgresql:postgresql:42.7.4';

/** The jars of Flink's JDBC connector release `version`: one jar up to 3.x, core + dialect from 4.0. */
export function jdbcConnectorJars(version: string): string[] {
  if (version === 'none') return [];
  const modular = Number.parseInt(version, 10) >= 4;
  const connector = modular
    ? [`org.apache.flink:flink-connector-jdbc-core:${version}`, `org.apache.flink:flink-connector-jdbc-postgres:${version}`]
    : [`org.apache.flink:flink-connector-jdbc:${version}`];
  return [...connector, POSTGRES_DRIVER];
}

/**
 * Maven coordinates of the jars the stack adds to Flink's `lib/`: the Kafka SQL connector, Flink's
 * JDBC connector with its PostgreSQL dialect and driver (unless `jdbcConnectorVersion` is `none`), and the
 * `avro-confluent` format (unless `avroFormatVersion` is `none`).
 * `docker/compose.yaml` fetches the same list for the default versions (a unit test keeps them equal).
 *
 * @example
 * ```ts
 * flinkLibJars(resolveStackOptions())
 * // => ['org.apache.flink:flink-sql-connector-kafka:5.0.0-2.2', 'org.apache.flink:flink-connector-jdbc-core:4.0.0-2.0', ...]
 * ```
 */
export function flinkLibJars(options: Pick<StackOptions, 'kafkaConnectorVersion' | 'jdbcConnectorVersion' | 'avroFormatVersion'>): string[] {
  const avro = options.avroFormatVersion === 'none' ? [] : [`org.apache.flink:flink-sql-avro-confluent-registry:${options.avroFormatVersion}`];
  return [`org.apache.flink:flink-sql-connector-kafka:${options.kafkaConnectorVersion}`, ...jdbcConnectorJars(options.jdbcConnectorVersion), ...avro];
}

export async function ensureFlinkHome(options: StackOptions, onStart: (message: string) => void): Promise<{ home: string; reports: ArtifactReport[] }> {
  const { flinkVersion: version, kafkaConnectorVersion: connector, jdbcConnectorVersion: jdbc, avroFormatVersion: avro } = options;
  const home = flinkHomeFor(version, { cacheDir: options.cacheDir, kafkaConnectorVersion: connector, jdbcConnectorVersion: jdbc, avroFormatVersion: avro });
  const reports: ArtifactReport[] = [];
  const homeReport = await ensureArtifact(
    {
      artifact: `flink-home ${version} + flink-sql-gateway ${version} + flink-sql-connector-kafka ${connector}${jdbc === 'none' ? '' : ` + flink-connector-jdbc ${jdbc}`}${avro === 'none' ? '' : ` + flink-sql-avro-confluent-registry ${avro}`}`,
      dir: home,
      fetch: async (tmpDir) => {
        const downloads = await ensureFlinkDownloads(options, onStart);
        reports.push(downloads);
        const archives = (await readdir(downloads.dir)).filter((name) => !name.startsWith('.'));
        const libraries = archives.find((name) => /^apache[-_]flink[-_]libraries/.test(name));
        const scripts = archives.find((name) => /^apache[-_]flink-\d/.test(name));
        if (libraries === undefined || scripts === undefined) {
          throw stackError('STACK_ARTIFACT_BROKEN', `the Flink ${version} downloads in ${downloads.dir} are incomplete`, {
            details: { dir: downloads.dir, files: archives },
            suggestion: `delete ${downloads.dir} and run the command again`,
          });
        }
        onStart(`assembling Flink ${version} home`);
        const extract = (archive: string, parts: string) =>
          runCommand(options.python, ['-c', EXTRACT_SCRIPT, join(downloads.dir, archive), tmpDir, parts], { purpose: `unpack ${archive}` });
        await extract(libraries, 'lib,opt,plugins,bin');
        await extract(scripts, 'bin,conf');
        await rm(join(tmpDir, 'bin', 'pyflink-udf-runner.bat'), { force: true });
        for (const name of await readdir(join(tmpDir, 'bin'))) {
          if (name.endsWith('.sh') || name === 'flink') await chmod(join(tmpDir, 'bin', name), 0o755);
        }
        onStart(`fetching flink-sql-gateway ${version}, flink-sql-connector-kafka ${connector}${jdbc === 'none' ? '' : ` and flink-connector-jdbc ${jdbc}`} from Maven Central`);
        await mavenCopy(options.maven, `org.apache.flink:flink-sql-gateway:${version}`, join(tmpDir, 'opt'));
        for (const jar of flinkLibJars(options)) {
          // Central serves a few jars without checksum files, which Maven's strict policy refuses.
          if (PINNED_SHA256[jar] === undefined) await mavenCopy(options.maven, jar, join(tmpDir, 'lib'));
          else await centralDownload(jar, join(tmpDir, 'lib'));
        }
        const dist = (await readdir(join(tmpDir, 'lib'))).filter((name) => name.startsWith('flink-dist'));
        if (dist.length !== 1) {
          throw stackError('STACK_ARTIFACT_BROKEN', `expected one lib/flink-dist*.jar in Flink ${version}, found ${dist.length}`, {
            details: { found: dist },
          });
        }
      },
    },
    (reason) => onStart(`preparing Flink ${version} home: ${reason}`),
  );
  reports.push(homeReport);
  return { home, reports };
}
