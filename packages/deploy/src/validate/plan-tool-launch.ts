import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { link, mkdir, open, readdir, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join, resolve } from 'node:path';
import { defaultCacheDir } from '@sluice/stack';

/**
 * How the plan tool's JVM starts: its class path, and an AppCDS archive (Java 13+ dynamic archive) that
 * holds the ~10k classes of the planner already parsed and verified, which halves a start on a small
 * machine. Everything cached lives in `<cacheDir>/plan-tool/` (`@sluice/stack`'s cache directory).
 *
 * - The planner: `lib/flink-table-planner-loader` copies the planner jar it carries to /tmp on every start
 *   and loads it in its own class loader, which no archive can cover. Unpacked once into the cache, the
 *   same jar sits on the class path in the loader's place (Flink's documented planner swap).
 * - The archive: `cds-<key>.jsa`, the key hashing everything Java checks or that changes the classes
 *   (each class path jar's path, size and mtime; the JDK; the JVM flags), so a stale archive is never
 *   picked. The first run without one dumps it (slower, once per cache, under a lock); later runs map it.
 *
 * Any failure on the way (no loader entry, a read-only cache, an unknown JDK) gives a launch without the
 * part that failed: never an error of its own.
 */
export interface PlanToolLaunch {
  /** The class path: the plan tool jar, then the distribution's lib/ jars (flink-dist last, as Flink does). */
  readonly classpath: string;
  /** `-XX:SharedArchiveFile` or `-XX:ArchiveClassesAtExit`, or nothing. */
  readonly archiveOptions: string[];
  /** An existing archive is mapped by this launch. */
  readonly usesArchive: boolean;
  /** Call after a run that answered: adopts a freshly dumped archive. */
  succeeded(): Promise<void>;
  /**
   * Call when the archive broke the run: Java crashed on it or refused it (it is removed, and dumped again
   * once), or crashed while dumping it (the key is given up: no more dumps).
   */
  discardArchive(): Promise<void>;
  /** Call after every run: drops the lock and any half-written archive. */
  release(): Promise<void>;
}

export interface PlanToolLaunchOptions {
  java: string;
  home: string;
  jar: string;
  /** The JVM flags of the run (part of the archive's key). */
  jvmOptions: readonly string[];
  /** `@sluice/stack`'s cache directory (default {@link defaultCacheDir}). */
  cacheDir?: string;
}

const PLANNER_ENTRY = 'flink-table-planner.jar';
// Archives of older jars, JDKs or Flink homes are dropped beyond this many (each is ~80 MB).
const KEEP_ARCHIVES = 3;
// A dump takes ~10-20 s; a lock older than this is from a process that died.
const STALE_LOCK_MS = 10 * 60_000;

/** Plans the launch; see {@link PlanToolLaunch}. Never throws. */
export async function planToolLaunch(options: PlanToolLaunchOptions): Promise<PlanToolLaunch> {
  const dir = join(resolve(options.cacheDir ?? defaultCacheDir()), 'plan-tool');
  let jars: string[];
  try {
    jars = await libJars(options, dir);
  } catch {
    jars = [join(options.home, 'lib', '*')];
  }
  const classpath = [options.jar, ...jars].join(delimiter);
  const plain: PlanToolLaunch = { classpath, archiveOptions: [], usesArchive: false, succeeded: nothing, discardArchive: nothing, release: nothing };
  const jdk = jdkIdentity(options.java);
  if (jdk === undefined) return plain;
  let key: string;
  try {
    key = hash({ jdk, jvmOptions: options.jvmOptions, classpath: [options.jar, ...jars].map((file) => fileIdentity(file)) });
  } catch {
    return plain;
  }
  const archive = join(dir, `cds-${key}.jsa`);
  // An archive that broke a run is dumped once more (it may have been damaged on disk); a second one
  // that breaks says this JVM cannot use it, and the key is given up rather than dumped on every run.
  const broken = `${archive}.broken`;
  const givenUp = `${archive}.off`;
  if (existsSync(givenUp)) return plain;
  if (existsSync(archive)) {
    // The mtime says when an archive was last used: the pruning below keeps the recent ones.
    const now = new Date();
    await utimes(archive, now, now).catch(() => undefined);
    return {
      ...plain,
      archiveOptions: [`-XX:SharedArchiveFile=${archive}`],
      usesArchive: true,
      discardArchive: async () => {
        await writeFile(existsSync(broken) ? givenUp : broken, '').catch(() => undefined);
        await unlink(archive).catch(() => undefined);
      },
    };
  }
  const lock = `${archive}.lock`;
  if (!(await takeLock(lock))) return plain; // another process is dumping it: run without
  const partial = temporaryName(archive);
  return {
    ...plain,
    archiveOptions: [`-XX:ArchiveClassesAtExit=${partial}`],
    // A JVM that crashes while dumping would crash on every later dump: stop trying for this key.
    discardArchive: async () => {
      await writeFile(givenUp, '').catch(() => undefined);
    },
    succeeded: async () => {
      try {
        if ((await stat(partial)).size > 0) await rename(partial, archive);
        await pruneArchives(dir);
      } catch {
        // No archive this time (e.g. a JDK without dynamic archives): the next run tries again.
      }
    },
    release: async () => {
      await unlink(partial).catch(() => undefined);
      await unlink(lock).catch(() => undefined);
    },
  };
}

