import { mkdtemp, readdir, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaHome } from '../../src/artifacts/kafka-distribution';
import { resolveStackOptions } from '@sluice/stack';

// Real Maven resolution (from the local Maven repository, or Maven Central on a cold machine).
describe('artifact verification with real downloads', () => {
  let cacheDir: string;
  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'sluice-cache-'));
  });
  afterAll(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('fetches Kafka with a log4j binding, and re-fetches it when a jar is damaged', async () => {
    const options = resolveStackOptions({ cacheDir });
    const first = await ensureKafkaHome(options, () => undefined);
    expect(first.report.outcome).toBe('fetched');
    const jars = await readdir(join(first.home, 'libs'));
    expect(jars).toContain(`kafka_2.13-${options.kafkaVersion}.jar`);
    expect(jars.some((jar) => /^log4j-slf4j2?-impl-/.test(jar))).toBe(true);

    await truncate(join(first.home, 'libs', `kafka-clients-${options.kafkaVersion}.jar`), 100);
    const second = await ensureKafkaHome(options, () => undefined);
    expect(second.report).toMatchObject({ outcome: 'refetched', reason: expect.stringContaining(`libs/kafka-clients-${options.kafkaVersion}.jar has 100 bytes`) });
    expect((await ensureKafkaHome(options, () => undefined)).report.outcome).toBe('cached');
  });
});
