import { join } from 'node:path';
import { checkPart, endpointsOf, findFreePorts, resolveStackOptions, stackLayout } from '@sluice/stack';
import { PORTS_OF_PART } from '../../src/ports';
import { registryJvmArgs } from '../../src/process/launch-part';
import { centralUrl } from '../../src/artifacts/central-download';

// The stack's schema registry part: Apicurio Registry as a plain JVM on the stack's host and port, its
// H2 database under the state dir, its port checked before a start like every other part's.

describe('the registry part', () => {
  const options = resolveStackOptions({ stateDir: '/state', ports: { registry: 18085 }, memory: { registry: '200m' } }, {});

  it('runs the runner jar bound to the stack host and port, with H2 file storage under the state dir', () => {
    expect(registryJvmArgs(options, stackLayout(options), { registryHome: '/cache/apicurio-registry-3.0.9' })).toEqual([
      '-Xmx200m',
      '-Dquarkus.http.host=127.0.0.1',
      '-Dquarkus.http.port=18085',
      `-Dapicurio.datasource.url=jdbc:h2:file:${join('/state', 'registry', 'db')}`,
      '-jar',
      join('/cache/apicurio-registry-3.0.9', 'apicurio-registry-app-3.0.9-runner.jar'),
    ]);
    expect(PORTS_OF_PART.registry).toEqual([['registry', 'schema registry']]);
    expect(centralUrl('io.apicurio:apicurio-registry-app:3.0.9:zip:all').file).toBe('apicurio-registry-app-3.0.9-all.zip');
  });

  it('names its Confluent-compatible API in the endpoints, and is unhealthy where nothing answers', async () => {
    expect(endpointsOf(options).schemaRegistryUrl).toBe('http://127.0.0.1:18085/apis/ccompat/v7');
    const [nothing] = (await findFreePorts(1)) as [number];
    const health = await checkPart('registry', { host: '127.0.0.1', ports: { ...options.ports, registry: nothing } }, 1000);
    expect(health.healthy).toBe(false);
    // A record written before the registry existed names no port: no endpoint, and not healthy.
    const { registry: _registry, ...older } = options.ports;
    expect(endpointsOf({ host: '127.0.0.1', ports: older }).schemaRegistryUrl).toBeUndefined();
    expect((await checkPart('registry', { host: '127.0.0.1', ports: older }, 1000)).healthy).toBe(false);
  });
});
