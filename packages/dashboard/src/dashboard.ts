import { createContext, findPrevious, plan, selectSignals, status, type DeployContext, type Project } from '@sluice/deploy';
import type { Signal } from '@sluice/dsl';
import { checkServerOptions, startDashboardServer } from './dashboard-server';
import { dashboardError } from './error-codes';
import { jobCard, RateMeter, type JobCard } from './job-card';
import { SeriesHistory, type SeriesPoint } from './series-history';
import { pointOf, viewOf, type SignalView } from './signal-view';

/** Options of {@link dashboard}. */
export interface DashboardOptions {
  /** Default `127.0.0.1`. Another host (not loopback) is refused unless `token` is given. */
  readonly host?: string;
  /** Default 0: any free port (the CLI's default is 4180). */
  readonly port?: number;
  /** Every request must carry it (`generateToken()` makes one). Required off loopback. */
  readonly token?: string;
  /** Only these signals (default: all of the project's). */
  readonly signals?: readonly string[];
  /** Points kept per signal and key (default 500); older ones are dropped. */
  readonly historyCap?: number;
  /** Keys kept per signal (default 200); the key updated longest ago is dropped first. */
  readonly maxKeys?: number;
  /** How often job health is read from Flink (default 1500 ms). */
  readonly refreshMs?: number;
  /** How often new rows are pushed to the pages, batched (default 250 ms). */
  readonly pushMs?: number;
  /** Where the signals' consumers start (default `latest`: rows written from now on). */
  readonly from?: 'earliest' | 'latest';
  /** Reuse this context's clients (not closed by `close()`); default: a context of its own. */
  readonly context?: DeployContext;
}

/** The latest row of each key, as the page and `/api/state` show it. */
export interface SignalSnapshot {
  readonly view: SignalView;
  /** Rows consumed since the dashboard started. */
  readonly rows: number;
  /** Why the signal's rows cannot be shown (no Kafka sink, a consumer error); null when fine. */
  readonly error: string | null;
  readonly series: Readonly<Record<string, readonly SeriesPoint[]>>;
}

/** A savepoint of the catalog, and whether `sluice rollback` would restore it. */
export interface SavepointEntry {
  readonly signal: string;
  readonly version: string;
  readonly path: string;
  readonly time: string;
  readonly reason: string;
  readonly rollbackTarget: boolean;
}

/** Everything a page starts from. Built from names, numbers and paths only: never the config. */
export interface DashboardSnapshot {
  readonly project: string;
  readonly environment: string;
  readonly historyCap: number;
  readonly signals: readonly SignalSnapshot[];
  readonly jobs: readonly JobCard[];
  readonly plan: { readonly jobs: readonly { readonly signal: string; readonly action: string; readonly reason: string }[]; readonly topics: number; readonly hasChanges: boolean } | { readonly error: string } | null;
  readonly savepoints: readonly SavepointEntry[];
}

/** A running dashboard. */
export interface Dashboard {
  /** The page (`?token=...` included when there is a token). */
  readonly url: string;
  readonly port: number;
  /** The state pages start from (what `/api/state` answers). */
  snapshot(): DashboardSnapshot;
  /** Stops consumers, polling and the server. */
  close(): Promise<void>;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw dashboardError('DASHBOARD_INVALID_OPTION', `${name} must be a whole number >= 1, not ${value}`, { details: { option: name }, suggestion: `leave ${name} out for the default (${fallback})` });
  return value;
}

/**
 * A live web page of a project's signals and their jobs, served on 127.0.0.1: per signal a chart of its
 * output (`consume(signal)` on the server, pushed to the page as Server-Sent Events; a time series per key,
 * candlesticks for open/high/low/close, a table for rows without numbers), per job its health from
 * `status()` every `refreshMs` with throughput per operator, the deploy plan and the savepoint catalog
 * (read-only). History is bounded: `historyCap` points per key, `maxKeys` keys per signal.
 *
 * @throws SluiceError `DASHBOARD_TOKEN_REQUIRED` (a non-loopback host without a token), `DASHBOARD_INVALID_OPTION`, `DASHBOARD_PORT_BUSY`
 * @example
 * ```ts
 * const board = await dashboard(project, { port: 4180 })
 * console.log(`dashboard: ${board.url}`)
 * // later
 * await board.close()
 * ```
 */
