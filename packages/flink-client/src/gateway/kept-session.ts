import { isSluiceError } from '@sluice/errors';
import type { SqlGatewayClient } from './sql-gateway-client';
import type { OpenSessionRequest } from './gateway-types';

/** Options of {@link KeptSession.open}. */
export interface KeptSessionOptions {
  /** Heartbeat period. Default 60 s (the gateway's default idle timeout is 10 min). */
  heartbeatIntervalMs?: number;
  /**
   * Runs after the session was reopened (the gateway dropped it): replay SET / CREATE TEMPORARY …
   * here, since a new session starts empty.
   */
  onReopen?: (sessionHandle: string) => Promise<void>;
}

/**
 * A SQL Gateway session that stays alive: heartbeats in the background, and reopens (with the same
 * name and properties) when the gateway reports the session gone, e.g. after an idle timeout or a
 * gateway restart.
 *
 * @example
 * ```ts
 * const session = await KeptSession.open(gw, { properties: { 'execution.runtime-mode': 'streaming' } })
 * const rows = await session.run(async (sh) => gw.executeStatement(sh, { statement: 'SHOW TABLES' }))
 * await session.close()
 * ```
 */
export class KeptSession {
  /** How often the session was reopened. */
  reopenCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private reopening: Promise<string> | undefined;

  private constructor(
    private readonly client: SqlGatewayClient,
    private readonly request: OpenSessionRequest,
    private readonly options: KeptSessionOptions,
    private current: string,
  ) {}

  /** Opens the session and starts heartbeating. */
  static async open(client: SqlGatewayClient, request: OpenSessionRequest = {}, options: KeptSessionOptions = {}): Promise<KeptSession> {
    const { sessionHandle } = await client.openSession(request);
    const session = new KeptSession(client, request, options, sessionHandle);
    session.startHeartbeat();
    return session;
  }

  /** The current session handle (changes after a reopen). */
  get sessionHandle(): string {
    return this.current;
  }

  /**
   * Runs `fn` with the session handle; if the gateway answers that the session does not exist, the
   * session is reopened and `fn` runs once more with the new handle.
   */
  async run<T>(fn: (sessionHandle: string) => Promise<T>): Promise<T> {
    const handle = this.current;
    try {
      return await fn(handle);
    } catch (error) {
      if (!isSluiceError(error, 'FLINK_NOT_FOUND')) throw error;
      return fn(await this.reopen(handle));
    }
  }

  /** Sends one heartbeat now, reopening the session if the gateway dropped it. */
  async heartbeat(): Promise<void> {
    await this.run((sh) => this.client.triggerSession(sh));
  }

  /** Stops heartbeating and closes the session (a session already gone is fine). */
  async close(): Promise<void> {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    await this.client.closeSession(this.current).catch((error: unknown) => {
      if (!isSluiceError(error, 'FLINK_NOT_FOUND')) throw error;
    });
  }

  private reopen(stale: string): Promise<string> {
    if (this.current !== stale) return Promise.resolve(this.current);
    this.reopening ??= (async () => {
      try {
        const { sessionHandle } = await this.client.openSession(this.request);
        this.current = sessionHandle;
        this.reopenCount++;
        await this.options.onReopen?.(sessionHandle);
        return sessionHandle;
      } finally {
        this.reopening = undefined;
      }
    })();
    return this.reopening;
  }

  private startHeartbeat(): void {
    const period = this.options.heartbeatIntervalMs ?? 60_000;
    // A failed heartbeat is retried at the next tick; unref so a forgotten session never holds the process.
    this.timer = setInterval(() => void this.heartbeat().catch(() => undefined), period);
    this.timer.unref();
  }
}
