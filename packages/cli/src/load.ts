import { createJiti } from 'jiti';
import { createContext, loadProject, type DeployContext, type ModuleImporter, type Project } from '@sluice/deploy';
import type { CliIo, GlobalOptions } from './io';

/** Imports `.ts` config and signal modules with jiti (no build step for the user's project). */
export function jitiImporter(cwd: string): ModuleImporter {
  const jiti = createJiti(`${cwd}/`, { moduleCache: false, fsCache: false, interopDefault: false });
  return (file) => jiti.import(file);
}

/** Loads the project the options and working directory point at. */
export function loadCliProject(io: CliIo, options: GlobalOptions): Promise<Project> {
  return loadProject({
    cwd: io.cwd,
    env: io.env,
    importer: jitiImporter(io.cwd),
    ...(options.config === undefined ? {} : { configFile: options.config }),
    ...(options.env === undefined ? {} : { environment: options.env }),
  });
}

/** Runs `fn` with a context for the project, closing its clients afterwards. */
export async function withContext<T>(io: CliIo, options: GlobalOptions, fn: (ctx: DeployContext) => Promise<T>): Promise<T> {
  const ctx = createContext(await loadCliProject(io, options));
  try {
    return await fn(ctx);
  } finally {
    await ctx.close();
  }
}
