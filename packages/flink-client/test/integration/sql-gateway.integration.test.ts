import { testStackEndpoints } from '@sluice/stack';
import { FlinkRestClient, KeptSession, SqlGatewayClient } from '@sluice/flink-client';
import type { ResultRow } from '@sluice/flink-client';
import { freePort, silentServer } from './unreachable-server';

const ROWS = 12_000;

describe('SqlGatewayClient on the real SQL Gateway', () => {
  const { sqlGatewayUrl, flinkRestUrl } = testStackEndpoints();
  const gw = new SqlGatewayClient({ baseUrl: sqlGatewayUrl, timeoutMs: 60_000 });
  const flink = new FlinkRestClient({ baseUrl: flinkRestUrl });

  test('negotiates v4 on Flink 2.x and reports the version', async () => {
    const info = await gw.getInfo();
    expect(info.productName).toBe('Apache Flink');
    expect(info.version).toBe((await flink.flinkVersion()).text);
    expect(await gw.getApiVersion()).toEqual({ versions: ['V1', 'V2', 'V3', 'V4'] });
    expect(await gw.apiVersion()).toBe('v4');
  });

  test('session lifecycle: open with properties, configure, read config, heartbeat, complete, close', async () => {
    const { sessionHandle } = await gw.openSession({ sessionName: 'flink-client-it', properties: { 'execution.runtime-mode': 'batch', 'table.local-time-zone': 'UTC' } });
    expect((await gw.getSessionConfig(sessionHandle)).properties).toMatchObject({ 'execution.runtime-mode': 'batch', 'table.local-time-zone': 'UTC' });
    await gw.configureSession(sessionHandle, { statement: "SET 'pipeline.name' = 'flink-client-it-configured'" });
    expect((await gw.getSessionConfig(sessionHandle)).properties['pipeline.name']).toBe('flink-client-it-configured');
    await gw.triggerSession(sessionHandle);
    const { candidates } = await gw.completeStatement(sessionHandle, { statement: 'SELECT * FR', position: 11 });
    expect(candidates).toContain('FROM');
    expect(await gw.closeSession(sessionHandle)).toEqual({ status: 'CLOSED' });
    await expect(gw.getSessionConfig(sessionHandle)).rejects.toMatchObject({ code: 'FLINK_NOT_FOUND', message: `org.apache.flink.table.gateway.api.utils.SqlGatewayException: Session '${sessionHandle}' does not exist.` });
  });

  test(`bounded query: ${ROWS} rows through all pages, complete, in order, exact BIGINT > 2^53 and DECIMAL(38,18)`, async () => {
    const session = await KeptSession.open(gw, { properties: { 'execution.runtime-mode': 'batch', 'parallelism.default': '1' } });
    try {
      const sh = session.sessionHandle;
      await gw.configureSession(sh, {
        statement: `CREATE TEMPORARY TABLE seq (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${ROWS}', 'number-of-rows' = '${ROWS}')`,
      });
      const { operationHandle } = await gw.executeStatement(sh, {
        statement: `SELECT id, CAST(9007199254740993 AS BIGINT) + id AS big,
          CAST(CONCAT('99999', LPAD(CAST(id AS VARCHAR), 15, '0'), '.123456789012345678') AS DECIMAL(38, 18)) AS amount,
          IF(MOD(id, 1000) = 0, CAST(NULL AS VARCHAR), CAST(id AS VARCHAR)) AS maybe
          FROM seq ORDER BY id`,
      });
      const rows: ResultRow[] = [];
      let pages = 0;
      for await (const page of gw.readPages(sh, operationHandle)) {
        pages++;
        expect(page.columns.map((c) => `${c.name}:${c.logicalType.type}`)).toEqual(['id:BIGINT', 'big:BIGINT', 'amount:DECIMAL', 'maybe:VARCHAR']);
        rows.push(...page.rows);
      }
      await gw.closeOperation(sh, operationHandle);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(rows).toHaveLength(ROWS);
      rows.forEach((row, i) => {
        const id = BigInt(i + 1);
        const expected = [id, 9007199254740993n + id, `99999${String(i + 1).padStart(15, '0')}.123456789012345678`, (i + 1) % 1000 === 0 ? null : String(i + 1)];
        if (row.kind !== 'INSERT' || row.fields.some((v, k) => v !== expected[k])) throw new Error(`row ${i} is ${JSON.stringify(row, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
      });
      expect(rows[ROWS - 1]?.fields).toEqual([12000n, 9007199254752993n, '99999000000000012000.123456789012345678', null]);
    } finally {
      await session.close();
    }
  });

  test('streaming SELECT read incrementally across pages, then cancelled (its Flink job too)', async () => {
    const { sessionHandle: sh } = await gw.openSession({ properties: { 'execution.runtime-mode': 'streaming', 'parallelism.default': '1' } });
    try {
      // The sequence generator keeps its whole range in memory: keep the range small (20,000 at 200/s).
      await gw.configureSession(sh, {
        statement: "CREATE TEMPORARY TABLE ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '200', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '20000')",
      });
      const { operationHandle } = await gw.executeStatement(sh, { statement: 'SELECT id FROM ticks' });
      const ids: bigint[] = [];
      let jobId: string | undefined;
      let pagesWithRows = 0;
      for await (const page of gw.readPages(sh, operationHandle)) {
        jobId ??= page.jobId;
        if (page.rows.length > 0) pagesWithRows++;
        ids.push(...page.rows.map((r) => r.fields[0] as bigint));
        if (ids.length >= 300 && pagesWithRows >= 2) break;
      }
      expect(pagesWithRows).toBeGreaterThan(1);
      expect(ids.slice(0, 300)).toEqual(Array.from({ length: 300 }, (_, i) => BigInt(i + 1)));
      // A streaming SELECT's operation is FINISHED as soon as its job runs, so the gateway refuses
      // cancel (FINISHED -> CANCELED); closing the operation is what stops the job.
      expect(await gw.getOperationStatus(sh, operationHandle)).toEqual({ status: 'FINISHED' });
      await expect(gw.cancelOperation(sh, operationHandle)).rejects.toMatchObject({ code: 'FLINK_CONFLICT' });
      expect(await gw.closeOperation(sh, operationHandle)).toEqual({ status: 'CLOSED' });
      expect(jobId).toMatch(/^[0-9a-f]{32}$/);
      expect(await flink.waitForJobStatus(jobId as string, ['CANCELED'])).toBe('CANCELED');
    } finally {
      await gw.closeSession(sh);
    }
  });

  test('an invalid statement gives FLINK_SQL_ERROR whose message is the root-cause line', async () => {
    const { sessionHandle: sh } = await gw.openSession({});
    try {
      const rows = gw.query(sh, 'SELECT * FROM no_such_table_anywhere');
      const error = await (async () => {
        for await (const row of rows) void row;
      })().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'FLINK_SQL_ERROR', message: "org.apache.calcite.sql.validate.SqlValidatorException: Object 'no_such_table_anywhere' not found" });
      const full = (error as { details: { serverErrors: string[] } }).details.serverErrors.join('\n');
      const causes = full.split('\n').filter((l) => l.startsWith('Caused by: '));
      expect((error as Error).message).toBe(causes[causes.length - 1]?.slice('Caused by: '.length));
      expect(full).toContain('End of exception on server side');
    } finally {
      await gw.closeSession(sh);
    }
  });

  test('KeptSession reopens a session the gateway dropped and replays its setup', async () => {
    const replayed: string[] = [];
    const session = await KeptSession.open(gw, { properties: { 'execution.runtime-mode': 'batch' } }, {
      onReopen: async (sh) => {
        await gw.configureSession(sh, { statement: "SET 'pipeline.name' = 'replayed'" });
        replayed.push(sh);
      },
    });
    const first = session.sessionHandle;
    await gw.closeSession(first); // as if the idle timeout had dropped it
    const config = await session.run((sh) => gw.getSessionConfig(sh));
    expect(session.reopenCount).toBe(1);
    expect(session.sessionHandle).not.toBe(first);
    expect(replayed).toEqual([session.sessionHandle]);
    expect(config.properties['pipeline.name']).toBe('replayed');
    await session.close();
  });
});

describe('SqlGatewayClient when the gateway is down or hangs', () => {
  test('nothing listening: FLINK_UNAVAILABLE, and the failed negotiation is retried by the next call', async () => {
    const gw = new SqlGatewayClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, retry: { retries: 1, minDelayMs: 10, maxDelayMs: 20 } });
    await expect(gw.openSession()).rejects.toMatchObject({ code: 'FLINK_UNAVAILABLE', details: { networkCode: 'ECONNREFUSED', attempts: 2 } });
    await expect(gw.getInfo()).rejects.toMatchObject({ code: 'FLINK_UNAVAILABLE' });
  });

  test('accepts but never answers: FLINK_TIMEOUT within the configured timeout, statement sent once', async () => {
    const server = await silentServer();
    try {
      const gw = new SqlGatewayClient({ baseUrl: server.url, timeoutMs: 300, apiVersion: 'v4', retry: { retries: 0 } });
      await expect(gw.executeStatement('s', { statement: 'INSERT INTO t SELECT 1' })).rejects.toMatchObject({ code: 'FLINK_TIMEOUT', message: `no answer from Flink within 300 ms (GET ${server.url}/v1/api_versions)` });
      expect(server.requests).toEqual(['GET /v1/api_versions HTTP/1.1']);
    } finally {
      await server.close();
    }
  });
});
