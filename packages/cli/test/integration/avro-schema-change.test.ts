import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { testStackEndpoints } from '@sluice/stack';
import { FlinkRestClient } from '@sluice/flink-client';
import { schema, t } from '@sluice/dsl';
import { createKafkaClient, schemaRegistryClient } from '@sluice/kafka';
import { sluice, writeUserProject } from './cli-harness';

// Schema changes of avro-confluent topics through the CLI on the real stack (Apicurio's ccompat API):
// deploy registers the subjects; a compatible change (a nullable field added) is planned as `evolve`
// and applied as a new version; an incompatible one (a NOT NULL field added: no default, so new readers
// cannot read old records) makes `sluice plan` exit 1 naming the field.
jest.setTimeout(300_000);

describe('schema changes of Avro topics: plan shows them, refuses an incompatible one', () => {
  const endpoints = testStackEndpoints();
  const registryUrl = endpoints.schemaRegistryUrl;
  if (registryUrl === undefined) throw new Error('the stack has no schema registry (SLUICE_SCHEMA_REGISTRY_URL); npm run stack:up starts it');
  const id = randomBytes(4).toString('hex');
  const project = `avroschema_${id}`;
  const input = `avro-sc-${id}.trades`;
  const output = `avro-sc-${id}.notional`;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-avro-'));
  const flink = new FlinkRestClient({ baseUrl: endpoints.flinkRestUrl });
  const registry = schemaRegistryClient({ url: registryUrl });

  /** The signal module with the source schema's extra columns (TS source text). */
  function writeSignals(extra: string): void {
    writeFileSync(
      join(dir, 'signals.ts'),
      [
        "import { kafka, schema, signal, t } from '@sluice/dsl';",
        `const Trade = schema({ id: t.bigint().notNull(), price: t.double()${extra} });`,
        `const trades = kafka.source('trades', Trade, { topic: '${input}', format: 'avro-confluent' });`,
        `export const notional = signal('notional').from(trades).select((r) => ({ id: r.id, price: r.price })).to(kafka.sink('${output}', { format: 'avro-confluent' }));`,
        '',
      ].join('\n'),
    );
  }

  beforeAll(() => {
    writeUserProject(dir, { project, endpoints, extra: `  schemaRegistry: { url: '${registryUrl}' },\n` });
  });

  afterAll(async () => {
    const { jobs } = await flink.jobs.getJobsOverview();
    for (const job of jobs) if (job.name === `sluice.${project}.notional` && job.state === 'RUNNING') await flink.cancelJob(job.jid).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('deploy registers the subjects, tail reads the Avro output; a nullable field added is planned as evolve and applied; a NOT NULL one makes plan exit 1 naming it', async () => {
    writeSignals('');
    const first = await sluice(['deploy', '--json'], dir);
    expect({ code: first.code, stderr: first.stderr, out: first.code === 0 ? '' : first.stdout }).toEqual({ code: 0, stderr: '', out: '' });
    expect((await registry.latest(`${input}-value`))?.version).toBe(1);
    expect((await registry.latest(`${output}-value`))?.version).toBe(1);
    // Avro in, Avro out: the typed producer writes the input, `sluice tail` reads the job's Avro output.
    const client = createKafkaClient({ brokers: endpoints.kafkaBrokers, clientId: `it-avro-${id}` }, { schemaRegistry: { url: registryUrl } });
    try {
      const producer = await client.producer({ topic: input, schema: schema({ id: t.bigint().notNull(), price: t.double() }), format: 'avro-confluent' });
      await producer.send([{ id: 9007199254740993n, price: 1.5 }, { id: 2n, price: null }]);
      await producer.close();
    } finally {
      await client.close();
    }
    const tail = await sluice(['tail', 'notional', '--from', 'earliest', '--limit', '2', '--json'], dir);
    expect({ code: tail.code, stderr: tail.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(tail.stdout)).toEqual([{ id: '9007199254740993', price: 1.5 }, { id: '2', price: null }]);

    writeSignals(', qty: t.int()');
    const planned = await sluice(['plan'], dir);
    expect({ code: planned.code, stderr: planned.stderr }).toEqual({ code: 3, stderr: '' });
    expect(planned.stdout).toContain(`evolve    ${input}-value (version 1, BACKWARD)`);
    expect(planned.stdout).toContain('added qty ["null","int"] (default null)');
    // The source's columns changed, so its operator is new: the old one's state (offsets) is not carried over.
    const second = await sluice(['deploy', '--json', '--allow-non-restored-state'], dir);
    expect({ code: second.code, stderr: second.stderr, out: second.code === 0 ? '' : second.stdout }).toEqual({ code: 0, stderr: '', out: '' });
    const evolved = await registry.latest(`${input}-value`);
    expect(evolved?.version).toBe(2);
    expect((JSON.parse(evolved?.schema ?? '{}') as { fields: { name: string }[] }).fields.map((f) => f.name)).toEqual(['id', 'price', 'qty']);

    writeSignals(", qty: t.int(), venue: t.string().notNull()");
    const refused = await sluice(['plan'], dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('DEPLOY_SCHEMA_INCOMPATIBLE');
    expect(refused.stderr).toContain(`field 'venue' is new and has no default`);
    // Nothing was registered by the refused plan.
    expect((await registry.latest(`${input}-value`))?.version).toBe(2);
  });
});
