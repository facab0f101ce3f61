import { apply, plan, recoverSignals, rollback } from '@sluice/deploy';
import type { CliIo, CommandResult, GlobalOptions } from '../io';
import { withContext } from '../load';
import { planJson, renderPlan } from './plan';

/** Options of {@link deployCommand}. */
export interface DeployOptions extends GlobalOptions {
  readonly signals?: readonly string[];
  readonly via?: 'gateway' | 'jar';
  readonly allowNonRestoredState?: boolean;
  /** Upgrade signals whose state would not restore, starting them without state. */
  readonly allowStateLoss?: boolean;
  /** `false`: skip the state check of upgrades (Flink then decides on restore, as before the check). */
  readonly stateCheck?: boolean;
}

/**
 * `sluice deploy [signals...]`: plan, then apply (topics, new jobs, upgrades through savepoints),
 * printing progress to stderr. Deploying twice changes nothing the second time. An upgrade whose
 * state would not restore is refused (exit 1, `DEPLOY_STATE_INCOMPATIBLE`, the old job keeps running)
 * unless `allowStateLoss`.
 *
 * @example
 * ```ts
 * await deployCommand(io, { signals: ['clicks_per_user'], via: 'gateway' })
 * ```
 */
export async function deployCommand(io: CliIo, options: DeployOptions): Promise<CommandResult> {
  return withContext(io, options, async (ctx) => {
    // Jobs a lost JobManager took along come back from their checkpoints first; the plan then sees them running.
    const recovered = (
      await recoverSignals(ctx, {
        ...(options.signals === undefined ? {} : { signals: options.signals }),
        ...(options.via === undefined ? {} : { via: options.via }),
        onProgress: (progress) => {
          if (options.json !== true) io.err(progress.message);
        },
      })
    ).filter((r) => r.action !== 'running');
    // A skipped signal without state to restore is started from scratch by the plan below: say so.
    for (const r of recovered) if ((r.skipped === 'no-restore-point' || r.skipped === 'no-statements') && options.json !== true) io.err(`${r.message}; deploy starts it from scratch`);
    const p = await plan(ctx, { ...(options.signals === undefined ? {} : { signals: options.signals }), ...(options.stateCheck === false ? { checkState: false } : {}) });
    if (options.json !== true) io.err(renderPlan(p));
    const result = await apply(ctx, p, {
      onProgress: (progress) => {
        if (options.json !== true) io.err(ctx.project.config.secrets.mask(progress.message));
      },
      ...(options.via === undefined ? {} : { via: options.via }),
      ...(options.allowNonRestoredState === true ? { allowNonRestoredState: true } : {}),
      ...(options.allowStateLoss === true ? { allowStateLoss: true } : {}),
    });
    const lines = result.jobs.map((j) => `${j.action.padEnd(9)} ${j.signal}${j.jobId === undefined ? '' : ` job ${j.jobId}`}${j.savepoint === undefined ? '' : ` (savepoint ${j.savepoint})`}${j.startedFresh === true ? ' started WITHOUT state (--allow-state-loss)' : ''}`);
    if (result.topics.created.length > 0) lines.unshift(`created topics ${result.topics.created.join(', ')}`);
    lines.unshift(...recovered.filter((r) => r.action === 'recovered').map((r) => `recovered ${r.signal} job ${r.jobId ?? ''} (${r.from === undefined ? 'from scratch' : `${r.from.kind} ${r.from.path}`})`));
    return { exitCode: 0, json: { recovered, plan: planJson(p), result }, text: lines.join('\n') };
  });
}

/** Options of {@link rollbackCommand}. */
export interface RollbackCommandOptions extends GlobalOptions {
  readonly via?: 'gateway' | 'jar';
  readonly allowNonRestoredState?: boolean;
  readonly replay?: boolean;
}

/**
 * `sluice rollback <signal>`: restore the version before the last upgrade from its savepoint.
 *
 * @example
 * ```ts
 * await rollbackCommand(io, 'clicks_per_user', {})
 * ```
 */
export async function rollbackCommand(io: CliIo, signal: string, options: RollbackCommandOptions): Promise<CommandResult> {
  return withContext(io, options, async (ctx) => {
    const r = await rollback(ctx, signal, {
      onProgress: (p) => {
        if (options.json !== true) io.err(p.message);
      },
      ...(options.via === undefined ? {} : { via: options.via }),
      ...(options.allowNonRestoredState === true ? { allowNonRestoredState: true } : {}),
      ...(options.replay === true ? { replay: true } : {}),
    });
    const how = r.restoredFrom === 'savepoint-just-taken' ? 'continuing from the savepoint just taken' : 'replaying from its own savepoint';
    return { exitCode: 0, json: r, text: `${signal}: rolled back ${r.from.version} -> ${r.to.version} (job ${r.to.jobId}, ${how}: ${r.to.savepoint})` };
  });
}
