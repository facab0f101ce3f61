import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliIo, CommandResult, GlobalOptions } from './io';
import { validateCommand } from './commands/validate';
import { planCommand } from './commands/plan';
import { deployCommand, rollbackCommand } from './commands/deploy';
import { cancelCommand, listCommand, savepointCommand, sqlCommand, statusCommand } from './commands/jobs';
import { tailCommand } from './commands/tail';
import { recoverCommand } from './commands/recover';
import { backfillCommand } from './commands/backfill';
import { stackCommand } from './commands/stack';
import { dashboardCommand } from './commands/dashboard';
import { initCommand } from './commands/init';
import { cliVersion } from './version';

/** Filled by the action that ran: its result and the global options it saw. */
export interface ProgramRun {
  result?: CommandResult;
  globals: GlobalOptions;
}

const EXAMPLES = `
Examples:
  $ sluice init my-signals               # a new project: config, signal, consumer, test, CI workflow
  $ sluice validate                      # every signal through Flink's planner (SQL Gateway)
  $ sluice validate --offline --junit validate.xml   # no cluster needed; a JUnit report for CI
  $ sluice plan                          # what deploy would change (exit 3 when something would)
  $ sluice deploy                        # topics, new jobs, upgrades through savepoints
  $ sluice deploy clicks_per_user --via jar
  $ sluice status --watch                # state, checkpoints, watermark lag, backpressure, lag
  $ sluice tail clicks_per_user --from earliest --limit 20
  $ sluice dashboard                     # a live web page of the signals and their jobs
  $ sluice rollback clicks_per_user      # the version before the last upgrade (--replay: recompute since then)
  $ sluice recover                       # after a lost JobManager: signals back from their checkpoints
  $ sluice backfill vwap_1m --from 2026-12-01T00:00:00Z --into signals.vwap_1m.history
  $ sluice --env prod plan --json

Exit codes: 0 ok, 1 a problem found, 2 usage or config error, 3 plan has changes.
Config: sluice.config.ts (export default defineConfig({...})) or sluice.yaml, found from the
working directory up; secrets by reference (env:NAME, file:path) are never printed.`;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number >= 1');
  return n;
}

const via = (): Option => new Option('--via <path>', 'submit through the SQL Gateway or the sql-runner jar (/jars)').choices(['gateway', 'jar']);

/**
 * The `sluice` program (commander). Actions call the plain command functions and leave their result
 * in `run`; nothing here exits the process (`exitOverride`), so tests parse with it directly.
 *
 * @example
 * ```ts
 * const run: ProgramRun = { globals: {} }
 * await buildProgram(io, run).parseAsync(['plan', '--json'], { from: 'user' })
 * run.result?.exitCode // 0 or 3
 * ```
 */
