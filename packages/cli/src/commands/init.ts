import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { CliIo, CommandResult } from '../io';
import { packageDependencies, packageScripts, projectFiles, type TemplateValues } from '../init/templates';
import { cliVersion } from '../version';
import { cliError } from '../error-codes';

/** Options of {@link initCommand}. */
export interface InitOptions {
  /** Overwrite files that exist (package.json is merged either way). */
  readonly force?: boolean;
  /** Sluice project name (default: from the directory name). */
  readonly name?: string;
  readonly json?: boolean;
}

/** What `sluice init` did, file by file. */
export interface InitResult {
  readonly dir: string;
  readonly project: string;
  readonly created: readonly string[];
  readonly overwritten: readonly string[];
  /** package.json when it existed and was merged. */
  readonly merged: readonly string[];
}

const PROJECT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A Sluice project name from a directory name: invalid characters become `_`. */
export function projectNameOf(dir: string): string {
  const cleaned = basename(resolve(dir)).replace(/[^A-Za-z0-9_-]/g, '_');
  return /^[A-Za-z_]/.test(cleaned) ? cleaned : `_${cleaned}`;
}

/** An npm package name from a project name (lower case, `-`). */
function packageNameOf(project: string): string {
  return project.toLowerCase().replace(/[^a-z0-9-]/g, '-').replace(/^-+/, '') || 'sluice-project';
}

type Json = Record<string, unknown>;

/**
 * `sluice init [dir]`: scaffolds a project a team starts from: package.json (merged into an existing
 * one: dependencies already there are kept as they are; other fields are filled in, replaced only with
 * `--force`), a strict tsconfig, `sluice.config.ts` with the local stack and a `prod` cluster, a source
 * and an RSI signal, a typed consumer and a producer, a `runSignal` test, compile-time row-type checks,
 * a README and a CI workflow running `sluice validate --offline --junit`. Refuses to overwrite any
 * other existing file unless `force` (`CLI_INIT_FILES_EXIST`, naming them; nothing is written then).
 *
 * @throws SluiceError `CLI_INIT_FILES_EXIST`, `CLI_INVALID_NAME`, `CLI_INIT_PACKAGE_JSON`
 * @example
 * ```ts
 * const { text } = await initCommand(io, 'my-signals', {})
 * // created my-signals/sluice.config.ts ... next: cd my-signals && npm install && npx sluice validate --offline
 * ```
 */
export async function initCommand(io: CliIo, dir: string | undefined, options: InitOptions): Promise<CommandResult> {
  const root = resolve(io.cwd, dir ?? '.');
  const project = options.name ?? projectNameOf(root);
  if (!PROJECT_NAME.test(project)) {
    throw cliError('CLI_INVALID_NAME', `'${project}' is not a valid project name`, {
      details: { name: project },
      suggestion: 'use letters, digits, _ and - (it names jobs sluice.<project>.<signal> and prefixes topics): --name my_signals',
    });
  }
  const values: TemplateValues = { project, packageName: packageNameOf(project), version: cliVersion() };
  const files = projectFiles(values);
  const existing = Object.keys(files).filter((path) => existsSync(join(root, path)));
  if (existing.length > 0 && options.force !== true) {
    throw cliError('CLI_INIT_FILES_EXIST', `${existing.length} file(s) of the scaffold exist in ${root}: ${existing.join(', ')}`, {
      details: { dir: root, files: existing },
      suggestion: 'run `sluice init` in an empty directory, or pass --force to overwrite these files',
    });
  }
  const packageFile = join(root, 'package.json');
  const hadPackage = existsSync(packageFile);
  const manifest = mergePackageJson(hadPackage ? readPackageJson(packageFile) : {}, values, options.force === true);

  mkdirSync(root, { recursive: true });
  writeFileSync(packageFile, `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const result: InitResult = {
    dir: root,
    project,
    created: [...(hadPackage ? [] : ['package.json']), ...Object.keys(files).filter((p) => !existing.includes(p))],
    overwritten: existing,
    merged: hadPackage ? ['package.json'] : [],
  };
  const shown = dir === undefined || root === io.cwd ? '.' : dir;
  const lines = [
    ...result.created.map((p) => `created     ${p}`),
    ...result.merged.map((p) => `merged      ${p}`),
    ...result.overwritten.map((p) => `overwritten ${p}`),
    '',
    `project ${project} in ${root}. Next:`,
    ...(shown === '.' ? [] : [`  cd ${shown}`]),
    '  npm install',
    '  npx sluice stack up && npx sluice validate --offline && npx sluice deploy',
    '  npm run produce && npm run consume -- 20',
  ];
  return { exitCode: 0, json: result, text: lines.join('\n') };
}

function readPackageJson(file: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw cliError('CLI_INIT_PACKAGE_JSON', `${file} is not valid JSON`, { cause, details: { file }, suggestion: 'fix or remove package.json, then run sluice init again' });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw cliError('CLI_INIT_PACKAGE_JSON', `${file} is not a JSON object`, { details: { file }, suggestion: 'fix or remove package.json, then run sluice init again' });
  }
  return value as Json;
}

/**
 * The scaffold's package.json fields over an existing one. A dependency that is already there (in any
 * dependency section, e.g. installed from a tarball) is never re-pinned; scripts and other fields are
 * replaced only with `force`.
 */
export function mergePackageJson(existing: Json, values: TemplateValues, force: boolean): Json {
  const out: Json = { ...existing };
  const put = (key: string, value: unknown): void => {
    if (force || out[key] === undefined) out[key] = value;
  };
  put('name', values.packageName);
  put('version', '0.1.0');
  put('private', true);
  put('description', `Sluice signals of project ${values.project}`);
  const scripts = { ...(isObject(existing.scripts) ? existing.scripts : {}) };
  for (const [name, command] of Object.entries(packageScripts())) if (force || scripts[name] === undefined) scripts[name] = command;
  out.scripts = scripts;
  const installed = new Set(['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'].flatMap((k) => (isObject(existing[k]) ? Object.keys(existing[k]) : [])));
  const wanted = packageDependencies(values);
  for (const section of ['dependencies', 'devDependencies'] as const) {
    const deps = { ...(isObject(existing[section]) ? existing[section] : {}) };
    for (const [name, range] of Object.entries(wanted[section])) if (!installed.has(name)) deps[name] = range;
    if (Object.keys(deps).length > 0) out[section] = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
  }
  put('engines', { node: '>=20' });
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