async function nothing(): Promise<void> {}

// Unique per call, not only per process: two launches in one process (concurrent validateOffline calls)
// unpacking the same planner must not write, stamp and unlink one shared temporary file.
function temporaryName(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

/** The lib/ jars, sorted with flink-dist last (Flink's own order), the planner loader swapped for the planner. */
async function libJars(options: PlanToolLaunchOptions, dir: string): Promise<string[]> {
  const lib = join(options.home, 'lib');
  const names = readdirSync(lib)
    .filter((name) => name.endsWith('.jar'))
    .sort((a, b) => Number(a.startsWith('flink-dist')) - Number(b.startsWith('flink-dist')) || (a < b ? -1 : a > b ? 1 : 0));
  const loader = names.find((name) => name.startsWith('flink-table-planner-loader'));
  const jars = names.map((name) => join(lib, name));
  if (loader === undefined) return jars;
  const planner = await unpackedPlanner(options, join(lib, loader), dir);
  return planner === undefined ? jars : jars.map((jar) => (jar === join(lib, loader) ? planner : jar));
}

/**
 * The planner jar for `loader`: a distribution's own opt/flink-table-planner_*.jar, else the copy unpacked
 * into the cache (by the plan tool, once per loader jar), else undefined (the loader stays).
 */
async function unpackedPlanner(options: PlanToolLaunchOptions, loader: string, dir: string): Promise<string | undefined> {
  const opt = join(options.home, 'opt');
  const shipped = existsSync(opt) ? readdirSync(opt).find((name) => name.startsWith('flink-table-planner_') && name.endsWith('.jar')) : undefined;
  if (shipped !== undefined) return join(opt, shipped);
  try {
    const loaderStat = statSync(loader);
    const target = join(dir, `planner-${hash(fileIdentity(loader))}.jar`);
    if (existsSync(target)) return target;
    await mkdir(dir, { recursive: true });
    const partial = temporaryName(target);
    try {
      await execJava(options.java, ['-cp', options.jar, 'dev.sluice.tools.plan.PlanTool', '--extract-entry', loader, PLANNER_ENTRY, partial]);
      // Every copy gets the loader's mtime: an archive records the jar's size and mtime, so a concurrent
      // unpack of the same loader must not make it look like another jar.
      await utimes(partial, loaderStat.atime, loaderStat.mtime);
      await link(partial, target).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    } finally {
      await unlink(partial).catch(() => undefined);
    }
    return target;
  } catch {
    return undefined;
  }
}

/** The JDK behind `java` (release file, modules image, libjvm), when it can dump dynamic archives (13+). */
function jdkIdentity(java: string): unknown {
  try {
    const executable = realpathSync(java.includes('/') || java.includes('\\') ? java : onPath(java));
    const home = dirname(dirname(executable));
    const release = readFileSync(join(home, 'release'), 'utf8');
    const major = Number.parseInt(/^JAVA_VERSION="(\d+)/m.exec(release)?.[1] ?? '', 10);
    if (!(major >= 13)) return undefined;
    const jvm = ['lib/server/libjvm.so', 'lib/server/libjvm.dylib', 'bin/server/jvm.dll'].map((file) => join(home, file)).find((file) => existsSync(file));
    return { executable, release, modules: fileIdentity(join(home, 'lib', 'modules')), jvm: jvm === undefined ? null : fileIdentity(jvm) };
  } catch {
    return undefined;
  }
}

function onPath(command: string): string {
  for (const entry of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of process.platform === 'win32' ? [`${command}.exe`, command] : [command]) {
      const candidate = join(entry, name);
      if (entry !== '' && existsSync(candidate)) return candidate;
    }
  }
  throw new Error(`${command} is not on the PATH`);
}

function fileIdentity(file: string): [string, number, number] {
  const { size, mtimeMs } = statSync(file);
  return [file, size, mtimeMs];
}

function hash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

async function takeLock(lock: string): Promise<boolean> {
  try {
    await mkdir(dirname(lock), { recursive: true });
    const taken = async () => {
      await (await open(lock, 'wx')).close();
      return true;
    };
    try {
      return await taken();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return false;
      if (Date.now() - (await stat(lock)).mtimeMs < STALE_LOCK_MS) return false;
      await unlink(lock);
      return await taken();
    }
  } catch {
    return false;
  }
}

/** Keeps the {@link KEEP_ARCHIVES} most recently used archives. */
async function pruneArchives(dir: string): Promise<void> {
  const archives = (await readdir(dir)).filter((name) => /^cds-[0-9a-f]+\.jsa$/.test(name)).map((name) => join(dir, name));
  const used = await Promise.all(archives.map(async (file) => ({ file, mtimeMs: (await stat(file)).mtimeMs })));
  used.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const { file } of used.slice(KEEP_ARCHIVES)) await unlink(file).catch(() => undefined);
}

function execJava(java: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    execFile(java, args, { timeout: 120_000 }, (error) => (error === null ? done() : fail(error)));
  });
}