export function buildProgram(io: CliIo, run: ProgramRun): Command {
  const program = new Command('sluice')
    .description('Validate, plan, deploy and watch TypeScript signals on Apache Flink')
    .option('-c, --config <file>', 'config file (default: sluice.config.ts or sluice.yaml, searched upwards)')
    .option('-e, --env <name>', 'environment of the config (default: $SLUICE_ENV or dev)')
    .option('--json', 'machine-readable output')
    .option('--verbose', 'stack traces and full server messages on errors')
    .version(cliVersion(), '-V, --version', "print sluice's version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showSuggestionAfterError(true)
    .addHelpText('after', EXAMPLES);

  const globals = (cmd: Command): GlobalOptions => {
    const o = cmd.optsWithGlobals<GlobalOptions>();
    run.globals = { ...(o.config === undefined ? {} : { config: o.config }), ...(o.env === undefined ? {} : { env: o.env }), json: o.json === true, verbose: o.verbose === true };
    return run.globals;
  };
  const sub = (name: string, description: string, example: string): Command =>
    program.command(name).description(description).exitOverride().addHelpText('after', `\nExample:\n  $ ${example}`);

  sub('init', 'scaffold a project: config, a source and an RSI signal, typed consumer, runSignal test, README, CI workflow', 'sluice init my-signals')
    .argument('[dir]', 'where (default: the working directory; created if missing)')
    .option('--force', 'overwrite files of the scaffold that exist (package.json is always merged)')
    .option('--name <project>', 'project name (default: from the directory name)')
    .action(async (dir: string | undefined, o: { force?: boolean; name?: string }, cmd: Command) => {
      run.result = await initCommand(io, dir, { ...globals(cmd), ...o });
    });

  sub('validate', "compile every signal and check it with Flink's planner (exit 1 if one fails)", 'sluice validate --offline --junit reports/sluice.xml')
    .argument('[signals...]', 'only these signals')
    .option('--offline', "use flink-jobs' plan tool on the local Flink distribution (no cluster)")
    .option('--junit <file>', 'also write a JUnit XML report')
    .action(async (signals: string[], o: { offline?: boolean; junit?: string }, cmd: Command) => {
      run.result = await validateCommand(io, { ...globals(cmd), ...o, ...(signals.length > 0 ? { signals } : {}) });
    });

  sub('plan', 'show what deploy would change: topics and jobs, with SQL diffs (exit 3 when changes are pending)', 'sluice plan clicks_per_user')
    .argument('[signals...]', 'only these signals')
    .action(async (signals: string[], _o: unknown, cmd: Command) => {
      run.result = await planCommand(io, { ...globals(cmd), ...(signals.length > 0 ? { signals } : {}) });
    });

  sub('deploy', 'create topics, submit new jobs, upgrade changed ones through savepoints (refusing upgrades whose state would not restore); idempotent', 'sluice deploy --via jar clicks_per_user')
    .alias('apply')
    .argument('[signals...]', 'only these signals (default: all; removed signals are stopped only then)')
    .addOption(via())
    .option('--allow-non-restored-state', 'start upgrades even if some savepoint state has no operator any more (that state is dropped)')
    .option('--allow-state-loss', "upgrade even when the plan's state check says the old state would not restore: the new version starts without state")
    .option('--no-state-check', "skip the state check of upgrades (Flink's restore decides, after the old job is stopped)")
    .action(async (signals: string[], o: { via?: 'gateway' | 'jar'; allowNonRestoredState?: boolean; allowStateLoss?: boolean; stateCheck?: boolean }, cmd: Command) => {
      run.result = await deployCommand(io, { ...globals(cmd), ...o, ...(signals.length > 0 ? { signals } : {}) });
    });

  sub(
    'rollback',
    "restore the version before the last upgrade: from the savepoint just taken when its state is compatible (no result written twice), else from the savepoint it was stopped with (results since then are computed again)",
    'sluice rollback clicks_per_user',
  )
    .argument('<signal>')
    .addOption(via())
    .option('--allow-non-restored-state', 'allow savepoint state without an operator')
    .option('--replay', 'start from the savepoint the previous version was stopped with even when it could continue: everything since the upgrade is computed and written again (when the newer version wrote wrong results)')
    .action(async (signal: string, o: { via?: 'gateway' | 'jar'; allowNonRestoredState?: boolean; replay?: boolean }, cmd: Command) => {
      run.result = await rollbackCommand(io, signal, { ...globals(cmd), ...o });
    });

  sub('recover', 'resubmit signals that should run but do not (JobManager lost, FAILED, CANCELED by someone else) from their newest retained checkpoint or savepoint', 'sluice recover --json')
    .argument('[signals...]', 'only these signals (default: every signal deployed from this project state)')
    .addOption(via())
    .option('--checkpoint-dir <dir>', "where the cluster retains checkpoints (default: the cluster's execution.checkpointing.dir, when it is a local path)")
    .option('--from-scratch', 'start a signal that has no checkpoint or savepoint without state (default: skip it and exit 1)')
    .addHelpText(
      'after',
      `
A Flink session cluster without high availability forgets its jobs when the JobManager dies; their
checkpoints stay on disk (Sluice's signals retain them on cancellation and failure). recover reads the
state store (.sluice/deployments.json): each signal deployed from here whose job is missing, FAILED or
CANCELED by someone else is resubmitted with the statements of the version that ran, from the newest
of that job's retained checkpoints (<dir>/<job id>/chk-<n>/_metadata) and catalog savepoints. The
checkpoint it restored from is recorded in the savepoint catalog (reason "recover"). Signals that run
are left alone; so are signals cancelled or removed by Sluice. sluice deploy runs this step first.`,
    )
    .action(async (signals: string[], o: { via?: 'gateway' | 'jar'; checkpointDir?: string; fromScratch?: boolean }, cmd: Command) => {
      run.result = await recoverCommand(io, { ...globals(cmd), ...o, ...(signals.length > 0 ? { signals } : {}) });
    });

  sub('backfill', 'run a signal once over a bounded stretch of its Kafka history, in batch mode, as its own job', 'sluice backfill vwap_1m --from 2026-12-01T00:00:00Z --to 2026-12-02T00:00:00Z --into signals.vwap_1m.history')
    .argument('<signal>')
    .requiredOption('--from <time|offsets>', 'where history starts: earliest, an ISO time with a zone, epoch ms, or offsets:0=42,1=17')
    .option('--to <time|offsets>', 'where it ends, exclusive (default: latest, the end of each partition when the job starts)')
    .option('--into <topic>', "write to this topic (created like the sink's) instead of the signal's sink topic")
    .option('--id <id>', 'the job is named sluice.<project>.<signal>.backfill-<id> (default: the start time, base 36)')
    .option('--timeout <seconds>', 'cancel the job and exit 1 after this long', positiveInt)
    .addOption(new Option('--then-live', "then start the signal's live job exactly where the backfill stopped (its sink, no overlap, no gap)").conflicts(['to', 'into']))
    .addHelpText(
      'after',
      `
The job runs the same compiled query as the signal's live job, with Flink's execution.runtime-mode =
batch and its Kafka sources bounded: scan.startup.* from --from, scan.bounded.* from --to. Times are
Kafka record timestamps (when each record was written, or its producer's CreateTime), not the signal's
event-time column; offsets name exact positions (offsets:<topic>/<partition>=<offset> for one topic
of several). The sources read with their own consumer group and an exactly-once sink with its own
transactional ids, so a running live job is not disturbed. Progress (records read) goes to stderr.
Signals batch mode cannot run (SESSION windows, processing-time windows, upsert-kafka sources, ...)
are refused before anything is submitted (DSL_NOT_BACKFILLABLE, exit 1).

--then-live hands over to the live job (which must not be running) at exact offsets. A signal without
state hands over at the end of each partition when the command starts. A signal whose state is one
TUMBLE or CUMULATE window hands over at a window boundary B of event time: B is the start of the
newest window with records, the backfill reads up to the first offset in it (every earlier window
complete), the live job starts at that offset (every window from B on). Records must reach the
boundary in event-time order per partition. Other signals (OVER, MATCH_RECOGNIZE, joins, unwindowed
aggregates, HOP) keep state across any point: DEPLOY_BACKFILL_HANDOVER_UNSUPPORTED.`,
    )
    .action(async (signal: string, o: { from: string; to?: string; into?: string; id?: string; timeout?: number; thenLive?: boolean }, cmd: Command) => {
      run.result = await backfillCommand(io, signal, { ...globals(cmd), ...o });
    });

  sub('status', 'per signal: job state, uptime, restarts, last checkpoint, watermark lag, backpressure, busy ratio, records behind, source lag', 'sluice status --watch')
    .argument('[signals...]', 'only these signals')
    .option('-w, --watch', 'refresh every 2 s until Ctrl-C')
    .action(async (signals: string[], o: { watch?: boolean }, cmd: Command) => {
      run.result = await statusCommand(io, { ...globals(cmd), ...o, ...(signals.length > 0 ? { signals } : {}) });
    });

  sub('list', "the project's signals, their jobs and versions", 'sluice list --json').action(async (_o: unknown, cmd: Command) => {
    run.result = await listCommand(io, globals(cmd));
  });

  sub('cancel', "cancel a signal's job (take `sluice savepoint` first to keep its state)", 'sluice cancel clicks_per_user')
    .argument('<signal>')
    .action(async (signal: string, _o: unknown, cmd: Command) => {
      run.result = await cancelCommand(io, signal, globals(cmd));
    });

  sub('savepoint', 'take a savepoint of a running signal and record it in the catalog', 'sluice savepoint clicks_per_user')
    .argument('<signal>')
    .action(async (signal: string, _o: unknown, cmd: Command) => {
      run.result = await savepointCommand(io, signal, globals(cmd));
    });

  sub('tail', "typed rows of a signal's output topic (a table, or JSON lines with --json)", 'sluice tail clicks_per_user --from earliest --limit 10')
    .argument('<signal>')
    .addOption(new Option('--from <position>', 'where to start').choices(['earliest', 'latest']).default('latest'))
    .option('-n, --limit <rows>', 'stop after this many rows', positiveInt)
    .action(async (signal: string, o: { from: 'earliest' | 'latest'; limit?: number }, cmd: Command) => {
      run.result = await tailCommand(io, signal, { ...globals(cmd), ...o });
    });

  sub('dashboard', 'serve a live web page of the signals (charts of their rows) and their jobs (health, throughput, plan, savepoints) until Ctrl-C', 'sluice dashboard --port 4180')
    .argument('[signals...]', 'only these signals (default: all)')
    .option('-p, --port <port>', 'port (0: any free one)', (v: string) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port number, 0 to 65535');
      return n;
    }, 4180)
    .option('--host <host>', 'address to listen on; anything but loopback makes a token, printed once inside the URL', '127.0.0.1')
    .addOption(new Option('--from <position>', 'where the charts start').choices(['earliest', 'latest']).default('latest'))
    .addHelpText(
      'after',
      `
The page shows, per signal, a chart of its output as consume(signal) reads it (a line per key for numeric
columns, candlesticks for open/high/low/close, a table for rows without numbers; the last 500 points per
key), and per job: state, uptime, records in/out per second, records behind, watermark lag, last
checkpoint, backpressure, restarts, dead letters and each operator's throughput, refreshed every 1.5 s;
a card turns red when its job is not RUNNING. The deploy plan and the savepoint catalog are read-only
(actions stay in this CLI). It listens on 127.0.0.1 unless --host says otherwise; then every request
needs the printed token. Secrets never reach the page.`,
    )
    .action(async (signals: string[], o: { port: number; host: string; from: 'earliest' | 'latest' }, cmd: Command) => {
      run.result = await dashboardCommand(io, { ...globals(cmd), ...o, ...(signals.length > 0 ? { signals } : {}) });
    });

  sub('sql', 'print the compiled Flink SQL of a signal (secrets masked)', 'sluice sql clicks_per_user')
    .argument('<signal>')
    .action(async (signal: string, _o: unknown, cmd: Command) => {
      run.result = await sqlCommand(io, signal, globals(cmd));
    });

  sub('stack', 'the local Kafka + Flink + SQL Gateway (@sluice/stack)', 'sluice stack status')
    .addArgument(new Command().createArgument('<action>', 'up, down or status').choices(['up', 'down', 'status']))
    .option('--purge', 'with down: also delete the stack state (Kafka data, savepoints, logs)')
    .action(async (action: 'up' | 'down' | 'status', o: { purge?: boolean }, cmd: Command) => {
      run.result = await stackCommand(io, action, { ...globals(cmd), ...o });
    });

  return program;
}
