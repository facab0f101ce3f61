import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { planToolLaunch, type PlanToolLaunch, type PlanToolLaunchOptions } from '../src/validate/plan-tool-launch';
import { validateOffline } from '../src/validate/validate-offline';

// Every test gets its own cache directory (never the user's ~/.cache/sluice). Most use a fake JDK: a
// directory with the files the launch identifies a JDK by and a bash script as bin/java, so no JVM starts.
// The tests marked "real java" run the machine's java (17 here) on the plan tool's --split-only, which
// needs no Flink classes: ~0.3 s a run, ~1 s a dump.

const PLAN_TOOL_JAR = resolve(__dirname, '..', '..', '..', 'flink-jobs', 'plan-tool', 'target', 'sluice-plan-tool.jar');
const MAIN = 'dev.sluice.tools.plan.PlanTool';
const JVM = ['-Xss4m', '-XX:+UseSerialGC'];

const REAL_JAVA = realpathSync(
  (process.env.PATH ?? '')
    .split(delimiter)
    .map((dir) => join(dir, 'java'))
    .find((file) => file !== 'java' && existsSync(file)) ?? 'java on the PATH',
);

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-plan-launch-'));
  roots.push(dir);
  return dir;
}

/** A JDK layout (release, lib/modules, libjvm) whose bin/java is `script`; returns bin/java. */
function makeJdk(dir: string, script: string, version = '17.0.15'): string {
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'lib', 'server'), { recursive: true });
  writeFileSync(join(dir, 'release'), `IMPLEMENTOR="test"\nJAVA_VERSION="${version}"\n`);
  writeFileSync(join(dir, 'lib', 'modules'), 'modules');
  writeFileSync(join(dir, 'lib', 'server', 'libjvm.so'), 'libjvm');
  writeFileSync(join(dir, 'bin', 'java'), script, { mode: 0o755 });
  return join(dir, 'bin', 'java');
}

// Logs each call; --extract-entry writes as Java's Files.copy(REPLACE_EXISTING) does (delete, create, write
// through one descriptor), in two steps 0.3 s apart so that concurrent unpacks overlap.
const FAKE_JAVA = `#!/bin/bash
dir=$(cd "$(dirname "$0")/.." && pwd)
printf '%s\\n' "$*" >> "$dir/calls.log"
if [ "$4" = --extract-entry ]; then
  [ -f "$dir/extract-fails" ] && { echo 'plan-tool: no such entry' >&2; exit 2; }
  rm -f "$7"; exec 3> "$7"; printf 'planner-' >&3; sleep 0.3; printf 'bytes' >&3; exit 0
fi
exit 0
`;

// Logs each call, then runs the real java with the JVM flags and class path it was given (archive flags
// included) on --split-only, and answers a canned verdict. A JVM that dies of a signal kills the script with it.
const realWrapper = (behaviour = '') => `#!/bin/bash
dir=$(cd "$(dirname "$0")/.." && pwd)
printf '%s\\n' "$*" >> "$dir/calls.log"
if [ "$4" = --extract-entry ]; then exec ${REAL_JAVA} "$@"; fi
${behaviour}
args=()
for a in "$@"; do args+=("$a"); [ "$a" = ${MAIN} ] && break; done
${REAL_JAVA} "\${args[@]}" --split-only --script 'SELECT 1' > /dev/null
rc=$?
if [ $rc -gt 128 ]; then kill -$((rc - 128)) $$; fi
[ $rc -eq 0 ] || exit $rc
echo '{"flinkVersion":"2.2.1","scripts":[{"statements":[{"index":0,"ok":true,"output":"p"}]}]}'
`;

function calls(java: string): string[] {
  const log = join(java, '..', '..', 'calls.log');
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((line) => line !== '') : [];
}

/**
 * A Flink home whose jars are copies of the plan tool jar (valid jars for a real JVM); with `loader`, the
 * planner sits in lib/flink-table-planner-loader as Flink ships it, else in lib/flink-table-planner_*.
 */
