import { createServer } from 'node:net';
import type { StackPart, StackPorts } from './options';
import { stackError } from './error-codes';

/** Resolves true when nothing listens on host:port (we can bind it ourselves). */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once('error', () => resolvePort(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolvePort(true)));
  });
}

/**
 * `count` distinct ports that are free right now, chosen by the OS; for tests that run a second
 * stack beside the shared one.
 *
 * @example
 * ```ts
 * const [kafka, controller, rest, rpc, gateway] = await findFreePorts(5)
 * ```
 */
export async function findFreePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((resolveServer, reject) => {
        server.once('error', reject);
        server.listen({ port: 0, host }, () => resolveServer(server));
      });
    }),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('listening server has no port');
    return address.port;
  });
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

/** A full set of stack ports, all free right now. */
export async function freeStackPorts(host = '127.0.0.1'): Promise<StackPorts> {
  const [kafka, kafkaController, kafkaSasl, kafkaSsl, flinkRest, jobmanagerRpc, sqlGateway, registry] = (await findFreePorts(8, host)) as [number, number, number, number, number, number, number, number];
  return { kafka, kafkaController, kafkaSasl, kafkaSsl, flinkRest, jobmanagerRpc, sqlGateway, registry };
}

/** The fixed ports each part listens on (the TaskManager's are chosen by the OS). */
export const PORTS_OF_PART: Readonly<Record<StackPart, ReadonlyArray<[keyof StackPorts, string]>>> = {
  kafka: [
    ['kafka', 'Kafka'],
    ['kafkaController', 'Kafka controller'],
    ['kafkaSasl', 'Kafka SASL'],
    ['kafkaSsl', 'Kafka SSL'],
  ],
  jobmanager: [
    ['flinkRest', 'Flink REST'],
    ['jobmanagerRpc', 'Flink JobManager RPC'],
  ],
  taskmanager: [],
  'sql-gateway': [['sqlGateway', 'Flink SQL Gateway']],
  registry: [['registry', 'schema registry']],
};

/** Throws `STACK_PORT_BUSY`, naming every busy port by number, before anything is started. */
export async function assertPortsFree(parts: readonly StackPart[], ports: StackPorts, host: string): Promise<void> {
  const busy: Array<{ port: number; what: string; option: string }> = [];
  for (const part of parts) {
    for (const [option, what] of PORTS_OF_PART[part]) {
      if (!(await isPortFree(ports[option], host))) busy.push({ port: ports[option], what, option });
    }
  }
  if (busy.length > 0) {
    const list = busy.map((b) => `${b.port} (${b.what})`).join(', ');
    throw stackError('STACK_PORT_BUSY', `port${busy.length > 1 ? 's' : ''} ${list} ${busy.length > 1 ? 'are' : 'is'} already in use on ${host}`, {
      details: { host, busy },
      suggestion: `stop what listens there (e.g. another stack: npm run stack:down), or choose other ports (${busy.map((b) => `ports.${b.option}`).join(', ')})`,
    });
  }
}
