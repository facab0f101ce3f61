import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ResolvedConfig } from './config-types';
import { resolveConfig } from './resolve-config';
import { deployError } from '../error-codes';

/** Loads a module (a `.ts` config or signal file) and returns its exports; the CLI passes jiti's. */
export type ModuleImporter = (file: string) => Promise<unknown>;

/** Config file names, in the order they are looked for. */
export const CONFIG_FILES = ['sluice.config.ts', 'sluice.config.js', 'sluice.config.cjs', 'sluice.yaml', 'sluice.yml'] as const;

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /** Where to start looking (default `process.cwd()`); parent directories are searched too. */
  readonly cwd?: string;
  /** An explicit config file; wins over the search. */
  readonly configFile?: string;
  /** Environment name, default `$SLUICE_ENV` or `dev`. */
  readonly environment?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Imports `sluice.config.ts`/`.js` (needed for those; YAML needs none). */
  readonly importer?: ModuleImporter;
}

/**
 * Finds the config file from `cwd` upwards.
 *
 * @example
 * ```ts
 * findConfigFile('/repo/signals') // '/repo/sluice.config.ts'
 * ```
 */
export function findConfigFile(cwd: string): string | undefined {
  let dir = resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILES) {
      const file = join(dir, name);
      if (existsSync(file)) return file;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Reads and checks the project config for one environment.
 *
 * @throws SluiceError `DEPLOY_CONFIG_MISSING`, `DEPLOY_CONFIG_INVALID` (the message names the key), `DEPLOY_CONFIG_LOAD_FAILED`
 * @example
 * ```ts
 * const config = await loadConfig({ cwd: 'examples/cli-demo', environment: 'dev', importer: (f) => jiti.import(f) })
 * ```
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ResolvedConfig> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = options.configFile !== undefined ? resolve(cwd, options.configFile) : findConfigFile(cwd);
  if (file === undefined || !existsSync(file)) {
    throw deployError('DEPLOY_CONFIG_MISSING', file === undefined ? `no sluice.config.ts or sluice.yaml in ${cwd} or above` : `config file not found: ${file}`, {
      details: { cwd, ...(file === undefined ? {} : { configFile: file }) },
      suggestion: 'create sluice.config.ts (export default defineConfig({ project, signals })) or sluice.yaml, or pass --config <file>',
    });
  }
  const raw = /\.ya?ml$/.test(file) ? readYaml(file) : await importConfig(file, options.importer);
  return resolveConfig(raw, { configFile: file, environment: options.environment ?? (env.SLUICE_ENV || 'dev'), env });
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (cause) {
    const where = cause instanceof YAMLParseError && cause.linePos?.[0] !== undefined ? ` at line ${cause.linePos[0].line}, column ${cause.linePos[0].col}` : '';
    const reason = cause instanceof Error ? (cause.message.split('\n')[0] ?? cause.message) : String(cause);
    throw deployError('DEPLOY_CONFIG_INVALID', `${file}: invalid YAML${where}: ${reason}`, { cause, details: { key: '(yaml)', configFile: file }, suggestion: 'fix the YAML syntax at that position (indentation, a missing colon or quote)' });
  }
}

async function importConfig(file: string, importer: ModuleImporter | undefined): Promise<unknown> {
  if (importer === undefined) {
    throw deployError('DEPLOY_CONFIG_LOAD_FAILED', `cannot load ${file} without a module importer`, { suggestion: 'pass options.importer (the CLI uses jiti), or use sluice.yaml' });
  }
  let mod: unknown;
  try {
    mod = await importer(file);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    throw deployError('DEPLOY_CONFIG_LOAD_FAILED', `${file} failed to load: ${reason}`, { cause, suggestion: 'fix the error in the config file (run it with node or tsc to see more)' });
  }
  const value = mod !== null && typeof mod === 'object' && 'default' in mod ? (mod as { default: unknown }).default : mod;
  return value;
}