function makeHome(dir: string, loader: boolean): string {
  mkdirSync(join(dir, 'lib'), { recursive: true });
  for (const name of ['flink-dist-2.2.1.jar', 'flink-connector-kafka-5.0.0.jar', 'log4j-api-2.24.jar']) copyFileSync(PLAN_TOOL_JAR, join(dir, 'lib', name));
  if (loader) {
    const entry = join(dir, 'entry');
    mkdirSync(entry);
    copyFileSync(PLAN_TOOL_JAR, join(entry, 'flink-table-planner.jar'));
    // zip (not jar) builds it without another JVM start; -0 stores, -j drops the directory.
    execFileSync('zip', ['-q', '-0', '-j', join(dir, 'lib', 'flink-table-planner-loader-2.2.1.jar'), join(entry, 'flink-table-planner.jar')]);
  } else {
    copyFileSync(PLAN_TOOL_JAR, join(dir, 'lib', 'flink-table-planner_2.12-2.2.1.jar'));
  }
  return dir;
}

/** The archive a dumping launch adopts (its -XX:ArchiveClassesAtExit file is a temporary name next to it). */
function dumpTarget(launch: PlanToolLaunch): string {
  expect(launch.usesArchive).toBe(false);
  expect(launch.archiveOptions).toHaveLength(1);
  const match = /^-XX:ArchiveClassesAtExit=(.+\.jsa)\.[^/]+\.tmp$/.exec(launch.archiveOptions[0] ?? '');
  if (match?.[1] === undefined) throw new Error(`not a dumping launch: ${launch.archiveOptions.join(' ')}`);
  return match[1];
}

function partialOf(launch: PlanToolLaunch): string {
  return (launch.archiveOptions[0] ?? '').replace('-XX:ArchiveClassesAtExit=', '');
}

function keyOf(archive: string): string {
  return /cds-([0-9a-f]{16})\.jsa$/.exec(archive)?.[1] ?? `no key in ${archive}`;
}

/** utimes keeps milliseconds (a Date), so a copy's mtime is the loader's to the millisecond. */
function sameMtime(copy: string, original: string): boolean {
  return Math.abs(statSync(copy).mtimeMs - statSync(original).mtime.getTime()) < 0.01;
}

