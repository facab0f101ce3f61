import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isSluiceError } from '@sluice/errors';
import type { Signal } from '@sluice/dsl';
import type { ResolvedConfig } from '../config/config-types';
import { loadConfig, type LoadConfigOptions, type ModuleImporter } from '../config/load-config';
import { deployError } from '../error-codes';

/** A loaded project: its config and every signal its modules export. */
export interface Project {
  readonly config: ResolvedConfig;
  /** Signals in a stable order (by name). */
  readonly signals: readonly Signal[];
  /** The module each signal came from (absolute path), by signal name. */
  readonly modules: Readonly<Record<string, string>>;
}

const MODULE = /\.(ts|mts|cts|js|cjs|mjs)$/;

function isSignal(value: unknown): value is Signal {
  return value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'Signal' && typeof (value as { name?: unknown }).name === 'string';
}

function moduleFiles(path: string): string[] {
  if (!existsSync(path)) {
    throw deployError('DEPLOY_CONFIG_INVALID', `signals: ${path} does not exist`, { details: { key: 'signals', path }, suggestion: 'point signals at existing files or directories, relative to the config file' });
  }
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => MODULE.test(name) && !name.endsWith('.d.ts') && !/\.(test|spec)\./.test(name))
    .sort()
    .map((name) => join(path, name));
}

/**
 * Imports every signal module of a config and collects the exported signals (each value with
 * `kind: 'Signal'`; one signal exported twice counts once).
 *
 * @throws SluiceError `DEPLOY_SIGNAL_MODULE_FAILED` (a module threw; DSL errors keep their code), `DEPLOY_DUPLICATE_SIGNAL`, `DEPLOY_NO_SIGNALS`
 * @example
 * ```ts
 * const project = await loadProject(config, (file) => jiti.import(file))
 * project.signals.map((s) => s.name) // ['clicks_per_user', 'pages_per_minute']
 * ```
 */
export async function loadProjectSignals(config: ResolvedConfig, importer: ModuleImporter): Promise<Project> {
  const byName = new Map<string, { signal: Signal; module: string }>();
  for (const file of config.signals.flatMap(moduleFiles)) {
    let mod: unknown;
    try {
      mod = await importer(file);
    } catch (cause) {
      if (isSluiceError(cause)) throw cause;
      const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
      throw deployError('DEPLOY_SIGNAL_MODULE_FAILED', `${file} failed to load: ${reason}`, { cause, details: { module: file }, suggestion: 'fix the error in that module (tsc --noEmit shows type errors)' });
    }
    if (mod === null || typeof mod !== 'object') continue;
    for (const value of Object.values(mod as Record<string, unknown>)) {
      if (!isSignal(value)) continue;
      const seen = byName.get(value.name);
      if (seen !== undefined && seen.signal !== value) {
        throw deployError('DEPLOY_DUPLICATE_SIGNAL', `two signals are named '${value.name}' (${seen.module} and ${file})`, { details: { signal: value.name }, suggestion: 'rename one of them: the name is the job identity' });
      }
      byName.set(value.name, { signal: value, module: file });
    }
  }
  if (byName.size === 0) {
    throw deployError('DEPLOY_NO_SIGNALS', `no signals exported by ${config.signals.join(', ')}`, { suggestion: "export each signal: export const vwap = signal('vwap').from(...).to(...)" });
  }
  const names = [...byName.keys()].sort();
  return {
    config,
    signals: names.map((n) => (byName.get(n) as { signal: Signal }).signal),
    modules: Object.fromEntries(names.map((n) => [n, (byName.get(n) as { module: string }).module])),
  };
}

/** Options of {@link loadProject}. */
export interface LoadProjectOptions extends LoadConfigOptions {
  /** Imports config (`.ts`) and signal modules; the CLI passes jiti's `import`. */
  readonly importer: ModuleImporter;
}

/**
 * Loads the config and the signals of a project in one call.
 *
 * @example
 * ```ts
 * const project = await loadProject({ cwd: 'examples/cli-demo', importer: (file) => jiti.import(file) })
 * ```
 */
export async function loadProject(options: LoadProjectOptions): Promise<Project> {
  const config = await loadConfig(options);
  return loadProjectSignals(config, options.importer);
}
