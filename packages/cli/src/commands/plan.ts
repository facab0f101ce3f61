import { plan, type DeployPlan } from '@sluice/deploy';
import type { CliIo, CommandResult, GlobalOptions } from '../io';
import { withContext } from '../load';

/** Options of {@link planCommand}. */
export interface PlanCommandOptions extends GlobalOptions {
  readonly signals?: readonly string[];
}

/** The plan as JSON (without the compiled scripts, which carry unmasked SQL). */
export function planJson(p: DeployPlan): unknown {
  return { project: p.project, environment: p.environment, hasChanges: p.hasChanges, topics: p.topics.changes, schemas: p.schemas.map(({ schema: _schema, ...s }) => s), jobs: p.jobs };
}

/** The plan for people: topics, then jobs with their SQL diffs. */
export function renderPlan(p: DeployPlan): string {
  const lines: string[] = [`project ${p.project} (${p.environment})`, 'topics:'];
  for (const c of p.topics.changes) {
    const extra = c.action === 'update' ? ` (${c.drift.map((d) => `${d.property}: ${String(d.actual)} -> ${String(d.desired)}`).join(', ')})` : c.action === 'refused' ? ` (${c.reasons.join('; ')})` : '';
    lines.push(`  ${c.action.padEnd(9)} ${c.topic}${extra}`);
  }
  if (p.schemas.length > 0) {
    lines.push('schemas:');
    for (const s of p.schemas) {
      const version = s.currentVersion === undefined ? '' : ` (version ${s.currentVersion}, ${s.compatibility})`;
      lines.push(`  ${s.action.padEnd(9)} ${s.subject}${version}`);
      for (const change of s.changes) lines.push(`      ${change}`);
    }
  }
  lines.push('jobs:');
  for (const j of p.jobs) {
    const version = j.action === 'upgrade' ? `${j.currentVersion ?? '?'} -> ${j.desiredVersion ?? '?'}` : (j.desiredVersion ?? j.currentVersion ?? '');
    lines.push(`  ${j.action.padEnd(9)} ${j.signal} ${version}  (${j.reason})`);
    if (j.stateCheck !== undefined) lines.push(`      state: ${j.stateCheck.verdict}${j.stateCheck.operator === undefined ? '' : ` at ${j.stateCheck.operator}`}: ${j.stateCheck.reason}${j.stateCheck.verdict === 'incompatible' ? ' (deploy refuses it without --allow-state-loss)' : ''}`);
    if (j.diff !== undefined) lines.push(...j.diff.split('\n').map((l) => `      ${l}`));
  }
  lines.push(p.hasChanges ? 'changes pending: run `sluice deploy` to apply them' : 'nothing to change');
  return lines.join('\n');
}

/**
 * `sluice plan`: what deploy would change. Exit 0 when nothing would, 3 when changes are pending.
 *
 * @example
 * ```ts
 * const { exitCode } = await planCommand(io, {}) // 3 before the first deploy
 * ```
 */
export async function planCommand(io: CliIo, options: PlanCommandOptions): Promise<CommandResult> {
  return withContext(io, options, async (ctx) => {
    const p = await plan(ctx, options.signals === undefined ? {} : { signals: options.signals });
    return { exitCode: p.hasChanges ? 3 : 0, json: planJson(p), text: renderPlan(p) };
  });
}
