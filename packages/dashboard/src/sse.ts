import type { ServerResponse } from 'node:http';

/**
 * One Server-Sent Event: `event: <name>` and the JSON of `data` on one `data:` line, ended by a blank
 * line. JSON.stringify never writes a raw newline, so one data line always holds the whole value.
 *
 * @example
 * ```ts
 * sseFrame('jobs', [{ signal: 'vwap' }]) // 'event: jobs\ndata: [{"signal":"vwap"}]\n\n'
 * ```
 */
export function sseFrame(event: string, data: unknown): string {
  if (!/^[A-Za-z0-9_-]+$/.test(event)) throw new Error(`not an SSE event name: ${event}`);
  return `event: ${event}\ndata: ${JSON.stringify(data, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))}\n\n`;
}

/**
 * The open event streams of a dashboard: each new page gets the headers of `text/event-stream`;
 * broadcasts go to every page; a page that went away is dropped.
 *
 * @example
 * ```ts
 * hub.open(res, [sseFrame('snapshot', state)])
 * hub.broadcast('jobs', cards)
 * ```
 */
export class SseHub {
  private readonly clients = new Set<ServerResponse>();

  /** Starts an event stream on `res` and writes `first` frames to it. */
  open(res: ServerResponse, first: readonly string[]): void {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    // A retry hint: the browser reconnects after 1 s when the stream breaks.
    res.write('retry: 1000\n\n');
    for (const frame of first) res.write(frame);
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
  }

  /** Sends one event to every open page. */
  broadcast(event: string, data: unknown): void {
    if (this.clients.size === 0) return;
    const frame = sseFrame(event, data);
    for (const res of this.clients) res.write(frame);
  }

  /** A comment line: keeps proxies and idle timeouts from closing quiet streams. */
  ping(): void {
    for (const res of this.clients) res.write(': ping\n\n');
  }

  get size(): number {
    return this.clients.size;
  }

  /** Ends every stream. */
  close(): void {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}
