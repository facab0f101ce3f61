import { randomUUID } from 'node:crypto';
import { quoteIdentifier, renderType, schema, t, type DataType, type RowOf } from '@sluice/dsl';
import { SqlGatewayClient } from '@sluice/flink-client';
import { testStackEndpoints } from '@sluice/stack';
import { createKafkaClient, type SluiceKafka } from '@sluice/kafka';
import { Gateway, columns } from './gateway';

// One decoding of Flink values: the same row, with one value of every type the DSL offers (and a row of
// nulls), read through the SQL Gateway (a SELECT) and through Kafka (a Flink job writes it in Flink's json
// format, read by consume), gives deep-equal JS values.

const All = schema({
  id: t.int().notNull(),
  bo: t.boolean(),
  ti: t.tinyint(),
  si: t.smallint(),
  i: t.int(),
  bi: t.bigint(),
  fl: t.float(),
  db: t.double(),
  dc: t.decimal(20, 4),
  dw: t.decimal(38, 18),
  s: t.string(),
  vc: t.varchar(10),
  ch: t.char(3),
  by: t.bytes(),
  dt: t.date(),
  tm: t.time(0),
  ts: t.timestamp(3),
  ts6: t.timestamp(6),
  ltz: t.timestampLtz(3),
  arr: t.array(t.string()),
  mp: t.map(t.string(), t.int()),
  rw: t.row({ x: t.bigint(), y: t.timestamp(3), z: t.decimal(10, 2) }),
});
type Row = RowOf<typeof All>;

// SQL expressions of the first row (the second is all NULL but id).
const VALUES: Record<Exclude<keyof Row, 'id'>, string> = {
  bo: 'TRUE',
  ti: '-128',
  si: '32767',
  i: '-2147483648',
  bi: '9007199254740993',
  fl: '0.1',
  db: '-1.5E-7',
  dc: '1.5',
  dw: `'12345678901234567890.123456789012345678'`,
  s: `'héllo "q" \\ ''x'''`,
  vc: `'varchar'`,
  ch: `'ab'`,
  by: `X'0001ff'`,
  dt: `DATE '2024-02-29'`,
  tm: `TIME '23:59:58'`,
  ts: `TIMESTAMP '2024-05-01 10:00:00.120'`,
  ts6: `TIMESTAMP '1999-12-31 23:59:59.123456'`,
  ltz: 'TO_TIMESTAMP_LTZ(1714557600007, 3)',
  arr: `ARRAY['a', CAST(NULL AS STRING), '']`,
  mp: `MAP['k', 1, 'n', CAST(NULL AS INT)]`,
  rw: `ROW(CAST(-9223372036854775807 AS BIGINT), TIMESTAMP '2020-02-29 12:34:56.780', 0)`,
};

const selectOf = (id: number, nulls: boolean): string =>
  `SELECT ${Object.entries(All.fields)
    .map(([name, type]) => (name === 'id' ? `${id} AS id` : `CAST(${nulls ? 'NULL' : VALUES[name as keyof typeof VALUES]} AS ${renderType(type as DataType)}) AS ${quoteIdentifier(name)}`))
    .join(', ')}`;
const QUERY = `${selectOf(1, false)} UNION ALL ${selectOf(2, true)}`;

describe('the SQL Gateway and Kafka decode the same Flink row to the same JS values', () => {
  const { kafkaBrokers, sqlGatewayUrl } = testStackEndpoints();
  const id = randomUUID().slice(0, 8);
  const topic = `it-values-${id}`;
  let client: SluiceKafka;
  let gateway: Gateway;

  beforeAll(async () => {
    client = createKafkaClient({ brokers: kafkaBrokers, clientId: 'kafka-it-values' });
    gateway = await Gateway.open(sqlGatewayUrl);
    await gateway.execute(`SET 'parallelism.default' = '1'`);
    await client.topics.apply([{ name: topic }]);
  });
  afterAll(async () => {
    await gateway?.close();
    await client?.topics.delete([topic]).catch(() => undefined);
    await client?.close();
  });

  it('one value of every DSL type, and a row of nulls', async () => {
    // Kafka: a bounded Flink job writes both rows in Flink's json format; consume reads them typed.
    await gateway.execute(`CREATE TABLE values_${id} (${columns(All.fields)}) WITH ('connector' = 'kafka', 'topic' = '${topic}', 'properties.bootstrap.servers' = '${kafkaBrokers.join(',')}', 'format' = 'json')`);
    await gateway.execute(`INSERT INTO values_${id} ${QUERY}`);
    const fromKafka: Row[] = [];
    const stream = client.consume({ topic, schema: All }, { from: 'earliest' });
    for await (const row of stream) {
      fromKafka.push(row);
      if (fromKafka.length === 2) break;
    }
    expect(stream.metrics).toMatchObject({ rows: 2, badRecords: 0 });

    // Gateway: the same SELECT, decoded by @sluice/flink-client.
    const sql = new SqlGatewayClient({ baseUrl: sqlGatewayUrl });
    const { sessionHandle } = await sql.openSession({ sessionName: `kafka-it-values-${id}` });
    const fromGateway: Record<string, unknown>[] = [];
    try {
      const { operationHandle } = await sql.executeStatement(sessionHandle, { statement: QUERY });
      for await (const page of sql.readPages(sessionHandle, operationHandle, { signal: AbortSignal.timeout(120_000) })) {
        for (const r of page.rows) fromGateway.push(Object.fromEntries(page.columns.map((c, i) => [c.name, r.fields[i]])));
      }
    } finally {
      await sql.closeSession(sessionHandle).catch(() => undefined);
    }

    const byId = (rows: readonly { id: unknown }[]): unknown[] => [...rows].sort((a, b) => Number(a.id) - Number(b.id));
    expect(byId(fromGateway as { id: unknown }[])).toEqual(byId(fromKafka));
    // And both equal the values as Sluice documents them (one table in @sluice/flink-types).
    const expected: Row = {
      id: 1,
      bo: true,
      ti: -128,
      si: 32767,
      i: -2147483648,
      bi: 9007199254740993n,
      fl: 0.1,
      db: -1.5e-7,
      dc: '1.5000',
      dw: '12345678901234567890.123456789012345678',
      s: `héllo "q" \\ 'x'`,
      vc: 'varchar',
      ch: 'ab ',
      by: new Uint8Array([0, 1, 255]),
      dt: '2024-02-29',
      tm: '23:59:58',
      ts: new Date('2024-05-01T10:00:00.120Z'),
      ts6: new Date('1999-12-31T23:59:59.123Z'),
      ltz: new Date(1714557600007),
      arr: ['a', null, ''],
      mp: new Map<string, number | null>([['k', 1], ['n', null]]),
      rw: { x: -9223372036854775807n, y: new Date('2020-02-29T12:34:56.780Z'), z: '0.00' },
    };
    const nulls = Object.fromEntries(Object.keys(All.fields).map((k) => [k, k === 'id' ? 2 : null]));
    expect(byId(fromKafka)).toEqual([expected, nulls]);
  });
});
