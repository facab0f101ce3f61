import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/** A port where nothing listens (bound, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * A server that accepts connections, reads requests and never answers: a JobManager that hangs.
 * `requests` holds the request lines it received (e.g. 'POST /jars/x.jar/run HTTP/1.1').
 */
export async function silentServer(): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk) => {
      const line = chunk.toString('latin1').split('\r\n')[0] ?? '';
      if (/^[A-Z]+ \S+ HTTP\/1\.[01]$/.test(line)) requests.push(line);
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
