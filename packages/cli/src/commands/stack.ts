import { stackDown, stackStatus, stackUp } from '@sluice/stack';
import type { CliIo, CommandResult, GlobalOptions } from '../io';
import { table } from '../format';

/**
 * `sluice stack up|down|status`: the local Kafka + Flink + SQL Gateway of `@sluice/stack`.
 *
 * @example
 * ```ts
 * const { json } = await stackCommand(io, 'status', { json: true })
 * ```
 */
export async function stackCommand(io: CliIo, action: 'up' | 'down' | 'status', options: GlobalOptions & { purge?: boolean }): Promise<CommandResult> {
  const progress = (message: string): void => {
    if (options.json !== true) io.err(message);
  };
  if (action === 'up') {
    const r = await stackUp({}, progress);
    return { exitCode: 0, json: r, text: `stack up in ${r.totalMs} ms: Kafka ${r.endpoints.kafkaBrokers.join(',')}, Flink ${r.endpoints.flinkRestUrl}, SQL Gateway ${r.endpoints.sqlGatewayUrl}` };
  }
  if (action === 'down') {
    const r = await stackDown(options.purge === true ? { purge: true } : {}, progress);
    return { exitCode: 0, json: r, text: `stack down in ${r.totalMs} ms` };
  }
  const s = await stackStatus({});
  const healthy = s.parts.every((p) => p.healthy);
  return { exitCode: healthy ? 0 : 1, json: s, text: table(['PART', 'RUNNING', 'HEALTHY', 'DETAIL'], s.parts.map((p) => [p.part, String(p.running), String(p.healthy), p.detail])) };
}
