import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_FLINK_VERSION, defaultCacheDir, flinkHomePrefix } from '@sluice/stack';
import { deployError } from '../error-codes';

/** Where to find the Flink distribution whose planner the offline path uses. */
export interface FlinkHomeOptions {
  /** An explicit FLINK_HOME; wins over everything else. */
  flinkHome?: string;
  /** Flink version of the distribution assembled by `@sluice/stack` (default `$SLUICE_FLINK_VERSION` or 2.2.1). */
  flinkVersion?: string;
  /** Kafka connector version of that distribution (default: the only one cached for the Flink version). */
  kafkaConnectorVersion?: string;
  /** `@sluice/stack`'s cache directory (default `$SLUICE_CACHE_DIR` or `~/.cache/sluice`). */
  cacheDir?: string;
}

/**
 * Finds FLINK_HOME: `options.flinkHome`, else `$SLUICE_FLINK_HOME`, else the distribution that
 * `@sluice/stack` assembled in its cache.
 *
 * The cache layout is the stack's: its {@link defaultCacheDir} and the folder names of {@link flinkHomePrefix}.
 *
 * @example
 * ```ts
 * resolveFlinkHome({ flinkVersion: '2.2.1' }) // => '/home/me/.cache/sluice/flink-2.2.1-kafka-5.0.0-2.2'
 * ```
 */
export function resolveFlinkHome(options: FlinkHomeOptions = {}, env: NodeJS.ProcessEnv = process.env): string {
  const explicit = options.flinkHome ?? env.SLUICE_FLINK_HOME;
  if (explicit !== undefined && explicit !== '') return checkHome(resolve(explicit), 'the given FLINK_HOME');
  const version = options.flinkVersion ?? env.SLUICE_FLINK_VERSION ?? DEFAULT_FLINK_VERSION;
  const cacheDir = resolve(options.cacheDir ?? defaultCacheDir(env));
  const connector = options.kafkaConnectorVersion ?? env.SLUICE_KAFKA_CONNECTOR_VERSION;
  // `-jdbc-<version>` may follow the connector; the sort puts such a home after one without it.
  const wanted = flinkHomePrefix(version, connector);
  const candidates = existsSync(cacheDir) ? readdirSync(cacheDir).filter((name) => name.startsWith(wanted)).sort() : [];
  const found = candidates.map((name) => join(cacheDir, name)).filter((dir) => existsSync(join(dir, 'lib')));
  const home = found[found.length - 1];
  if (home === undefined) {
    throw deployError('DEPLOY_FLINK_HOME_MISSING', `no Flink ${version} distribution found in ${cacheDir}`, {
      details: { cacheDir, flinkVersion: version, kafkaConnectorVersion: connector },
      suggestion: `run \`npm run stack:fetch\` (SLUICE_FLINK_VERSION=${version}) or pass flinkHome`,
    });
  }
  return checkHome(home, `the Flink ${version} distribution`);
}

function checkHome(home: string, what: string): string {
  const lib = join(home, 'lib');
  const jars = existsSync(lib) ? readdirSync(lib) : [];
  if (!jars.some((name) => name.startsWith('flink-dist')) || !jars.some((name) => name.startsWith('flink-table-planner'))) {
    throw deployError('DEPLOY_FLINK_HOME_MISSING', `${what} at ${home} has no lib/flink-dist and flink-table-planner jars`, {
      details: { flinkHome: home, lib: jars },
      suggestion: 'point flinkHome at an unpacked Flink binary distribution',
    });
  }
  return home;
}

// Flink's own defaults (env.java.opts.all in conf/config.yaml of 2.x): the planner reflects into these.
const FALLBACK_JVM_OPTS = [
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.net=ALL-UNNAMED',
  '--add-opens=java.base/java.time=ALL-UNNAMED',
  '--add-opens=java.base/java.text=ALL-UNNAMED',
];

/**
 * The JVM flags Flink itself starts with: `env.java.opts.all` from `<home>/conf/config.yaml` (nested
 * `env: java: opts: all:` or the flat key), else Flink 2.x's defaults.
 */
export function flinkJvmOptions(home: string): string[] {
  const file = join(home, 'conf', 'config.yaml');
  if (existsSync(file)) {
    // Only one scalar is needed; a line match avoids a YAML dependency for it.
    const match = /^\s*(?:env\.java\.opts\.)?all:\s*(.+)$/m.exec(readFileSync(file, 'utf8'));
    const value = match?.[1]?.trim().replace(/^["']|["']$/g, '');
    if (value !== undefined && value.startsWith('-')) return value.split(/\s+/);
  }
  return FALLBACK_JVM_OPTS;
}
