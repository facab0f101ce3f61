import { validateProject, writeJunitReport } from '@sluice/deploy';
import { resolve } from 'node:path';
import type { CliIo, CommandResult, GlobalOptions } from '../io';
import { loadCliProject } from '../load';

/** Options of {@link validateCommand}. */
export interface ValidateOptions extends GlobalOptions {
  readonly offline?: boolean;
  readonly junit?: string;
  readonly signals?: readonly string[];
}

/**
 * `sluice validate`: compile every signal and have Flink's planner check it. Exit 1 when one fails.
 *
 * @example
 * ```ts
 * const { exitCode, text } = await validateCommand(io, { offline: true, junit: 'validate.xml' })
 * ```
 */
export async function validateCommand(io: CliIo, options: ValidateOptions): Promise<CommandResult> {
  const project = await loadCliProject(io, options);
  const result = await validateProject(project, { ...(options.offline === true ? { offline: true } : {}), ...(options.signals === undefined ? {} : { signals: options.signals }) });
  if (options.junit !== undefined) writeJunitReport(result, resolve(io.cwd, options.junit), project.config.project);
  const lines = result.signals.map((s) => {
    if (s.ok) return `ok    ${s.signal}`;
    const e = s.error;
    const where = e?.field !== undefined ? ` [field ${e.field}]` : e?.line !== undefined ? ` [line ${e.line}${e.column === undefined ? '' : `:${e.column}`} of \`sluice sql ${s.signal}\`]` : '';
    return `FAIL  ${s.signal}: ${e?.message ?? 'rejected'}${where}${e?.suggestion === undefined ? '' : `\n      ${e.suggestion}`}`;
  });
  const failed = result.signals.filter((s) => !s.ok).length;
  lines.push(failed === 0 ? `${result.signals.length} signal(s) valid (${result.via})` : `${failed} of ${result.signals.length} signal(s) invalid (${result.via})`);
  return { exitCode: failed === 0 ? 0 : 1, json: result, text: lines.join('\n') };
}