function planToolFiles(cacheDir: string): string[] {
  const dir = join(cacheDir, 'plan-tool');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** A plain fixture: fake JDK, home without a loader (no java call at all), the plan tool jar, a cache. */
function fixture(version?: string): PlanToolLaunchOptions & { cacheDir: string } {
  const root = tmp();
  return { java: makeJdk(join(root, 'jdk'), FAKE_JAVA, version), home: makeHome(join(root, 'flink'), false), jar: PLAN_TOOL_JAR, jvmOptions: JVM, cacheDir: join(root, 'cache') };
}

/** A dump that answered: the JVM wrote its archive, the run succeeded. Returns the adopted archive. */
async function dumpOnce(options: PlanToolLaunchOptions): Promise<string> {
  const launch = await planToolLaunch(options);
  const archive = dumpTarget(launch);
  writeFileSync(partialOf(launch), 'archive');
  await launch.succeeded();
  await launch.release();
  expect(existsSync(archive)).toBe(true);
  return archive;
}

describe('planToolLaunch: class path', () => {
  it('puts the plan tool jar first and flink-dist last; the shipped planner jar needs no unpacking', async () => {
    const options = fixture();
    const launch = await planToolLaunch(options);
    const lib = join(options.home, 'lib');
    expect(launch.classpath.split(delimiter)).toEqual([
      PLAN_TOOL_JAR,
      join(lib, 'flink-connector-kafka-5.0.0.jar'),
      join(lib, 'flink-table-planner_2.12-2.2.1.jar'),
      join(lib, 'log4j-api-2.24.jar'),
      join(lib, 'flink-dist-2.2.1.jar'),
    ]);
    await launch.release();
    expect(calls(options.java)).toEqual([]);
  });

  it('swaps the planner loader for the planner it carries, unpacked once into the cache with the loader\'s mtime (real java)', async () => {
    const root = tmp();
    const java = makeJdk(join(root, 'jdk'), realWrapper());
    const home = makeHome(join(root, 'flink'), true);
    const cacheDir = join(root, 'cache');
    const loader = join(home, 'lib', 'flink-table-planner-loader-2.2.1.jar');
    const first = await planToolLaunch({ java, home, jar: PLAN_TOOL_JAR, jvmOptions: JVM, cacheDir });
    await first.release();
    const planner = first.classpath.split(delimiter)[2] ?? '';
    expect(planner).toMatch(new RegExp(`^${join(cacheDir, 'plan-tool', 'planner-')}[0-9a-f]{16}\\.jar$`));
    expect(first.classpath).not.toContain('planner-loader');
    expect(first.classpath.split(delimiter).at(-1)).toBe(join(home, 'lib', 'flink-dist-2.2.1.jar'));
    expect(readFileSync(planner)).toEqual(readFileSync(PLAN_TOOL_JAR));
    expect(sameMtime(planner, loader)).toBe(true);

    const second = await planToolLaunch({ java, home, jar: PLAN_TOOL_JAR, jvmOptions: JVM, cacheDir });
    await second.release();
    expect(second.classpath).toBe(first.classpath);
    expect(calls(java).filter((line) => line.includes('--extract-entry'))).toHaveLength(1);
    expect(planToolFiles(cacheDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    // A new loader jar (another size) is another planner.
    writeFileSync(loader, Buffer.concat([readFileSync(loader), Buffer.from('x')]));
    const third = await planToolLaunch({ java, home, jar: PLAN_TOOL_JAR, jvmOptions: JVM, cacheDir });
    await third.release();
    expect(third.classpath.split(delimiter)[2]).not.toBe(planner);
  });

  it('keeps the loader on the class path when the planner cannot be unpacked, and leaves nothing behind', async () => {
    const root = tmp();
    const java = makeJdk(join(root, 'jdk'), FAKE_JAVA);
    writeFileSync(join(root, 'jdk', 'extract-fails'), '');
    const home = makeHome(join(root, 'flink'), true);
    const cacheDir = join(root, 'cache');
    const launch = await planToolLaunch({ java, home, jar: PLAN_TOOL_JAR, jvmOptions: JVM, cacheDir });
    await launch.release();
    expect(launch.classpath.split(delimiter)).toContain(join(home, 'lib', 'flink-table-planner-loader-2.2.1.jar'));
    expect(planToolFiles(cacheDir).filter((name) => name.startsWith('planner-'))).toEqual([]);
  });

  it('unpacks the planner whole when two launches of one process unpack it at the same time', async () => {
    const root = tmp();
    const java = makeJdk(join(root, 'jdk'), FAKE_JAVA);
    const home = makeHome(join(root, 'flink'), true);
    const cacheDir = join(root, 'cache');
    const options = { java, home, jar: PLAN_TOOL_JAR, jvmOptions: JVM, cacheDir };
    const launches = await Promise.all([planToolLaunch(options), planToolLaunch(options)]);
    for (const launch of launches) await launch.release();
    expect(calls(java).filter((line) => line.includes('--extract-entry'))).toHaveLength(2);
    const planners = launches.map((launch) => launch.classpath.split(delimiter)[2] ?? '');
    expect(planners[0]).toContain(join(cacheDir, 'plan-tool', 'planner-'));
    expect(planners[1]).toBe(planners[0]);
    // Each unpack writes its own temporary file: one shared by both would interleave their writes.
    expect(readFileSync(planners[0] ?? '', 'utf8')).toBe('planner-bytes');
    expect(sameMtime(planners[0] ?? '', join(home, 'lib', 'flink-table-planner-loader-2.2.1.jar'))).toBe(true);
    expect(planToolFiles(cacheDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('planToolLaunch: the archive and its key', () => {
  it('dumps <cacheDir>/plan-tool/cds-<key>.jsa under a lock and maps it on later launches', async () => {
    const options = fixture();
    const launch = await planToolLaunch(options);
    const archive = dumpTarget(launch);
    expect(archive).toMatch(new RegExp(`^${join(options.cacheDir, 'plan-tool', 'cds-')}[0-9a-f]{16}\\.jsa$`));
    expect(existsSync(`${archive}.lock`)).toBe(true);
    writeFileSync(partialOf(launch), 'archive');
    await launch.succeeded();
    expect(readFileSync(archive, 'utf8')).toBe('archive');
    await launch.release();
    expect(planToolFiles(options.cacheDir)).toEqual([`cds-${keyOf(archive)}.jsa`]);

    const mapped = await planToolLaunch(options);
    expect(mapped.usesArchive).toBe(true);
    expect(mapped.archiveOptions).toEqual([`-XX:SharedArchiveFile=${archive}`]);
    expect(mapped.classpath).toBe(launch.classpath);
    await mapped.release();
    expect(existsSync(archive)).toBe(true);
  });

  it('adopts no archive from a run that did not answer, nor an empty one, and drops the lock and the partial file', async () => {
    const options = fixture();
    const failed = await planToolLaunch(options);
    const archive = dumpTarget(failed);
    writeFileSync(partialOf(failed), 'half an archive');
    await failed.release(); // no succeeded(): the run failed
    expect(planToolFiles(options.cacheDir)).toEqual([]);

    const empty = await planToolLaunch(options);
    expect(dumpTarget(empty)).toBe(archive);
    writeFileSync(partialOf(empty), '');
    await empty.succeeded();
    await empty.release();
    expect(planToolFiles(options.cacheDir)).toEqual([]);

    // Nothing written at all (a JDK that cannot dump): the next run tries again.
    const none = await planToolLaunch(options);
    await none.succeeded();
    await none.release();
    expect(dumpTarget(await planToolLaunch(options))).toBe(archive);
  });

  it('changes the key with a class path jar\'s size or mtime, the JDK and the JVM flags, and only with them', async () => {
    const options = fixture();
    const keys: string[] = [];
    const key = async (over: Partial<PlanToolLaunchOptions> = {}) => {
      const launch = await planToolLaunch({ ...options, ...over });
      const k = keyOf(dumpTarget(launch));
      await launch.release();
      keys.push(k);
      return k;
    };
    const base = await key();
    expect(await key()).toBe(base);

    const dist = join(options.home, 'lib', 'flink-dist-2.2.1.jar');
    const { atime, mtime } = statSync(dist);
    utimesSync(dist, atime, new Date(mtime.getTime() - 60_000));
    await key(); // mtime
    writeFileSync(dist, Buffer.concat([readFileSync(dist), Buffer.from('x')]));
    utimesSync(dist, atime, new Date(mtime.getTime() - 60_000));
    await key(); // size, same mtime as the previous key
    const jar = join(options.home, 'plan-tool-copy.jar');
    copyFileSync(PLAN_TOOL_JAR, jar);
    await key({ jar }); // another plan tool jar
    await key({ jvmOptions: [...JVM, '-Xmx1g'] });
    const jdk = join(options.java, '..', '..');
    writeFileSync(join(jdk, 'release'), 'IMPLEMENTOR="test"\nJAVA_VERSION="17.0.16"\n');
    await key(); // a JDK update
    writeFileSync(join(jdk, 'lib', 'server', 'libjvm.so'), 'another libjvm');
    await key();
    writeFileSync(join(jdk, 'lib', 'modules'), 'other modules');
    await key();
    const otherJdk = makeJdk(join(options.cacheDir, '..', 'jdk2'), FAKE_JAVA);
    await key({ java: otherJdk });
    expect(new Set(keys).size).toBe(keys.length - 1); // only the repeated base key repeats
  });

  it('finds the JDK of a java on the PATH through its symlinks (real java)', async () => {
    const options = fixture();
    const launch = await planToolLaunch({ ...options, java: 'java' });
    await launch.release();
    expect(dumpTarget(launch)).toContain(join(options.cacheDir, 'plan-tool', 'cds-'));
    const direct = await planToolLaunch({ ...options, java: REAL_JAVA });
    await direct.release();
    expect(dumpTarget(direct)).toBe(dumpTarget(launch));
  });

  it.each(['11.0.22', '1.8.0_392', '12.0.2'])('gives Java %s no archive', async (version) => {
    const options = fixture(version);
    const launch = await planToolLaunch(options);
    expect(launch).toMatchObject({ archiveOptions: [], usesArchive: false });
    expect(launch.classpath.split(delimiter)[0]).toBe(PLAN_TOOL_JAR);
    await launch.succeeded();
    await launch.release();
    expect(planToolFiles(options.cacheDir)).toEqual([]);
  });

  it('gives Java 13 an archive', async () => {
    const launch = await planToolLaunch(fixture('13'));
    await launch.release();
    dumpTarget(launch);
  });

  it('runs a launch without an archive while another holds the lock, and never drops that lock', async () => {
    const options = fixture();
    const dumping = await planToolLaunch(options);
    const archive = dumpTarget(dumping);
    const meanwhile = await planToolLaunch(options);
    expect(meanwhile).toMatchObject({ archiveOptions: [], usesArchive: false });
    await meanwhile.succeeded();
    await meanwhile.release();
    expect(existsSync(`${archive}.lock`)).toBe(true);
    expect(await planToolLaunch(options)).toMatchObject({ archiveOptions: [] });

    await dumping.release();
    const next = await planToolLaunch(options);
    expect(dumpTarget(next)).toBe(archive);
    await next.release();
  });

  it('takes over a lock left for 10 minutes (its process died), not a younger one', async () => {
    const options = fixture();
    const first = await planToolLaunch(options);
    const archive = dumpTarget(first);
    const lock = `${archive}.lock`;
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    utimesSync(lock, ago(9), ago(9));
    expect(await planToolLaunch(options)).toMatchObject({ archiveOptions: [] });
    utimesSync(lock, ago(11), ago(11));
    const taker = await planToolLaunch(options);
    expect(dumpTarget(taker)).toBe(archive);
    await taker.release();
    expect(existsSync(lock)).toBe(false);
  });

  it('keeps the 3 most recently used archives after a dump', async () => {
    const options = fixture();
    const used = await dumpOnce(options);
    const dir = join(options.cacheDir, 'plan-tool');
    const others = ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb', 'cccccccccccccccc'].map((k, i) => {
      const file = join(dir, `cds-${k}.jsa`);
      writeFileSync(file, k);
      const when = new Date(Date.now() - (i + 1) * 3600_000); // aaaa the newest of them
      utimesSync(file, when, when);
      return file;
    });
    utimesSync(used, new Date(Date.now() - 10 * 3600_000), new Date(Date.now() - 10 * 3600_000));
    writeFileSync(join(dir, 'planner-0123456789abcdef.jar'), 'planner');
    writeFileSync(join(dir, 'cds-dddddddddddddddd.jsa.broken'), '');

    // Mapping the oldest makes it recent; then a dump for other JVM flags prunes to three.
    const mapped = await planToolLaunch(options);
    expect(mapped.usesArchive).toBe(true);
    await mapped.release();
    const fresh = await dumpOnce({ ...options, jvmOptions: [...JVM, '-Xmx1g'] });
    expect(planToolFiles(options.cacheDir)).toEqual(
      [fresh, used, others[0] ?? '', join(dir, 'planner-0123456789abcdef.jar'), join(dir, 'cds-dddddddddddddddd.jsa.broken')].map((file) => file.slice(dir.length + 1)).sort(),
    );
  });

  it('dumps a discarded archive once more, and gives the key up when that one is discarded too', async () => {
    const options = fixture();
    const archive = await dumpOnce(options);
    const first = await planToolLaunch(options);
    expect(first.usesArchive).toBe(true);
    await first.discardArchive();
    await first.release();
    expect(existsSync(archive)).toBe(false);

    expect(await dumpOnce(options)).toBe(archive);
    const second = await planToolLaunch(options);
    expect(second.usesArchive).toBe(true);
    await second.discardArchive();
    await second.release();
    expect(existsSync(archive)).toBe(false);

    const after = await planToolLaunch(options);
    expect(after).toMatchObject({ archiveOptions: [], usesArchive: false });
    await after.release();
    writeFileSync(archive, 'archive'); // even one put back (e.g. by an older version) is not used
    expect(await planToolLaunch(options)).toMatchObject({ archiveOptions: [], usesArchive: false });
    // Other JVM flags are another key, not given up.
    dumpTarget(await planToolLaunch({ ...options, jvmOptions: [...JVM, '-Xmx1g'] }));
  });
});

describe('validateOffline with the archive (real java)', () => {
  function setup(behaviour?: string) {
    const root = tmp();
    const java = makeJdk(join(root, 'jdk'), realWrapper(behaviour));
    const flinkHome = makeHome(join(root, 'flink'), true);
    const cacheDir = join(root, 'cache');
    const run = () => validateOffline('SELECT 1', { java, flinkHome, cacheDir, planToolJar: PLAN_TOOL_JAR });
    const runs = () => calls(java).filter((line) => !line.includes('--extract-entry'));
    const archives = () => planToolFiles(cacheDir).filter((name) => /^cds-[0-9a-f]{16}\.jsa$/.test(name));
    return { root, java, cacheDir, run, runs, archives };
  }
  const archiveFlags = (line: string | undefined) => (line ?? '').split(' ').filter((arg) => arg.includes('Archive'));

  it('dumps, maps, survives a crash on a truncated archive, drops a refused one and then gives the key up', async () => {
    const { root, cacheDir, run, runs, archives } = setup();
    await expect(run()).resolves.toMatchObject({ ok: true, via: 'offline' });
    expect(archives()).toHaveLength(1);
    const archive = join(cacheDir, 'plan-tool', archives()[0] ?? '');
    expect(archiveFlags(runs()[0])).toEqual([expect.stringMatching(/^-XX:ArchiveClassesAtExit=.+\.tmp$/)]);
    expect(planToolFiles(cacheDir).filter((name) => name.endsWith('.lock') || name.endsWith('.tmp'))).toEqual([]);

    await expect(run()).resolves.toMatchObject({ ok: true });
    expect(archiveFlags(runs()[1])).toEqual([`-XX:SharedArchiveFile=${archive}`]);
    expect(runs()).toHaveLength(2);
    expect(existsSync(archive)).toBe(true); // java 17 took it without a word

    // Java aborts on a truncated archive: the run is repeated without it, and the archive dropped.
    truncateSync(archive, 100_000);
    await expect(run()).resolves.toMatchObject({ ok: true });
    expect(runs().slice(2).map(archiveFlags)).toEqual([[`-XX:SharedArchiveFile=${archive}`], []]);
    expect(existsSync(archive)).toBe(false);

    // Dumped once more.
    await expect(run()).resolves.toMatchObject({ ok: true });
    expect(archiveFlags(runs()[4])).toEqual([expect.stringMatching(/ArchiveClassesAtExit/)]);
    expect(existsSync(archive)).toBe(true);

    // An archive of another class path: java warns "Unable to use shared archive" and runs without it.
    const other = join(root, 'other.jar');
    copyFileSync(PLAN_TOOL_JAR, other);
    const foreign = join(root, 'foreign.jsa');
    execFileSync(REAL_JAVA, [`-XX:ArchiveClassesAtExit=${foreign}`, '-cp', other, MAIN, '--split-only', '--script', 'SELECT 1']);
    rmSync(archive);
    copyFileSync(foreign, archive);
    await expect(run()).resolves.toMatchObject({ ok: true });
    expect(runs().slice(5).map(archiveFlags)).toEqual([[`-XX:SharedArchiveFile=${archive}`]]);
    expect(existsSync(archive)).toBe(false);

    // Two archives broke runs: no more dumps for this key.
    await expect(run()).resolves.toMatchObject({ ok: true });
    expect(runs().slice(6).map(archiveFlags)).toEqual([[]]);
    expect(archives()).toEqual([]);
  });

  it('repeats a run that crashed while dumping once without the archive, and dumps no more for that key', async () => {
    const { run, runs, archives } = setup(`case "$*" in *ArchiveClassesAtExit*) kill -SEGV $$ ;; esac`);
    await expect(run()).resolves.toMatchObject({ ok: true, via: 'offline' });
    expect(runs().map(archiveFlags)).toEqual([[expect.stringMatching(/ArchiveClassesAtExit/)], []]);
    await expect(run()).resolves.toMatchObject({ ok: true });
    expect(runs().slice(2).map(archiveFlags)).toEqual([[]]);
    expect(archives()).toEqual([]);
  });

  it('fails a run that crashes without an archive too, after that one retry', async () => {
    const { run, runs, archives } = setup('kill -SEGV $$');
    await expect(run()).rejects.toMatchObject({ code: 'DEPLOY_PLAN_TOOL_FAILED' });
    expect(runs()).toHaveLength(2);
    expect(archives()).toEqual([]);
  });

  it('lets two concurrent validations dump one archive between them', async () => {
    const { cacheDir, run, runs, archives } = setup();
    const verdicts = await Promise.all([run(), run()]);
    expect(verdicts.map((v) => v.ok)).toEqual([true, true]);
    expect(runs().filter((line) => line.includes('ArchiveClassesAtExit'))).toHaveLength(1);
    expect(archives()).toHaveLength(1);
    expect(planToolFiles(cacheDir).filter((name) => name.endsWith('.lock') || name.endsWith('.tmp'))).toEqual([]);
  });
});
