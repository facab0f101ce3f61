import { KeptSession, SqlGatewayClient } from '@sluice/flink-client';
import type { ResultPage } from '@sluice/flink-client';
import { fakeAdapter } from './helpers/fake-adapter';
import type { SeenRequest } from './helpers/fake-adapter';

const SH = '11111111-2222-3333-4444-555555555555';
const OH = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const COLUMNS = [{ name: 'id', logicalType: { type: 'BIGINT', nullable: false }, comment: null }];
const uri = (token: number, version = 'v4'): string => `/${version}/sessions/${SH}/operations/${OH}/result/${token}?rowFormat=JSON`;

function versions(list: string[]) {
  return (req: SeenRequest) => (req.path === '/v1/api_versions' ? { status: 200, body: { versions: list } } : undefined);
}

describe('SqlGatewayClient', () => {
  test('negotiates the highest common version and prefixes every call with it', async () => {
    const v = versions(['V1', 'V2', 'V3']);
    const { adapter, seen } = fakeAdapter((req) => v(req) ?? { status: 200, body: { sessionHandle: SH } });
    const gw = new SqlGatewayClient({ baseUrl: 'http://gw:8083', adapter });
    await gw.openSession({ sessionName: 'sluice', properties: { 'execution.runtime-mode': 'batch' } });
    expect(await gw.apiVersion()).toBe('v3');
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/api_versions', 'POST /v3/sessions']);
    expect(seen[1]?.body).toEqual({ sessionName: 'sluice', properties: { 'execution.runtime-mode': 'batch' } });
  });

  test('deploy-script needs v4; refresh-materialized-table always goes to /v3', async () => {
    const v = versions(['V1', 'V2', 'V3', 'V4']);
    const { adapter, seen } = fakeAdapter((req) => v(req) ?? { status: 200, body: { operationHandle: OH } });
    const gw = new SqlGatewayClient({ baseUrl: 'http://gw:8083', adapter });
    await gw.refreshMaterializedTable(SH, 'cat.db.mt', { isPeriodic: false, scheduleTime: '2024-01-01 00:00:00' });
    expect(seen[1]?.path).toBe(`/v3/sessions/${SH}/materialized-tables/cat.db.mt/refresh`);
    const old = new SqlGatewayClient({ baseUrl: 'http://gw:8083', adapter: fakeAdapter((req) => versions(['V1', 'V2', 'V3'])(req) ?? { status: 500 }).adapter });
    await expect(old.deployScript(SH, { script: 'INSERT INTO t SELECT 1;' })).rejects.toMatchObject({ code: 'FLINK_UNSUPPORTED' });
  });

  test('complete-statement is a GET with a JSON body; v1 fetches carry no rowFormat', async () => {
    const v = versions(['V1', 'V2', 'V3', 'V4']);
    const { adapter, seen } = fakeAdapter((req) => v(req) ?? { status: 200, body: { candidates: ['SELECT'] } });
    const gw = new SqlGatewayClient({ baseUrl: 'http://gw:8083', adapter });
    expect(await gw.completeStatement(SH, { statement: 'SEL', position: 3 })).toEqual({ candidates: ['SELECT'] });
    expect(seen[1]).toMatchObject({ method: 'GET', path: `/v4/sessions/${SH}/complete-statement`, body: { statement: 'SEL', position: 3 } });
    const v1 = fakeAdapter((req) => versions(['V1', 'V2'])(req) ?? { status: 200, body: { resultType: 'EOS', results: { columns: [], rowFormat: 'JSON', data: [] } } });
    await new SqlGatewayClient({ baseUrl: 'http://gw:8083', adapter: v1.adapter, apiVersion: 'v1' }).fetchResults(SH, OH, 0);
    expect(v1.seen[1]?.url).toBe(`/v1/sessions/${SH}/operations/${OH}/result/0`);
  });

  test('readPages: token 0, then nextResultUri; NOT_READY and empty pages polled again; stops at EOS', async () => {
    const script = [
      { resultType: 'NOT_READY', nextResultUri: uri(0) },
      { resultType: 'PAYLOAD', isQueryResult: true, jobID: 'j1', resultKind: 'SUCCESS_WITH_CONTENT', results: { columns: COLUMNS, rowFormat: 'JSON', data: [{ kind: 'INSERT', fields: ['__BIG__'] }] }, nextResultUri: uri(1) },
      { resultType: 'PAYLOAD', results: { columns: COLUMNS, rowFormat: 'JSON', data: [] }, nextResultUri: uri(2) },
      { resultType: 'PAYLOAD', results: { columns: COLUMNS, rowFormat: 'JSON', data: [{ kind: 'INSERT', fields: [2] }, { kind: 'INSERT', fields: [3] }] }, nextResultUri: uri(3) },
      { resultType: 'EOS', results: { columns: COLUMNS, rowFormat: 'JSON', data: [] } },
    ];
    const v = versions(['V1', 'V2', 'V3', 'V4']);
    // Bodies are sent as raw text so that 9007199254740993 reaches the client unrounded.
    const text = (i: number) => JSON.stringify(script[i]).replace('"__BIG__"', '9007199254740993');
    const { adapter, seen } = fakeAdapter((req, i) => v(req) ?? { status: 200, body: text(i - 1) });
    const gw = new SqlGatewayClient({ baseUrl: 'http://gw:8083/prefix', adapter });
    const pages: ResultPage[] = [];
    for await (const page of gw.readPages(SH, OH, { pollMinMs: 1, pollMaxMs: 2 })) pages.push(page);
    expect(seen.slice(1).map((r) => r.url)).toEqual([uri(0), uri(0), uri(1), uri(2), uri(3)]);
    expect(pages.map((p) => [p.token, p.rows.map((r) => r.fields[0])])).toEqual([[0, [9007199254740993n]], [2, [2n, 3n]]]);
    expect(pages[0]).toMatchObject({ jobId: 'j1', isQueryResult: true, resultKind: 'SUCCESS_WITH_CONTENT', columns: COLUMNS });
  });

  test('query() cancels and closes the operation when the reader stops early', async () => {
    const v = versions(['V4']);
    const { adapter, seen } = fakeAdapter((req) => {
      const versionAnswer = v(req);
      if (versionAnswer) return versionAnswer;
      if (req.path.endsWith('/statements')) return { status: 200, body: { operationHandle: OH } };
      if (req.path.includes('/result/')) return { status: 200, body: { resultType: 'PAYLOAD', results: { columns: COLUMNS, rowFormat: 'JSON', data: [{ kind: 'INSERT', fields: [1] }] }, nextResultUri: uri(Number(req.path.split('/').pop()) + 1) } };
      return { status: 200, body: { status: req.path.endsWith('/cancel') ? 'CANCELED' : 'CLOSED' } };
    });
    const gw = new SqlGatewayClient({ baseUrl: 'http://gw:8083', adapter });
    let n = 0;
    for await (const row of gw.query(SH, 'SELECT * FROM endless', { pollMinMs: 1 })) {
      expect(row.fields).toEqual([1n]);
      if (++n === 3) break;
    }
    expect(seen.slice(-2).map((r) => `${r.method} ${r.path}`)).toEqual([`POST /v4/sessions/${SH}/operations/${OH}/cancel`, `DELETE /v4/sessions/${SH}/operations/${OH}/close`]);
    expect(seen.find((r) => r.path.endsWith('/statements'))?.body).toEqual({ statement: 'SELECT * FROM endless' });
  });

  test('KeptSession reopens a session the gateway dropped and replays setup', async () => {
    const v = versions(['V4']);
    let opened = 0;
    const replayed: string[] = [];
    const { adapter, seen } = fakeAdapter((req) => {
      const versionAnswer = v(req);
      if (versionAnswer) return versionAnswer;
      if (req.method === 'POST' && req.path === '/v4/sessions') return { status: 200, body: { sessionHandle: `s${++opened}` } };
      if (req.path.startsWith('/v4/sessions/s1/')) return { status: 500, body: { errors: ['Internal server error.', "<Exception on server side:\nx.SqlGatewayException: Session 's1' does not exist.\n>"] } };
      return { status: 200, body: {} };
    });
    const gw = new SqlGatewayClient({ baseUrl: 'http://gw:8083', adapter });
    const session = await KeptSession.open(gw, { properties: { a: 'b' } }, { heartbeatIntervalMs: 3_600_000, onReopen: async (sh) => void replayed.push(sh) });
    await session.heartbeat();
    expect(session.sessionHandle).toBe('s2');
    expect(session.reopenCount).toBe(1);
    expect(replayed).toEqual(['s2']);
    expect(seen.filter((r) => r.path === '/v4/sessions').map((r) => r.body)).toEqual([{ properties: { a: 'b' } }, { properties: { a: 'b' } }]);
    await session.close();
    expect(seen[seen.length - 1]).toMatchObject({ method: 'DELETE', path: '/v4/sessions/s2' });
  });
});