export async function dashboard(project: Project, options: DashboardOptions = {}): Promise<Dashboard> {
  checkServerOptions(options);
  const cap = positive('historyCap', options.historyCap, 500);
  const maxKeys = positive('maxKeys', options.maxKeys, 200);
  const refreshMs = positive('refreshMs', options.refreshMs, 1500);
  const pushMs = positive('pushMs', options.pushMs, 250);
  const signals: readonly Signal[] = selectSignals(project, options.signals);
  const names = signals.map((s) => s.name);
  const ctx = options.context ?? createContext(project);
  const own = options.context === undefined;
  const config = project.config;

  const feeds = signals.map((signal) => ({ signal, view: viewOf(signal), history: new SeriesHistory(cap, maxKeys), error: null as string | null, pending: [] as { key: string; point: SeriesPoint }[] }));
  let jobs: JobCard[] = [];
  let planView: DashboardSnapshot['plan'] = null;
  const snapshot = (): DashboardSnapshot => ({
    project: config.project,
    environment: config.environment,
    historyCap: cap,
    signals: feeds.map((f) => ({ view: f.view, rows: f.history.rows, error: f.error, series: Object.fromEntries(f.history.keys().map((k) => [k, f.history.series(k)])) })),
    jobs,
    plan: planView,
    savepoints: savepointsOf(ctx, names, jobs),
  });

  const server = await startDashboardServer({ ...options, snapshot });
  let closed = false;
  const streams = feeds.flatMap((feed) => {
    if (feed.view.topic === null) {
      feed.error = `signal '${feed.signal.name}' does not write to Kafka (${feed.signal.sink.connector}): nothing to chart`;
      return [];
    }
    try {
      const stream = ctx.kafka().consume(feed.signal, { from: options.from ?? 'latest' });
      void (async () => {
        for await (const row of stream) {
          const p = pointOf(feed.view, row as Record<string, unknown>, Date.now());
          feed.history.add(p.key, p.point);
          feed.pending.push(p);
          // A page that cannot keep up gets the newest rows; the history keeps the cap either way.
          if (feed.pending.length > cap * 4) feed.pending.splice(0, feed.pending.length - cap);
        }
      })().catch((error: unknown) => {
        if (!closed) feed.error = `reading ${feed.view.topic} failed: ${message(error)}`;
      });
      return [stream];
    } catch (error) {
      feed.error = message(error);
      return [];
    }
  });

  const push = setInterval(() => {
    const batch = feeds.filter((f) => f.pending.length > 0).map((f) => ({ signal: f.view.signal, rows: f.history.rows, points: f.pending.splice(0) }));
    if (batch.length > 0) server.hub.broadcast('rows', batch);
  }, pushMs);

  const meter = new RateMeter();
  let polling: Promise<void> = Promise.resolve();
  const poll = async (): Promise<void> => {
    try {
      const rows = await status(ctx, names);
      const cards = await Promise.all(rows.map((s) => jobCard(ctx, s, meter)));
      jobs = await withEndedJobs(ctx, cards);
      meter.keep(new Set(jobs.flatMap((j) => (j.jobId === null ? [] : [j.jobId]))));
    } catch (error) {
      jobs = jobs.map((j) => ({ ...j, state: 'UNKNOWN', healthy: false }));
      server.hub.broadcast('problem', { source: 'status', message: message(error) });
    }
    if (!closed) server.hub.broadcast('jobs', jobs);
  };
  // One poll at a time: a slow cluster stretches the refresh instead of piling up requests.
  let timer: NodeJS.Timeout | undefined;
  const loop = (): void => {
    polling = poll().finally(() => {
      if (!closed) timer = setTimeout(loop, refreshMs);
    });
  };
  loop();
  const planOnce = async (): Promise<void> => {
    try {
      const p = await plan(ctx, options.signals === undefined ? {} : { signals: options.signals });
      planView = { jobs: p.jobs.map((j) => ({ signal: j.signal, action: j.action, reason: j.reason })), topics: p.topics.changes.length, hasChanges: p.hasChanges };
    } catch (error) {
      planView = { error: message(error) };
    }
    if (!closed) server.hub.broadcast('plan', planView);
  };
  const planning = planOnce();

  return {
    url: server.url,
    port: server.port,
    snapshot,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(push);
      if (timer !== undefined) clearTimeout(timer);
      await Promise.all(streams.map((s) => s.close().catch(() => undefined)));
      await server.close();
      await Promise.all([polling, planning]).catch(() => undefined);
      if (own) await ctx.close();
    },
  };
}

/**
 * status() knows live jobs only: a signal whose job was cancelled or failed reads NOT_DEPLOYED. The card
 * shows the newest ended job of that name instead (CANCELED, FAILED), so a person sees what happened.
 */
async function withEndedJobs(ctx: DeployContext, cards: JobCard[]): Promise<JobCard[]> {
  if (!cards.some((c) => c.jobId === null)) return cards;
  const overview = await ctx.flink.getJobsOverview().catch(() => ({ jobs: [] }));
  return cards.map((c) => {
    if (c.jobId !== null) return c;
    const ended = overview.jobs.filter((j) => j.name === c.jobName).sort((a, b) => b['start-time'] - a['start-time'])[0];
    return ended === undefined ? c : { ...c, state: ended.state, jobId: ended.jid };
  });
}

function savepointsOf(ctx: DeployContext, names: readonly string[], jobs: readonly JobCard[]): SavepointEntry[] {
  const { project, environment } = ctx.project.config;
  let entries;
  try {
    entries = ctx.store.savepoints();
  } catch {
    return [];
  }
  const targets = new Set(
    names.flatMap((signal) => {
      const current = jobs.find((j) => j.signal === signal)?.version.running ?? 'unknown';
      const previous = findPrevious(entries, project, environment, signal, current, (v) => ctx.store.sqlOf(v) !== undefined);
      return previous === undefined ? [] : [previous.path];
    }),
  );
  return entries
    .filter((e) => e.project === project && e.environment === environment && names.includes(e.signal))
    .reverse()
    .map((e) => ({ signal: e.signal, version: e.version, path: e.path, time: e.time, reason: e.reason, rollbackTarget: targets.has(e.path) }));
}
