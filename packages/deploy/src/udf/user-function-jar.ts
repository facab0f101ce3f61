import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { compileStatement, type UserFunctionRef } from '@sluice/dsl';
import { deployError } from '../error-codes';

/** Where a project's user-function jars are found: the config's directory and the state directory (for downloads). */
export interface UserJarPlaces {
  /** The directory of the config file: `jar` paths are relative to it. */
  readonly root: string;
  /** The project's state directory: jars of `http(s)` artifacts are downloaded to `<stateDir>/jars/`. */
  readonly stateDir: string;
  /** The local Maven repository (default `$MAVEN_REPO_LOCAL`, else `~/.m2/repository`). */
  readonly mavenRepository?: string;
}

const URL_ARTIFACT = /^https?:\/\//;

/** The local Maven repository Sluice reads coordinates from. */
export function localMavenRepository(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['MAVEN_REPO_LOCAL'];
  return configured !== undefined && configured !== '' ? resolve(configured) : join(homedir(), '.m2', 'repository');
}

/**
 * The absolute path of a user function's jar, where Flink will read it (`USING JAR`), without reading the
 * disk: `jar` relative to the config file's directory; a Maven coordinate `group:artifact:version` in the
 * local Maven repository; an `http(s)` URL in `<stateDir>/jars/` (downloaded when registered: Flink's
 * `USING JAR` reads no http). The reference keeps `artifact`, so a download can happen later.
 *
 * @example
 * ```ts
 * resolveUserFunction({ kind: 'scalar', name: 'price_band', className: 'com.acme.PriceBand', artifact: 'com.acme:udfs:1.2.0' }, places)
 * // { ..., artifact: 'com.acme:udfs:1.2.0', jar: '/home/me/.m2/repository/com/acme/udfs/1.2.0/udfs-1.2.0.jar' }
 * ```
 */
export function resolveUserFunction(ref: UserFunctionRef, places: UserJarPlaces): UserFunctionRef {
  if (ref.jar !== undefined) return { ...ref, jar: isAbsolute(ref.jar) ? ref.jar : resolve(places.root, ref.jar) };
  const artifact = ref.artifact ?? '';
  if (URL_ARTIFACT.test(artifact)) {
    const name = basename(new URL(artifact).pathname) || 'artifact.jar';
    const id = createHash('sha256').update(artifact, 'utf8').digest('hex').slice(0, 16);
    return { ...ref, jar: join(places.stateDir, 'jars', `${id}-${name}`) };
  }
  const [group, id, version] = artifact.split(':');
  if (group === undefined || id === undefined || version === undefined || group === '' || id === '' || version === '') {
    throw deployError('DEPLOY_UDF_JAR_MISSING', `user function ${ref.name}: '${artifact}' is neither a jar, a Maven coordinate group:artifact:version nor an http(s) URL`, {
      details: { function: ref.name },
      suggestion: "declare it with jar: 'path/to.jar' (relative to the config file) or artifact: 'group:artifact:version'",
    });
  }
  const repository = places.mavenRepository ?? localMavenRepository();
  return { ...ref, jar: join(repository, ...group.split('.'), id, version, `${id}-${version}.jar`) };
}

/**
 * Makes sure a resolved user function's jar is on disk (downloading an `http(s)` artifact once, into the
 * path {@link resolveUserFunction} chose) and returns that path.
 *
 * @throws SluiceError `DEPLOY_UDF_JAR_MISSING` when the jar is not there (or the download failed)
 * @example
 * ```ts
 * ensureUserJar(resolveUserFunction(ref, places)) // '<project dir>/udfs/acme.jar'
 * ```
 */
export function ensureUserJar(ref: UserFunctionRef): string {
  const jar = ref.jar;
  if (jar === undefined || !isAbsolute(jar)) {
    throw deployError('DEPLOY_UDF_JAR_MISSING', `user function ${ref.name}: its jar is not resolved to an absolute path`, {
      details: { function: ref.name },
      suggestion: 'compile the project with compileProject (it resolves jars against the config file), or give an absolute jar path',
    });
  }
  if (existsSync(jar)) return jar;
  const artifact = ref.artifact;
  if (artifact !== undefined && URL_ARTIFACT.test(artifact)) {
    download(ref.name, artifact, jar);
    return jar;
  }
  const how =
    artifact === undefined
      ? 'build the jar (e.g. mvn package) or correct the jar path, relative to the config file'
      : `install ${artifact} into the local Maven repository (mvn install, or mvn dependency:get -Dartifact=${artifact})`;
  throw deployError('DEPLOY_UDF_JAR_MISSING', `user function ${ref.name}: the jar ${jar} does not exist`, { details: { function: ref.name, jar }, suggestion: how });
}

// Registration is synchronous where the runners build their statements: a child Node process fetches
// the jar (once; later runs find it in the state directory), written to a temporary name then renamed.
function download(name: string, url: string, jar: string): void {
  mkdirSync(join(jar, '..'), { recursive: true });
  const partial = `${jar}.part`;
  const script =
    'const [url, out] = process.argv.slice(1);' +
    "fetch(url).then(async (r) => { if (!r.ok) throw new Error('HTTP ' + r.status); require('node:fs').writeFileSync(out, Buffer.from(await r.arrayBuffer())); })" +
    '.catch((e) => { process.stderr.write(String(e && e.message || e)); process.exitCode = 1; });';
  try {
    execFileSync(process.execPath, ['-e', script, url, partial], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 });
    renameSync(partial, jar);
  } catch (cause) {
    const reason = (cause as { stderr?: Buffer }).stderr?.toString().trim() || (cause instanceof Error ? cause.message : String(cause));
    throw deployError('DEPLOY_UDF_JAR_MISSING', `user function ${name}: downloading ${url} failed: ${reason}`, {
      cause,
      details: { function: name, url },
      suggestion: 'check the URL, or download the jar yourself and declare it with jar:',
    });
  }
}

/**
 * `CREATE TEMPORARY FUNCTION IF NOT EXISTS \`name\` AS '<class>' USING JAR '<jar>'` for resolved user
 * functions, in the order given (the jar made sure of first).
 *
 * @throws SluiceError `DEPLOY_UDF_JAR_MISSING`
 * @example
 * ```ts
 * userFunctionStatements([resolveUserFunction(priceBand.ref, places)])
 * // ["CREATE TEMPORARY FUNCTION IF NOT EXISTS `price_band` AS 'com.acme.PriceBand' USING JAR '<project dir>/udfs/acme.jar'"]
 * ```
 */
export function userFunctionStatements(refs: readonly UserFunctionRef[]): string[] {
  return refs.map((ref) => compileStatement({ kind: 'CreateFunction', name: ref.name, className: ref.className, jar: ensureUserJar(ref) }));
}
