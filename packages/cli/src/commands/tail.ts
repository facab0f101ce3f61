import { tail } from '@sluice/deploy';
import type { CliIo, CommandResult, GlobalOptions } from '../io';
import { withContext } from '../load';
import { table, toJson } from '../format';

/** Options of {@link tailCommand}. */
export interface TailCommandOptions extends GlobalOptions {
  readonly from?: 'earliest' | 'latest';
  /** Stop after this many rows (default: run until interrupted). */
  readonly limit?: number;
}

function cell(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return 'null';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/**
 * `sluice tail <signal>`: typed rows of its output topic, as JSON lines (`--json`) or a table.
 *
 * @example
 * ```ts
 * const { json } = await tailCommand(io, 'clicks_per_user', { from: 'earliest', limit: 10, json: true })
 * ```
 */
export async function tailCommand(io: CliIo, signal: string, options: TailCommandOptions): Promise<CommandResult> {
  return withContext(io, options, async (ctx) => {
    const { topic, columns, stream } = tail(ctx, signal, { from: options.from ?? 'latest' });
    const rows: Record<string, unknown>[] = [];
    const stopped = io.interrupted?.then(() => stream.close());
    void stopped;
    if (options.json !== true && options.limit === undefined) io.err(`tailing ${topic} (Ctrl-C to stop)`);
    try {
      for await (const row of stream) {
        rows.push(row as Record<string, unknown>);
        // Without a limit, rows are printed as they come; with one, they are the command's result.
        if (options.limit === undefined) io.out(options.json === true ? JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) : columns.map((c) => cell((row as Record<string, unknown>)[c])).join('  '));
        if (options.limit !== undefined && rows.length >= options.limit) break;
      }
    } finally {
      await stream.close();
    }
    const text = options.json === true ? rows.map((r) => toJson(r).replace(/\n\s*/g, ' ')).join('\n') : table(columns, rows.map((r) => columns.map((c) => cell(r[c]))));
    return { exitCode: 0, json: rows, text: options.limit === undefined ? '' : text };
  });
}
