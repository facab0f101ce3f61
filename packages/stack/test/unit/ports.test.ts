import { createServer } from 'node:net';
import { assertPortsFree } from '../../src/ports';
import { findFreePorts, isPortFree, resolveStackOptions } from '@sluice/stack';

describe('ports', () => {
  it('finds distinct free ports and reports a busy one by number', async () => {
    const ports = await findFreePorts(5);
    expect(new Set(ports).size).toBe(5);
    const [kafka, kafkaController, flinkRest, jobmanagerRpc, sqlGateway] = ports as [number, number, number, number, number];
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(sqlGateway, '127.0.0.1', resolve));
    try {
      expect(await isPortFree(sqlGateway)).toBe(false);
      const options = resolveStackOptions({ ports: { kafka, kafkaController, flinkRest, jobmanagerRpc, sqlGateway } }, {});
      await expect(assertPortsFree(['jobmanager', 'sql-gateway'], options.ports, '127.0.0.1')).rejects.toMatchObject({
        code: 'STACK_PORT_BUSY',
        message: `port ${sqlGateway} (Flink SQL Gateway) is already in use on 127.0.0.1`,
        details: { busy: [{ port: sqlGateway, what: 'Flink SQL Gateway', option: 'sqlGateway' }] },
      });
      await expect(assertPortsFree(['jobmanager'], options.ports, '127.0.0.1')).resolves.toBeUndefined();
    } finally {
      server.close();
    }
  });
});
